using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>RFC 6120 §7.7.2.2 with c2s.resource_conflict = "refuse": the bind of a resource in use fails with conflict.</summary>
public sealed class ResourceConflict_Refuse_Tests(RefusingServer fixture, ITestOutputHelper output) : IClassFixture<RefusingServer>
{
    private readonly ParleyServer _server = fixture.Server;

    [Fact]
    public Task Slixmpp_bind_of_a_resource_in_use_is_refused_with_conflict()
        => SecondBindIsRefused(ClientLibrary.Slixmpp);

    [Fact]
    public Task Aioxmpp_bind_of_a_resource_in_use_is_refused_with_conflict()
        => SecondBindIsRefused(ClientLibrary.Aioxmpp);

    private Task SecondBindIsRefused(ClientLibrary library) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var jid = Accounts.Alice.At($"phone-{library}".ToLowerInvariant());
        var first = scenario.Session(library, jid, Accounts.Alice.Password);
        Assert.Equal(jid, (await first.ExpectAsync("bound"))["jid"]);

        var second = scenario.Session(library, jid, Accounts.Alice.Password);
        var refused = await second.ExpectAsync("bind-failed");
        Assert.Equal("conflict", refused["condition"]);   // RFC 6120 §7.6.2.2
        await second.ExpectExitAsync();

        // The first session is untouched: a message to its resource still arrives there.
        await first.SendMessageAsync(jid, "still mine");
        var echo = await first.ExpectAsync("message");
        Assert.Equal(jid, echo["from"]);
        Assert.Equal("still mine", echo["body"]);
        await first.QuitAsync();
        await first.ExpectAsync("closed");
        await first.ExpectExitAsync();
    });
}

using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>RFC 6120 §7.7.2.2 with c2s.resource_conflict = "replace": the newer session wins, the older is closed.</summary>
public sealed class ResourceConflict_Replace_Tests(ReplacingServer fixture, ITestOutputHelper output) : IClassFixture<ReplacingServer>
{
    private readonly ParleyServer _server = fixture.Server;

    [Fact]
    public Task Slixmpp_session_is_closed_with_conflict_when_its_resource_is_bound_again()
        => OlderSessionIsReplaced(ClientLibrary.Slixmpp);

    [Fact]
    public Task Aioxmpp_session_is_closed_with_conflict_when_its_resource_is_bound_again()
        => OlderSessionIsReplaced(ClientLibrary.Aioxmpp);

    private Task OlderSessionIsReplaced(ClientLibrary library) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var jid = Accounts.Alice.At($"phone-{library}".ToLowerInvariant());
        var first = scenario.Session(library, jid, Accounts.Alice.Password);
        Assert.Equal(jid, (await first.ExpectAsync("bound"))["jid"]);

        var second = scenario.Session(library, jid, Accounts.Alice.Password);
        Assert.Equal(jid, (await second.ExpectAsync("bound"))["jid"]);

        var kicked = await first.ExpectAsync("stream-error");
        Assert.Equal("conflict", kicked["condition"]);
        await first.ExpectExitAsync();

        // The resource now belongs to the second session: a message to it arrives there.
        await second.SendMessageAsync(jid, "still mine");
        var echo = await second.ExpectAsync("message");
        Assert.Equal(jid, echo["from"]);
        Assert.Equal("still mine", echo["body"]);
        await second.QuitAsync();
        await second.ExpectAsync("closed");
        await second.ExpectExitAsync();
    });
}

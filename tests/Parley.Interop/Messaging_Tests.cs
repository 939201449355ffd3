using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>RFC 6121 §5 chat messages between full JIDs; the server stamps from (RFC 6120 §8.1.2.1).</summary>
public sealed class Messaging_Tests(ReplacingServer fixture, ITestOutputHelper output) : IClassFixture<ReplacingServer>
{
    // Markup characters must arrive escaped and back, and non-ASCII text intact (RFC 6120 §11.6).
    private const string Tricky = "<b>&amp; \"quotes\" 'apostrophes' — grüße, 你好, 🎉";

    private readonly ParleyServer _server = fixture.Server;

    [Fact]
    public Task Slixmpp_and_aioxmpp_exchange_messages_both_ways()
        => ExchangeMessages(ClientLibrary.Slixmpp, ClientLibrary.Aioxmpp);

    [Fact]
    public Task Two_slixmpp_clients_exchange_messages_both_ways()
        => ExchangeMessages(ClientLibrary.Slixmpp, ClientLibrary.Slixmpp);

    [Fact]
    public Task Two_aioxmpp_clients_exchange_messages_both_ways()
        => ExchangeMessages(ClientLibrary.Aioxmpp, ClientLibrary.Aioxmpp);

    private Task ExchangeMessages(ClientLibrary aliceLibrary, ClientLibrary bobLibrary) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var resource = $"chat-{aliceLibrary}-{bobLibrary}".ToLowerInvariant();
        var alice = scenario.Session(aliceLibrary, Accounts.Alice.At(resource), Accounts.Alice.Password);
        var bob = scenario.Session(bobLibrary, Accounts.Bob.At(resource), Accounts.Bob.Password, TlsMode.DirectTls);
        var aliceJid = (await alice.ExpectAsync("bound"))["jid"]!;
        var bobJid = (await bob.ExpectAsync("bound"))["jid"]!;

        await alice.SendMessageAsync(bobJid, $"Hello Bob, from {aliceLibrary}. {Tricky}");
        await bob.SendMessageAsync(aliceJid, $"Hello Alice, from {bobLibrary}. {Tricky}");

        var atBob = await bob.ExpectAsync("message");
        Assert.Equal(aliceJid, atBob["from"]);
        Assert.Equal("chat", atBob["type"]);
        Assert.Equal($"Hello Bob, from {aliceLibrary}. {Tricky}", atBob["body"]);
        var atAlice = await alice.ExpectAsync("message");
        Assert.Equal(bobJid, atAlice["from"]);
        Assert.Equal("chat", atAlice["type"]);
        Assert.Equal($"Hello Alice, from {bobLibrary}. {Tricky}", atAlice["body"]);

        await alice.QuitAsync();
        await bob.QuitAsync();
        await alice.ExpectAsync("closed");
        await bob.ExpectAsync("closed");
        await alice.ExpectExitAsync();
        await bob.ExpectExitAsync();
    });
}

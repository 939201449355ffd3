using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>
/// XEP-0030 for accounts: the server answers disco#info and disco#items sent to a bare JID (§3.1, §4.1), but only
/// to those allowed to see the account's presence (§8).
/// </summary>
public sealed class AccountDisco_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        foreach (var user in new[] { "alice", "bob", "carol" })
            await _server.AddUserAsync(user, "pw");
        // Bob may see Alice's presence; Carol is in Alice's roster, but Alice is not in hers (subscription 'to').
        await _server.BefriendAsync("alice", "bob");
        await _server.SeedAsync("alice", "carol@localhost", new SubscriptionState(Subscription.To));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Info(string to, string id = "i1") => $"<iq type='get' id='{id}' to='{to}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>";

    private static string Items(string to, string id = "i2") => $"<iq type='get' id='{id}' to='{to}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>";

    [Theory]
    [InlineData("alice")]
    [InlineData("bob")]
    public async Task The_account_and_its_subscribers_learn_it_is_a_registered_account(string asker)
    {
        // §3.1: the server answers for the bare JID; the primary identity is account/registered.
        await using var client = await _server.LoginAsync(asker, "pw");

        var reply = await client.RequestAsync(Info("alice@localhost"), "i1");

        Assert.Equal(("result", "alice@localhost"), (reply.Attribute("type"), reply.Attribute("from")));
        var identity = reply.Child("query", Namespaces.DiscoInfo)!.Child("identity", Namespaces.DiscoInfo)!;
        Assert.Equal(("account", "registered"), (identity.Attribute("category"), identity.Attribute("type")));
        Assert.Contains(reply.Child("query", Namespaces.DiscoInfo)!.Elements(), f => f.Attribute("var") == Namespaces.DiscoInfo);
    }

    [Theory]
    [InlineData("carol", "alice@localhost")] // Alice exists; Carol is not subscribed to her presence
    [InlineData("bob", "carol@localhost")] // Carol exists; Bob is in no roster of hers
    [InlineData("bob", "nobody@localhost")] // no such account
    public async Task Whoever_may_not_see_the_presence_gets_service_unavailable_as_for_an_account_that_does_not_exist(string asker, string to)
    {
        // §8: service-unavailable both when the account does not exist and when the asker is not subscribed,
        // so that the answer cannot be used to harvest accounts.
        await using var client = await _server.LoginAsync(asker, "pw");

        var reply = await client.RequestAsync(Info(to), "i1");

        Assert.Equal("service-unavailable", reply.ErrorCondition());
    }

    [Fact]
    public async Task Items_are_the_available_resources_for_subscribers_and_nothing_for_strangers()
    {
        // §4.1 and §8: the available resources, to those who may see them; an empty list to anyone else.
        await using var desk = await _server.LoginAsync("alice", "pw", "desk");
        await desk.SendAsync("<presence/>");
        await desk.SyncAsync();
        await using var idle = await _server.LoginAsync("alice", "pw", "idle");
        await using var bob = await _server.LoginAsync("bob", "pw");
        await using var carol = await _server.LoginAsync("carol", "pw");

        var forBob = await bob.RequestAsync(Items("alice@localhost"), "i2");
        var forCarol = await carol.RequestAsync(Items("alice@localhost"), "i2");

        Assert.Equal(["alice@localhost/desk"], forBob.Child("query", Namespaces.DiscoItems)!.Elements().Select(i => i.Attribute("jid")));
        Assert.Equal("result", forCarol.Attribute("type"));
        Assert.Empty(forCarol.Child("query", Namespaces.DiscoItems)!.Nodes);
    }
}

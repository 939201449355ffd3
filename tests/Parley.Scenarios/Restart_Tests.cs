using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

/// <summary>What the contacts work keeps survives a restart: rosters, their versions, pending requests, blocklists.</summary>
public sealed class Restart_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        foreach (var user in new[] { "alice", "bob" })
            await _server.AddUserAsync(user, "pw");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rosters_pending_requests_and_blocklists_survive_a_restart()
    {
        string version;
        await using (var alice = await _server.LoginAvailableAsync("alice", "pw", "desk"))
        {
            await alice.GetRosterAsync(ver: "");
            await alice.RequestAsync("<iq type='set' id='s1'><query xmlns='jabber:iq:roster'><item jid='carol@example.com' name='Carol'><group>Work</group></item></query></iq>", "s1");
            // Bob is offline: the request waits for him (RFC 6121 §3.1.3).
            await alice.SendAsync("<presence to='bob@localhost' type='subscribe'><status>Alice here</status></presence>");
            await alice.RequestAsync("<iq type='set' id='b1'><block xmlns='urn:xmpp:blocking'><item jid='mallory@example.com'/></block></iq>", "b1");
            await alice.SyncAsync();
            version = (await alice.GetRosterAsync(ver: "", id: "r2")).Child("query", Namespaces.Roster)!.Attribute("ver")!;
        }

        _server = await _server.RestartAsync();

        await using var after = await _server.LoginAsync("alice", "pw", "desk");
        // The version still names this roster: nothing changed, so nothing is sent (§2.6.3) ...
        Assert.Empty((await after.GetRosterAsync(ver: version)).Nodes);
        // ... and the roster is as it was.
        var items = (await after.GetRosterAsync(id: "r2")).Items().ToDictionary(i => i.Attribute("jid")!);
        Assert.Equal(("Carol", "Work"), (items["carol@example.com"].Attribute("name"), items["carol@example.com"].Elements().Single().Text));
        Assert.Equal(("none", "subscribe"), (items["bob@localhost"].Attribute("subscription"), items["bob@localhost"].Attribute("ask")));
        var blocklist = await after.RequestAsync("<iq type='get' id='bl'><blocklist xmlns='urn:xmpp:blocking'/></iq>", "bl");
        Assert.Equal("mallory@example.com", blocklist.Child("blocklist", Namespaces.Blocking)!.Elements().Single().Attribute("jid"));
        await after.SendAsync("<message to='mallory@example.com' id='m1'><body>x</body></message>");
        Assert.Equal("not-acceptable", Assert.Single(await after.SyncAsync()).ErrorCondition());

        // Bob gets the request that waited through the restart, with what Alice wrote.
        await using var bob = await _server.LoginAsync("bob", "pw", "phone");
        await bob.SendAsync("<presence/>");
        var request = Assert.Single(await bob.SyncAsync(), e => e.IsPresence("subscribe"));
        Assert.Equal(("alice@localhost", "Alice here"), (request.Attribute("from"), request.Child("status", Namespaces.Client)!.Text));
    }
}

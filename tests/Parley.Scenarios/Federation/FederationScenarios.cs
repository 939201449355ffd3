using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Streams.S2s;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios.Federation;

/// <summary>
/// Two Parley servers, a.test and b.test, federating over loopback: what users of one see of users of the other.
/// Run with both authentication methods (the derived classes): the flows must not depend on which one it was.
/// </summary>
public abstract class FederationScenarios : IAsyncLifetime
{
    private protected FederatedServers Servers { get; private set; } = null!;

    private protected abstract bool Trusted { get; }

    private protected abstract S2sAuthMethod ExpectedMethod { get; }

    public async Task InitializeAsync()
    {
        Servers = await FederatedServers.StartAsync(Trusted);
        await Servers.A.AddUserAsync("alice", "wonderland");
        await Servers.B.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await Servers.DisposeAsync();

    private static S2sAuthMethod? AuthMethod(TestServer server, string local, string remote)
        => server.Services.GetRequiredService<S2sManager>().Routes.Single(r => r.Local == local && r.Remote == remote).Ready?.Auth;

    private static async Task<TestClient> OnlineAsync(TestServer server, string user, string password, string resource)
    {
        var client = await server.LoginAvailableAsync(user, password, resource);
        await client.GetRosterAsync();
        await client.SyncAsync();
        return client;
    }

    [Fact]
    public async Task Messages_cross_both_ways()
    {
        await using var alice = await Servers.A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var bob = await Servers.B.LoginAvailableAsync("bob", "builder", "work");

        await alice.SendAsync("<message to='bob@b.test' type='chat' id='m1'><body>hello from a</body></message>");
        var atBob = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal(("alice@a.test/home", "bob@b.test"), (atBob.Attribute("from"), atBob.Attribute("to")));
        Assert.Equal("hello from a", atBob.Child("body", Namespaces.Client)?.Text);

        await bob.SendAsync("<message to='alice@a.test/home' type='chat' id='m2'><body>hello from b</body></message>");
        var atAlice = await alice.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("bob@b.test/work", atAlice.Attribute("from"));
        Assert.Equal("hello from b", atAlice.Child("body", Namespaces.Client)?.Text);

        // Each direction has its own stream, authenticated as the certificates allow.
        Assert.Equal(ExpectedMethod, AuthMethod(Servers.A, "a.test", "b.test"));
        Assert.Equal(ExpectedMethod, AuthMethod(Servers.B, "b.test", "a.test"));
    }

    [Fact]
    public async Task Subscription_handshake_across_servers_ends_in_both_and_presence_follows()
    {
        await using var alice = await OnlineAsync(Servers.A, "alice", "wonderland", "home");
        await using var bob = await OnlineAsync(Servers.B, "bob", "builder", "work");

        // RFC 6121 §3.1: Alice asks, Bob approves ...
        await alice.SendAsync("<presence to='bob@b.test' type='subscribe'/>");
        var request = await bob.WaitForAsync(e => e.IsPresence("subscribe"), "the subscription request");
        Assert.Equal("alice@a.test", request.Attribute("from"));
        await bob.SendAsync("<presence to='alice@a.test' type='subscribed'/>");
        await alice.WaitForAsync(e => e.IsPresence("subscribed") && e.Attribute("from") == "bob@b.test", "the approval");
        // ... §3.1.6: and his presence follows the approval.
        await alice.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "bob@b.test/work", "Bob's presence");

        // The other way round.
        await bob.SendAsync("<presence to='alice@a.test' type='subscribe'/>");
        await alice.WaitForAsync(e => e.IsPresence("subscribe") && e.Attribute("from") == "bob@b.test", "Bob's request");
        await alice.SendAsync("<presence to='bob@b.test' type='subscribed'/>");
        await bob.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "alice@a.test/home", "Alice's presence");

        var aliceRoster = (await alice.GetRosterAsync(id: "r2")).Items();
        Assert.Equal("both", Assert.Single(aliceRoster, i => i.Attribute("jid") == "bob@b.test").Attribute("subscription"));
        var bobRoster = (await bob.GetRosterAsync(id: "r2")).Items();
        Assert.Equal("both", Assert.Single(bobRoster, i => i.Attribute("jid") == "alice@a.test").Attribute("subscription"));

        // §4.4: a presence update reaches the subscribed contact on the other server ...
        await bob.SendAsync("<presence><show>away</show><status>lunch</status></presence>");
        var update = await alice.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "bob@b.test/work"
            && e.Child("show", Namespaces.Client)?.Text == "away", "Bob's update");
        Assert.Equal("lunch", update.Child("status", Namespaces.Client)?.Text);
        // ... §4.5: and so does going offline.
        await bob.DisposeAsync();
        await alice.WaitForAsync(e => e.IsPresence("unavailable") && e.Attribute("from") == "bob@b.test/work", "Bob's unavailable");
    }

    [Fact]
    public async Task Contacts_on_the_other_server_are_probed_at_login()
    {
        await Servers.A.SeedAsync("alice", "bob@b.test", new SubscriptionState(Subscription.Both));
        await Servers.B.SeedAsync("bob", "alice@a.test", new SubscriptionState(Subscription.Both));
        await using var bob = await OnlineAsync(Servers.B, "bob", "builder", "work");

        // RFC 6121 §4.3: Alice's initial presence probes Bob over federation; his server answers with his presence.
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");
        await alice.SendAsync("<presence/>");
        await alice.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "bob@b.test/work", "Bob's presence");
        await bob.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "alice@a.test/home", "Alice's presence");
    }

    [Fact]
    public async Task Iq_ping_and_version_to_the_other_server_are_answered()
    {
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");

        await alice.SendAsync("<iq type='get' to='b.test' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
        var pong = await alice.WaitForAsync(e => e.Attribute("id") == "p1", "the ping result");
        Assert.Equal(("result", "b.test"), (pong.Attribute("type"), pong.Attribute("from")));

        await alice.SendAsync("<iq type='get' to='b.test' id='v1'><query xmlns='jabber:iq:version'/></iq>");
        var version = await alice.WaitForAsync(e => e.Attribute("id") == "v1", "the version result");
        Assert.Equal("result", version.Attribute("type"));
        Assert.Equal("Parley", version.Child("query", Namespaces.Version)?.Child("name", Namespaces.Version)?.Text);

        // XEP-0199 §4.2 / RFC 6121 §8.5.2.1.2: the server answers for an account, also to someone elsewhere.
        await alice.SendAsync("<iq type='get' to='bob@b.test' id='p2'><ping xmlns='urn:xmpp:ping'/></iq>");
        var accountPong = await alice.WaitForAsync(e => e.Attribute("id") == "p2", "the account ping result");
        Assert.Equal(("result", "bob@b.test"), (accountPong.Attribute("type"), accountPong.Attribute("from")));
    }

    [Fact]
    public async Task Disco_and_vcard_of_the_other_server_and_its_users_are_answered()
    {
        await Servers.A.SeedAsync("alice", "bob@b.test", new SubscriptionState(Subscription.Both));
        await Servers.B.SeedAsync("bob", "alice@a.test", new SubscriptionState(Subscription.Both));
        await using var bob = await Servers.B.LoginAsync("bob", "builder", "work");
        await bob.SendAsync("<iq type='set' id='v'><vCard xmlns='vcard-temp'><FN>Bob Builder</FN></vCard></iq>");
        await bob.WaitForAsync(e => e.Attribute("id") == "v", "the vCard stored");
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");

        // XEP-0030: the server's identity ...
        await alice.SendAsync("<iq type='get' to='b.test' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        var info = await alice.WaitForAsync(e => e.Attribute("id") == "d1", "the server's disco#info");
        Assert.Equal("server", info.Child("query", Namespaces.DiscoInfo)?.Child("identity", Namespaces.DiscoInfo)?.Attribute("category"));
        // ... and the account's, to a contact allowed to see its presence (§8).
        await alice.SendAsync("<iq type='get' to='bob@b.test' id='d2'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        var account = await alice.WaitForAsync(e => e.Attribute("id") == "d2", "the account's disco#info");
        Assert.Equal(("result", "account"), (account.Attribute("type"),
            account.Child("query", Namespaces.DiscoInfo)?.Child("identity", Namespaces.DiscoInfo)?.Attribute("category")));

        // XEP-0054 §3.2: anyone may fetch a user's vCard, from anywhere.
        await alice.SendAsync("<iq type='get' to='bob@b.test' id='vc'><vCard xmlns='vcard-temp'/></iq>");
        var vcard = await alice.WaitForAsync(e => e.Attribute("id") == "vc", "Bob's vCard");
        Assert.Equal("Bob Builder", vcard.Child("vCard", Namespaces.VCardTemp)?.Child("FN", Namespaces.VCardTemp)?.Text);
    }

    [Fact]
    public async Task Directed_presence_to_someone_elsewhere_is_ended_by_unavailable_at_logout()
    {
        await using var bob = await Servers.B.LoginAvailableAsync("bob", "builder", "work");
        await using (var alice = await Servers.A.LoginAvailableAsync("alice", "wonderland", "home"))
        {
            // RFC 6121 §4.6: no subscription, just presence sent straight to Bob's resource.
            await alice.SendAsync("<presence to='bob@b.test/work'><show>chat</show></presence>");
            await bob.WaitForAsync(e => e.IsPresence() && e.Attribute("from") == "alice@a.test/home", "Alice's directed presence");
        }
        // §4.6.3: her server tells Bob she is gone when her session ends.
        await bob.WaitForAsync(e => e.IsPresence("unavailable") && e.Attribute("from") == "alice@a.test/home", "Alice's unavailable");
    }

    [Fact]
    public async Task Iq_between_users_crosses_and_the_answer_returns()
    {
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");
        await using var bob = await Servers.B.LoginAsync("bob", "builder", "work");

        await alice.SendAsync("<iq type='get' to='bob@b.test/work' id='q1'><query xmlns='jabber:iq:version'/></iq>");
        var request = await bob.WaitForAsync(e => e.Attribute("id") == "q1", "the request");
        Assert.Equal("alice@a.test/home", request.Attribute("from"));
        await bob.SendAsync("<iq type='result' to='alice@a.test/home' id='q1'><query xmlns='jabber:iq:version'><name>Bob's client</name><version>1</version></query></iq>");
        var answer = await alice.WaitForAsync(e => e.Attribute("id") == "q1", "the answer");
        Assert.Equal(("result", "bob@b.test/work"), (answer.Attribute("type"), answer.Attribute("from")));
    }

    [Fact]
    public async Task A_message_for_an_offline_user_is_stored_and_delivered_at_login()
    {
        await using (var alice = await Servers.A.LoginAsync("alice", "wonderland", "home"))
        {
            await alice.SendAsync("<message to='bob@b.test' type='chat' id='o1'><body>while you were out</body></message>");
            await alice.SendAsync("<iq type='get' to='b.test' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");
            // The ping crosses after the message on the same stream: once it is answered the message is stored.
            await alice.WaitForAsync(e => e.Attribute("id") == "after", "the ping after the message");
        }
        await using var bob = await Servers.B.LoginAsync("bob", "builder", "work");
        await bob.SendAsync("<presence/>");
        var stored = await bob.WaitForAsync(e => e.Is("message", Namespaces.Client), "the stored message");
        Assert.Equal("while you were out", stored.Child("body", Namespaces.Client)?.Text);
        Assert.Equal("alice@a.test/home", stored.Attribute("from"));
    }

    [Fact]
    public async Task A_message_to_an_unknown_user_there_bounces_back_with_service_unavailable()
    {
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");
        await alice.SendAsync("<message to='nobody@b.test' type='chat' id='u1'><body>anyone?</body></message>");
        var bounce = await alice.WaitForAsync(e => e.Attribute("id") == "u1", "the bounce");
        Assert.Equal(("error", "nobody@b.test"), (bounce.Attribute("type"), bounce.Attribute("from")));
        Assert.Equal("service-unavailable", bounce.ErrorCondition());
    }

    [Fact]
    public async Task Remote_server_down_bounces_the_queued_message_and_the_next_one_after_restart_arrives()
    {
        await using var alice = await Servers.A.LoginAsync("alice", "wonderland", "home");
        await Servers.B.StopAsync();

        // RFC 6120 §10.4.3 / §8.3.3.17: nothing answers at b.test's address: the message comes back.
        await alice.SendAsync("<message to='bob@b.test' type='chat' id='d1'><body>are you there?</body></message>");
        var bounce = await alice.WaitForAsync(e => e.Attribute("id") == "d1", "the bounce");
        Assert.Equal("error", bounce.Attribute("type"));
        Assert.Contains(bounce.ErrorCondition(), new[] { "remote-server-not-found", "remote-server-timeout" });

        // b.test comes back on the same address: the next message gets through (no sticky failure).
        await Servers.RestartBAsync();
        await using var bob = await Servers.B.LoginAvailableAsync("bob", "builder", "work");
        await alice.SendAsync("<message to='bob@b.test' type='chat' id='d2'><body>welcome back</body></message>");
        var arrived = await bob.WaitForAsync(e => e.Is("message", Namespaces.Client), "the message after the restart");
        Assert.Equal("welcome back", arrived.Child("body", Namespaces.Client)?.Text);
    }
}

/// <summary>Self-signed certificates: no certificate proves anything, both directions use Server Dialback.</summary>
public sealed class Federation_Dialback_Tests : FederationScenarios
{
    private protected override bool Trusted => false;

    private protected override S2sAuthMethod ExpectedMethod => S2sAuthMethod.Dialback;
}

/// <summary>Certificates from a CA both servers trust: both directions use SASL EXTERNAL (XEP-0178).</summary>
public sealed class Federation_External_Tests : FederationScenarios
{
    private protected override bool Trusted => true;

    private protected override S2sAuthMethod ExpectedMethod => S2sAuthMethod.SaslExternal;
}

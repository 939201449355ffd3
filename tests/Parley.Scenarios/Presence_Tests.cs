using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>RFC 6121 §4: presence between contacts: broadcast, probes, directed presence, going offline.</summary>
public sealed class Presence_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
            await _server.AddUserAsync(user, "pw");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<TestClient> OnlineAsync(string user, string resource, string presence = "<presence/>")
    {
        var client = await _server.LoginAsync(user, "pw", resource);
        await client.SendAsync(presence);
        await client.SyncAsync();
        return client;
    }

    private static Element From(IReadOnlyList<Element> arrived, string from, string? type = null)
        => Assert.Single(arrived, e => e.IsPresence(type) && e.Attribute("from") == from);

    [Fact]
    public async Task Initial_presence_goes_to_subscribed_contacts_and_to_no_one_else()
    {
        // §4.2.2: to each contact with a subscription from or both; Carol is in Alice's roster with 'to' only.
        await _server.BefriendAsync("alice", "bob");
        await _server.SeedAsync("alice", "carol@localhost", new SubscriptionState(Subscription.To));
        await using var bob = await OnlineAsync("bob", "phone");
        await using var carol = await OnlineAsync("carol", "tablet");

        await using var alice = await OnlineAsync("alice", "desk", "<presence><show>chat</show><status>Hello</status></presence>");

        var atBob = From(await bob.SyncAsync(), "alice@localhost/desk");
        Assert.Equal("chat", atBob.Child("show", Namespaces.Client)!.Text);
        Assert.Equal("bob@localhost", atBob.Attribute("to"));
        Assert.DoesNotContain(await carol.SyncAsync(), e => e.IsPresence() && e.Attribute("from") == "alice@localhost/desk");
    }

    [Fact]
    public async Task Logging_in_brings_the_presence_of_the_contacts_one_is_subscribed_to()
    {
        // §4.2.2 and §4.3: the server probes contacts with 'to' or 'both'; their servers answer with the last
        // presence of each available resource.
        await _server.BefriendAsync("alice", "bob");
        await _server.SeedAsync("alice", "carol@localhost", new SubscriptionState(Subscription.To));
        await _server.SeedAsync("carol", "alice@localhost", new SubscriptionState(Subscription.From));
        await using var bob = await OnlineAsync("bob", "phone", "<presence><show>away</show></presence>");
        await using var carol = await OnlineAsync("carol", "tablet", "<presence><status>Busy</status></presence>");
        await using var dave = await OnlineAsync("dave", "laptop");

        await using var alice = await _server.LoginAsync("alice", "pw", "desk");
        await alice.SendAsync("<presence/>");
        var arrived = await alice.SyncAsync();

        Assert.Equal("away", From(arrived, "bob@localhost/phone").Child("show", Namespaces.Client)!.Text);
        Assert.Equal("Busy", From(arrived, "carol@localhost/tablet").Child("status", Namespaces.Client)!.Text);
        Assert.DoesNotContain(arrived, e => e.Attribute("from")?.StartsWith("dave@", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_probe_of_a_contact_that_is_offline_gets_its_last_unavailable_presence_with_its_time()
    {
        // §4.3.2: no available resource: the last unavailable presence, with a delay stamp (XEP-0203).
        await _server.BefriendAsync("alice", "bob");
        await using (var bob = await OnlineAsync("bob", "phone"))
        {
            await bob.SendAsync("<presence type='unavailable'><status>Gone fishing</status></presence>");
            await bob.SyncAsync();
        }

        await using var alice = await _server.LoginAsync("alice", "pw", "desk");
        await alice.SendAsync("<presence/>");

        var last = From(await alice.SyncAsync(), "bob@localhost/phone", "unavailable");
        Assert.Equal("Gone fishing", last.Child("status", Namespaces.Client)!.Text);
        Assert.NotNull(last.Child("delay", Namespaces.Delay)?.Attribute("stamp"));
    }

    [Fact]
    public async Task A_probe_from_someone_not_subscribed_is_answered_unsubscribed_which_corrects_their_roster()
    {
        // §4.3.2: Carol's server thinks she is subscribed to Alice; Alice's roster says otherwise. The answer is
        // "unsubscribed", and Carol's server drops the subscription (A.3.4).
        await _server.SeedAsync("carol", "alice@localhost", new SubscriptionState(Subscription.To));
        await using var alice = await OnlineAsync("alice", "desk");

        await using var carol = await _server.LoginAsync("carol", "pw", "tablet");
        await carol.GetRosterAsync();
        await carol.SendAsync("<presence/>");
        var arrived = await carol.SyncAsync();

        From(arrived, "alice@localhost", "unsubscribed");
        Assert.DoesNotContain(arrived, e => e.IsPresence() && e.Attribute("from") == "alice@localhost/desk");
        Assert.Equal(SubscriptionState.None, (await _server.ContactAsync("carol", "alice@localhost")).State);
    }

    [Fact]
    public async Task A_presence_update_goes_to_the_contacts()
    {
        // §4.4.2.
        await _server.BefriendAsync("alice", "bob");
        await using var alice = await OnlineAsync("alice", "desk");
        await using var bob = await OnlineAsync("bob", "phone");
        await alice.SyncAsync();

        await alice.SendAsync("<presence><show>dnd</show><priority>5</priority></presence>");
        await alice.SyncAsync();

        Assert.Equal("dnd", From(await bob.SyncAsync(), "alice@localhost/desk").Child("show", Namespaces.Client)!.Text);
    }

    [Fact]
    public async Task A_dropped_connection_is_announced_unavailable_to_the_contacts()
    {
        // §4.5.2: the server sends unavailable for a session that ends without saying so.
        await _server.BefriendAsync("alice", "bob");
        await using var bob = await OnlineAsync("bob", "phone");
        var alice = await OnlineAsync("alice", "desk");
        await bob.SyncAsync();

        await alice.DisposeAsync();

        var gone = await bob.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal(("alice@localhost/desk", "unavailable"), (gone.Attribute("from"), gone.Attribute("type")));
    }

    [Fact]
    public async Task An_unavailable_broadcast_goes_to_the_contacts_and_to_whoever_got_directed_presence()
    {
        // §4.5.2 and §4.6.3: Dave is no contact of Alice's but got her directed presence; he learns she left.
        // Carol got directed presence too, then a directed unavailable: nothing more for her.
        await _server.BefriendAsync("alice", "bob");
        await using var bob = await OnlineAsync("bob", "phone");
        await using var carol = await OnlineAsync("carol", "tablet");
        await using var dave = await OnlineAsync("dave", "laptop");
        await using var alice = await OnlineAsync("alice", "desk");
        await alice.SendAsync("<presence to='dave@localhost/laptop'><status>Hi Dave</status></presence>");
        await alice.SendAsync("<presence to='carol@localhost'/>");
        await alice.SendAsync("<presence to='carol@localhost' type='unavailable'/>");
        await alice.SyncAsync();
        // §4.6.2: directed presence is delivered whatever the subscriptions.
        Assert.Equal("Hi Dave", From(await dave.SyncAsync(), "alice@localhost/desk").Child("status", Namespaces.Client)!.Text);
        Assert.Equal(2, (await carol.SyncAsync()).Count(e => e.Attribute("from") == "alice@localhost/desk"));
        await bob.SyncAsync();

        await alice.SendAsync("<presence type='unavailable'/>");
        await alice.SyncAsync();

        From(await bob.SyncAsync(), "alice@localhost/desk", "unavailable");
        From(await dave.SyncAsync(), "alice@localhost/desk", "unavailable");
        await carol.ExpectNothingAsync();
    }

    [Fact]
    public async Task Directed_presence_is_ended_when_the_connection_drops()
    {
        await using var dave = await OnlineAsync("dave", "laptop");
        var alice = await _server.LoginAsync("alice", "pw", "desk");
        await alice.SendAsync("<presence to='dave@localhost'/>");
        await alice.SyncAsync();
        From(await dave.SyncAsync(), "alice@localhost/desk");

        await alice.DisposeAsync();

        var gone = await dave.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal(("alice@localhost/desk", "unavailable"), (gone.Attribute("from"), gone.Attribute("type")));
    }

    [Fact]
    public async Task A_presence_error_comes_back_to_the_resource_that_sent_the_presence()
    {
        // RFC 6120 §8.3.1: directed presence to an unreachable domain bounces to the full JID that sent it.
        await using var alice = await OnlineAsync("alice", "desk");

        await alice.SendAsync("<presence to='romeo@montague.example' id='p1'/>");

        var error = Assert.Single(await alice.SyncAsync());
        Assert.Equal(("error", "p1", "remote-server-not-found"), (error.Attribute("type"), error.Attribute("id"), error.ErrorCondition()));
    }
}

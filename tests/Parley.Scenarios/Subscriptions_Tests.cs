using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>RFC 6121 §3: presence subscriptions between two accounts of the server, as the users see them.</summary>
public sealed class Subscriptions_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "pw-a");
        await _server.AddUserAsync("bob", "pw-b");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Logged in, available, roster requested: a client as real ones start.</summary>
    private async Task<TestClient> OnlineAsync(string user, string password, string resource)
    {
        var client = await _server.LoginAvailableAsync(user, password, resource);
        await client.GetRosterAsync();
        await client.SyncAsync();
        return client;
    }

    private static Element PushedItem(IReadOnlyList<Element> arrived) => Assert.Single(Assert.Single(arrived, e => e.IsRosterPush()).Items());

    private static (string?, string?) SubscriptionAndAsk(Element item) => (item.Attribute("subscription"), item.Attribute("ask"));

    [Fact]
    public async Task Two_users_subscribe_to_each_other_and_end_in_both()
    {
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");
        await using var bob = await OnlineAsync("bob", "pw-b", "phone");

        // §3.1.2: Alice asks; her server keeps the request pending (ask) and routes it from her bare JID.
        await alice.SendAsync("<presence to='bob@localhost/phone' type='subscribe'><status>It is Alice</status></presence>");
        Assert.Equal(("none", "subscribe"), SubscriptionAndAsk(PushedItem(await alice.SyncAsync())));
        // §3.1.3: Bob gets the request, at his bare JID, with what Alice wrote.
        var request = Assert.Single(await bob.SyncAsync(), e => e.IsPresence("subscribe"));
        Assert.Equal(("alice@localhost", "bob@localhost"), (request.Attribute("from"), request.Attribute("to")));
        Assert.Equal("It is Alice", request.Child("status", Namespaces.Client)!.Text);

        // §3.1.5: Bob approves: Alice is in his roster with 'from' ...
        await bob.SendAsync("<presence to='alice@localhost' type='subscribed'/>");
        Assert.Equal(("from", null), SubscriptionAndAsk(PushedItem(await bob.SyncAsync())));
        // ... §3.1.6: Alice is told, her item says 'to', and Bob's presence follows at once.
        var atAlice = await alice.SyncAsync();
        Assert.Single(atAlice, e => e.IsPresence("subscribed") && e.Attribute("from") == "bob@localhost");
        Assert.Equal(("to", null), SubscriptionAndAsk(PushedItem(atAlice)));
        Assert.Single(atAlice, e => e.IsPresence() && e.Attribute("from") == "bob@localhost/phone");

        // The same the other way round.
        await bob.SendAsync("<presence to='alice@localhost' type='subscribe'/>");
        Assert.Equal(("from", "subscribe"), SubscriptionAndAsk(PushedItem(await bob.SyncAsync())));
        Assert.Single(await alice.SyncAsync(), e => e.IsPresence("subscribe"));
        await alice.SendAsync("<presence to='bob@localhost' type='subscribed'/>");
        Assert.Equal(("both", null), SubscriptionAndAsk(PushedItem(await alice.SyncAsync())));
        var atBob = await bob.SyncAsync();
        Assert.Equal(("both", null), SubscriptionAndAsk(PushedItem(atBob)));
        Assert.Single(atBob, e => e.IsPresence() && e.Attribute("from") == "alice@localhost/desk");

        Assert.Equal(new SubscriptionState(Subscription.Both), (await _server.ContactAsync("alice", "bob@localhost")).State);
        Assert.Equal(new SubscriptionState(Subscription.Both), (await _server.ContactAsync("bob", "alice@localhost")).State);
    }

    [Fact]
    public async Task A_request_to_an_offline_user_waits_and_is_delivered_at_each_login_until_answered()
    {
        // §3.1.3: with no available resource the request is kept, and delivered when the contact comes online.
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");
        await alice.SendAsync("<presence to='bob@localhost' type='subscribe'/>");
        await alice.SyncAsync();

        for (var login = 0; login < 2; login++)
        {
            await using var bob = await _server.LoginAsync("bob", "pw-b", "phone");
            await bob.SendAsync("<presence/>");
            var request = Assert.Single(await bob.SyncAsync(), e => e.IsPresence("subscribe"));
            Assert.Equal("alice@localhost", request.Attribute("from"));
        }

        // Once refused, it is gone.
        await using (var bob = await OnlineAsync("bob", "pw-b", "phone"))
        {
            await bob.SendAsync("<presence to='alice@localhost' type='unsubscribed'/>");
            await bob.SyncAsync();
        }
        await using var again = await _server.LoginAsync("bob", "pw-b", "phone");
        await again.SendAsync("<presence/>");
        Assert.DoesNotContain(await again.SyncAsync(), e => e.IsPresence("subscribe"));
        Assert.Equal(SubscriptionState.None, (await _server.ContactAsync("alice", "bob@localhost")).State);
    }

    [Fact]
    public async Task A_pre_approved_request_is_approved_by_the_server_without_asking()
    {
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");
        await using var bob = await OnlineAsync("bob", "pw-b", "phone");

        // §3.4: Bob approves before Alice asks: his server notes it (approved) and sends nothing.
        await bob.SendAsync("<presence to='alice@localhost' type='subscribed'/>");
        var approved = PushedItem(await bob.SyncAsync());
        Assert.Equal(("none", "true"), (approved.Attribute("subscription"), approved.Attribute("approved")));
        await alice.ExpectNothingAsync();

        // Alice asks: the server answers "subscribed" for Bob, who is not asked, and his presence follows.
        await alice.SendAsync("<presence to='bob@localhost' type='subscribe'/>");
        var atAlice = await alice.SyncAsync();
        Assert.Single(atAlice, e => e.IsPresence("subscribed") && e.Attribute("from") == "bob@localhost");
        Assert.Single(atAlice, e => e.IsPresence() && e.Attribute("from") == "bob@localhost/phone");
        var atBob = await bob.SyncAsync();
        Assert.DoesNotContain(atBob, e => e.IsPresence("subscribe"));
        var item = PushedItem(atBob);
        Assert.Equal(("from", null), (item.Attribute("subscription"), item.Attribute("approved")));
        Assert.Equal(new SubscriptionState(Subscription.To), (await _server.ContactAsync("alice", "bob@localhost")).State);
    }

    [Fact]
    public async Task A_pre_approval_can_be_taken_back()
    {
        await using var bob = await OnlineAsync("bob", "pw-b", "phone");
        await bob.SendAsync("<presence to='alice@localhost' type='subscribed'/>");
        await bob.SyncAsync();

        await bob.SendAsync("<presence to='alice@localhost' type='unsubscribed'/>");

        Assert.Null(PushedItem(await bob.SyncAsync()).Attribute("approved"));
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");
        await alice.SendAsync("<presence to='bob@localhost' type='subscribe'/>");
        await alice.SyncAsync();
        Assert.Single(await bob.SyncAsync(), e => e.IsPresence("subscribe"));
    }

    [Theory]
    [InlineData("bob@@localhost")]
    [InlineData("@localhost")]
    [InlineData("bob@local host")]
    public async Task A_subscription_to_an_invalid_JID_is_jid_malformed_and_leaves_no_trace(string to)
    {
        // RFC 6120 §8.3.3.8 and RFC 6121 §3.1.3 (the server MAY check the JID): never stored, never sent.
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");

        await alice.SendAsync($"<presence to='{to}' type='subscribe' id='bad'/>");

        var error = Assert.Single(await alice.SyncAsync());
        Assert.Equal(("error", "bad", "jid-malformed"), (error.Attribute("type"), error.Attribute("id"), error.ErrorCondition()));
        Assert.Empty((await alice.GetRosterAsync(id: "r2")).Items());
    }

    [Fact]
    public async Task A_request_to_an_account_that_does_not_exist_is_answered_unsubscribed()
    {
        // §3.1.3: the contact's server SHOULD answer as if the contact had refused; the pending request ends.
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");

        await alice.SendAsync("<presence to='nobody@localhost' type='subscribe'/>");

        var arrived = await alice.SyncAsync();
        Assert.Single(arrived, e => e.IsPresence("unsubscribed") && e.Attribute("from") == "nobody@localhost");
        Assert.Equal(("none", null), SubscriptionAndAsk(arrived.Where(e => e.IsRosterPush()).Last().Items()[0]));
        Assert.Equal(SubscriptionState.None, (await _server.ContactAsync("alice", "nobody@localhost")).State);
    }

    [Fact]
    public async Task Cancelling_a_subscription_tells_the_former_subscriber_and_shows_the_user_offline_to_it()
    {
        // §3.2: Bob cancels Alice's subscription to his presence.
        await _server.BefriendAsync("alice", "bob");
        await using var bob = await OnlineAsync("bob", "pw-b", "phone");
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");

        await bob.SendAsync("<presence to='alice@localhost' type='unsubscribed'/>");

        Assert.Equal("to", PushedItem(await bob.SyncAsync()).Attribute("subscription"));
        var atAlice = await alice.SyncAsync();
        Assert.Single(atAlice, e => e.IsPresence("unsubscribed") && e.Attribute("from") == "bob@localhost");
        Assert.Single(atAlice, e => e.IsPresence("unavailable") && e.Attribute("from") == "bob@localhost/phone");
        Assert.Equal("from", PushedItem(atAlice).Attribute("subscription"));
    }

    [Fact]
    public async Task Unsubscribing_is_answered_unsubscribed_and_the_contact_goes_offline_for_the_user()
    {
        // §3.3: Alice no longer wants Bob's presence; his server answers "unsubscribed" (A.3.2) and sends her his
        // unavailable presence (§3.3.3).
        await _server.BefriendAsync("alice", "bob");
        await using var bob = await OnlineAsync("bob", "pw-b", "phone");
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");

        await alice.SendAsync("<presence to='bob@localhost' type='unsubscribe'/>");

        var atAlice = await alice.SyncAsync();
        Assert.Single(atAlice, e => e.IsPresence("unavailable") && e.Attribute("from") == "bob@localhost/phone");
        Assert.Equal("from", PushedItem(atAlice).Attribute("subscription"));
        var atBob = await bob.SyncAsync();
        Assert.Single(atBob, e => e.IsPresence("unsubscribe"));
        Assert.Equal("to", PushedItem(atBob).Attribute("subscription"));
    }

    [Fact]
    public async Task Subscribing_to_oneself_is_not_allowed()
    {
        await using var alice = await OnlineAsync("alice", "pw-a", "desk");

        await alice.SendAsync("<presence to='alice@localhost' type='subscribe' id='me'/>");

        Assert.Equal("not-allowed", Assert.Single(await alice.SyncAsync()).ErrorCondition());
    }
}

using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>
/// RFC 6121 Appendix A, row by row: the user's server in each of the nine states, given each subscription stanza,
/// outbound (A.2: routed to the contact?) and inbound (A.3: delivered to the user?), and the state it ends in.
/// The contact is at a remote domain: what the user's server routes there comes back as remote-server-not-found,
/// which is how a test sees that it was routed; inbound stanzas are handed to the router as if from that server.
/// A roster push goes out exactly when the item changes.
/// </summary>
public sealed class SubscriptionStates_Tests(SubscriptionStates_Tests.Fixture fixture) : IClassFixture<SubscriptionStates_Tests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private int _contacts;

        public TestServer Server { get; private set; } = null!;

        public TestClient Alice { get; private set; } = null!;

        public string NextContact(string prefix) => $"{prefix}{Interlocked.Increment(ref _contacts)}@remote.example";

        public async Task InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            await Server.AddUserAsync("alice", "pw-a");
            Alice = await Server.LoginAvailableAsync("alice", "pw-a", "desk");
            await Alice.GetRosterAsync();
        }

        public async Task DisposeAsync()
        {
            await Alice.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    // The tables of A.2 (outbound): type, existing state, route?, new state ("" for no state change).
    public static TheoryData<string, string, bool, string> Outbound => Rows(
        // A.2.1 Subscribe
        "subscribe | None | yes | None + Pending Out",
        "subscribe | None + Pending Out | yes | ",
        "subscribe | None + Pending In | yes | None + Pending Out+In",
        "subscribe | None + Pending Out+In | yes | ",
        "subscribe | To | yes | ",
        "subscribe | To + Pending In | yes | ",
        "subscribe | From | yes | From + Pending Out",
        "subscribe | From + Pending Out | yes | ",
        "subscribe | Both | yes | ",
        // A.2.2 Unsubscribe
        "unsubscribe | None | yes | ",
        "unsubscribe | None + Pending Out | yes | None",
        "unsubscribe | None + Pending In | yes | ",
        "unsubscribe | None + Pending Out+In | yes | None + Pending In",
        "unsubscribe | To | yes | None",
        "unsubscribe | To + Pending In | yes | None + Pending In",
        "unsubscribe | From | yes | ",
        "unsubscribe | From + Pending Out | yes | From",
        "unsubscribe | Both | yes | From",
        // A.2.3 Subscribed
        "subscribed | None | no | ",
        "subscribed | None + Pending Out | no | ",
        "subscribed | None + Pending In | yes | From",
        "subscribed | None + Pending Out+In | yes | From + Pending Out",
        "subscribed | To | no | ",
        "subscribed | To + Pending In | yes | Both",
        "subscribed | From | no | ",
        "subscribed | From + Pending Out | no | ",
        "subscribed | Both | no | ",
        // A.2.4 Unsubscribed
        "unsubscribed | None | no | ",
        "unsubscribed | None + Pending Out | no | ",
        "unsubscribed | None + Pending In | yes | None",
        "unsubscribed | None + Pending Out+In | yes | None + Pending Out",
        "unsubscribed | To | no | ",
        "unsubscribed | To + Pending In | yes | To",
        "unsubscribed | From | yes | None",
        "unsubscribed | From + Pending Out | yes | None + Pending Out",
        "unsubscribed | Both | yes | To");

    // The tables of A.3 (inbound): type, existing state, deliver?, new state ("" for no state change).
    public static TheoryData<string, string, bool, string> Inbound => Rows(
        // A.3.1 Subscribe
        "subscribe | None | yes | None + Pending In",
        "subscribe | None + Pending Out | yes | None + Pending Out+In",
        "subscribe | None + Pending In | no | ",
        "subscribe | None + Pending Out+In | no | ",
        "subscribe | To | yes | To + Pending In",
        "subscribe | To + Pending In | no | ",
        "subscribe | From | no | ",
        "subscribe | From + Pending Out | no | ",
        "subscribe | Both | no | ",
        // A.3.2 Unsubscribe
        "unsubscribe | None | no | ",
        "unsubscribe | None + Pending Out | no | ",
        "unsubscribe | None + Pending In | yes | None",
        "unsubscribe | None + Pending Out+In | yes | None + Pending Out",
        "unsubscribe | To | no | ",
        "unsubscribe | To + Pending In | yes | To",
        "unsubscribe | From | yes | None",
        "unsubscribe | From + Pending Out | yes | None + Pending Out",
        "unsubscribe | Both | yes | To",
        // A.3.3 Subscribed
        "subscribed | None | no | ",
        "subscribed | None + Pending Out | yes | To",
        "subscribed | None + Pending In | no | ",
        "subscribed | None + Pending Out+In | yes | To + Pending In",
        "subscribed | To | no | ",
        "subscribed | To + Pending In | no | ",
        "subscribed | From | no | ",
        "subscribed | From + Pending Out | yes | Both",
        "subscribed | Both | no | ",
        // A.3.4 Unsubscribed
        "unsubscribed | None | no | ",
        "unsubscribed | None + Pending Out | yes | None",
        "unsubscribed | None + Pending In | no | ",
        "unsubscribed | None + Pending Out+In | yes | None + Pending In",
        "unsubscribed | To | yes | None",
        "unsubscribed | To + Pending In | yes | None + Pending In",
        "unsubscribed | From | no | ",
        "unsubscribed | From + Pending Out | yes | From",
        "unsubscribed | Both | yes | From");

    [Theory]
    [MemberData(nameof(Outbound))]
    public async Task Outbound_subscription_stanza_is_routed_and_changes_the_state_as_in_Appendix_A_2(string type, string existing, bool routed, string expected)
    {
        var server = fixture.Server;
        var alice = fixture.Alice;
        var contact = fixture.NextContact("out");
        var before = SubscriptionState.Parse(existing);
        var after = expected.Length == 0 ? before : SubscriptionState.Parse(expected);
        await server.SeedAsync("alice", contact, before);

        await alice.SendAsync($"<presence to='{contact}' type='{type}'/>");
        var arrived = await alice.SyncAsync();

        // Routed: the remote domain cannot be reached, and the error comes back (RFC 6120 §10.4.3).
        var bounced = arrived.Where(e => e.IsPresence("error")).ToList();
        Assert.True(routed == bounced.Count > 0, $"{type} in {existing}: expected routed={routed}, got {string.Join(" ", arrived)}");
        Assert.All(bounced, e => Assert.Equal("remote-server-not-found", e.ErrorCondition()));
        Assert.Equal(after, (await server.ContactAsync("alice", contact)).State);
        // §3.4: "subscribed" with nothing to approve is a pre-approval: the item says approved.
        var preApproval = type == "subscribed" && !before.HasFrom && !before.PendingIn;
        AssertPush(arrived, contact, before, after, preApproval);
    }

    [Theory]
    [MemberData(nameof(Inbound))]
    public async Task Inbound_subscription_stanza_is_delivered_and_changes_the_state_as_in_Appendix_A_3(string type, string existing, bool delivered, string expected)
    {
        var server = fixture.Server;
        var alice = fixture.Alice;
        var contact = fixture.NextContact("in");
        var before = SubscriptionState.Parse(existing);
        var after = expected.Length == 0 ? before : SubscriptionState.Parse(expected);
        await server.SeedAsync("alice", contact, before);

        await server.InjectAsync($"<presence xmlns='jabber:client' from='{contact}/home' to='alice@localhost' type='{type}'/>");
        var arrived = await alice.SyncAsync();

        var atAlice = arrived.Where(e => e.IsPresence(type)).ToList();
        Assert.True(delivered == atAlice.Count > 0, $"{type} in {existing}: expected delivered={delivered}, got {string.Join(" ", arrived)}");
        Assert.Equal(after, (await server.ContactAsync("alice", contact)).State);
        // A.3.1 and A.3.2: an already subscribed contact's "subscribe" is answered "subscribed", a real
        // "unsubscribe" is answered "unsubscribed"; what the server answers to the remote domain bounces back.
        var autoReply = (type == "subscribe" && before.HasFrom) || (type == "unsubscribe" && delivered);
        Assert.True(autoReply == arrived.Any(e => e.IsPresence("error")), $"{type} in {existing}: expected an auto-reply={autoReply}, got {string.Join(" ", arrived)}");
        AssertPush(arrived, contact, before, after, preApproval: false);
    }

    /// <summary>One push exactly when the item's subscription or ask changed (or a pre-approval was made); none otherwise.</summary>
    private static void AssertPush(IReadOnlyList<Element> arrived, string contact, SubscriptionState before, SubscriptionState after, bool preApproval)
    {
        var pushes = arrived.Where(e => e.IsRosterPush()).ToList();
        var itemChanged = before.Subscription != after.Subscription || before.PendingOut != after.PendingOut;
        if (!itemChanged && !preApproval)
        {
            Assert.Empty(pushes);
            return;
        }
        var item = Assert.Single(Assert.Single(pushes).Items());
        Assert.Equal(contact, item.Attribute("jid"));
        Assert.Equal(after.Subscription.ToString().ToLowerInvariant(), item.Attribute("subscription"));
        Assert.Equal(after.PendingOut ? "subscribe" : null, item.Attribute("ask"));
        Assert.Equal(preApproval ? "true" : null, item.Attribute("approved"));
    }

    private static TheoryData<string, string, bool, string> Rows(params string[] rows)
    {
        var data = new TheoryData<string, string, bool, string>();
        foreach (var row in rows)
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            data.Add(cells[0], cells[1], cells[2] == "yes", cells[3]);
        }
        return data;
    }
}

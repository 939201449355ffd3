using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>RFC 6121 §2: the roster: get, set, remove, pushes to interested resources, versioning, errors, the size limit.</summary>
public sealed class Roster_Tests : IAsyncLifetime
{
    private const int MaxItems = 5;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["modules:roster:max_items"] = MaxItems.ToString() });
        await _server.AddUserAsync("alice", "pw-a");
        await _server.AddUserAsync("bob", "pw-b");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Set(string item, string id = "set1") => $"<iq type='set' id='{id}'><query xmlns='jabber:iq:roster'>{item}</query></iq>";

    [Fact]
    public async Task A_new_account_has_an_empty_roster()
    {
        // §2.2: the result holds the roster, here empty.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.GetRosterAsync();

        Assert.Equal("result", reply.Attribute("type"));
        Assert.NotNull(reply.Child("query", Namespaces.Roster));
        Assert.Empty(reply.Items());
    }

    [Fact]
    public async Task Stream_features_announce_roster_versioning_and_pre_approval()
    {
        // §2.6.1 and §3.4.1: the features a client looks for after authentication.
        await using var alice = await _server.ConnectAsync();
        await alice.AuthenticateAsync("alice", "pw-a");

        var features = await alice.OpenAsync();

        Assert.NotNull(features.Child("ver", Namespaces.RosterVersioning));
        Assert.NotNull(features.Child("sub", Namespaces.PreApproval));
    }

    [Fact]
    public async Task An_added_item_is_pushed_to_every_interested_resource_and_to_no_other()
    {
        // §2.3.2: a result to the resource that sent the set, and a push to each resource that asked for the
        // roster, the sender included; a resource that never asked is not interested (§2.1.6).
        await using var desk = await _server.LoginAsync("alice", "pw-a", "desk");
        await using var phone = await _server.LoginAsync("alice", "pw-a", "phone");
        await using var tablet = await _server.LoginAsync("alice", "pw-a", "tablet");
        await desk.GetRosterAsync();
        await phone.GetRosterAsync();

        await desk.SendAsync(Set("<item jid='nurse@example.com' name='Nurse'><group>Servants</group><group>Verona</group></item>"));

        var atDesk = await desk.SyncAsync();
        Assert.Contains(atDesk, e => e.Attribute("id") == "set1" && e.Attribute("type") == "result");
        foreach (var push in new[] { Assert.Single(atDesk, e => e.IsRosterPush()), Assert.Single(await phone.SyncAsync(), e => e.IsRosterPush()) })
        {
            // §2.1.6: a push comes from the account's bare JID.
            Assert.Equal("alice@localhost", push.Attribute("from"));
            var item = Assert.Single(push.Items());
            Assert.Equal("nurse@example.com", item.Attribute("jid"));
            Assert.Equal("Nurse", item.Attribute("name"));
            Assert.Equal("none", item.Attribute("subscription"));
            Assert.Equal(["Servants", "Verona"], item.Elements().Select(g => g.Text));
        }
        await tablet.ExpectNothingAsync();
        var roster = await tablet.GetRosterAsync();
        Assert.Equal("nurse@example.com", Assert.Single(roster.Items()).Attribute("jid"));
    }

    [Fact]
    public async Task Updating_an_item_replaces_its_name_and_groups_and_keeps_its_subscription()
    {
        // §2.4: the set carries the whole item; the subscription is the server's to keep.
        await _server.SeedAsync("alice", "bob@localhost", new SubscriptionState(Subscription.Both), "Bobby", ["Friends"]);
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.GetRosterAsync();

        await alice.SendAsync(Set("<item jid='bob@localhost' name='Robert'/>"));

        var item = Assert.Single(Assert.Single(await alice.SyncAsync(), e => e.IsRosterPush()).Items());
        Assert.Equal("Robert", item.Attribute("name"));
        Assert.Equal("both", item.Attribute("subscription"));
        Assert.Empty(item.Elements());
    }

    [Fact]
    public async Task Values_of_subscription_other_than_remove_and_ask_and_approved_are_ignored_in_a_set()
    {
        // §2.1.2.5: in a roster set the server MUST ignore every value of 'subscription' but "remove"; 'ask' and
        // 'approved' are the server's too (§2.1.2.1, §2.1.2.2).
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.GetRosterAsync();

        var reply = await alice.RequestAsync(Set("<item jid='mallory@example.com' subscription='both' ask='subscribe' approved='true'/>"), "set1");

        Assert.Equal("result", reply.Attribute("type"));
        var item = Assert.Single((await alice.GetRosterAsync(id: "r2")).Items());
        Assert.Equal("none", item.Attribute("subscription"));
        Assert.Null(item.Attribute("ask"));
        Assert.Null(item.Attribute("approved"));
        Assert.Equal(SubscriptionState.None, (await _server.ContactAsync("alice", "mallory@example.com")).State);
    }

    [Fact]
    public async Task Removing_an_item_pushes_the_removal_and_ends_the_subscriptions_both_ways()
    {
        // §2.5.2: a push with subscription='remove', and the contact gets "unsubscribe" and "unsubscribed" as if
        // the user had sent them.
        await _server.BefriendAsync("alice", "bob");
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.GetRosterAsync();
        await using var bob = await _server.LoginAvailableAsync("bob", "pw-b", "phone");
        // Bob's login probes Alice (§4.2.2); had the removal come first, the answer would be "unsubscribed".
        await bob.SyncAsync();

        await alice.SendAsync(Set("<item jid='bob@localhost' subscription='remove'/>"));

        var atAlice = await alice.SyncAsync();
        Assert.Equal("result", Assert.Single(atAlice, e => e.Attribute("id") == "set1").Attribute("type"));
        var removed = Assert.Single(Assert.Single(atAlice, e => e.IsRosterPush()).Items());
        Assert.Equal("remove", removed.Attribute("subscription"));
        var atBob = await bob.SyncAsync();
        Assert.Equal(["unsubscribe", "unsubscribed"], atBob.Where(e => e.Is("presence", Namespaces.Client) && e.Attribute("type") is "unsubscribe" or "unsubscribed")
            .Select(e => e.Attribute("type")));
        Assert.All(atBob.Where(e => e.IsPresence("unsubscribe") || e.IsPresence("unsubscribed")), e => Assert.Equal("alice@localhost", e.Attribute("from")));
        Assert.Null((await _server.ContactAsync("alice", "bob@localhost")).Item);
        Assert.Equal(SubscriptionState.None, (await _server.ContactAsync("bob", "alice@localhost")).State);
        Assert.Empty((await alice.GetRosterAsync(id: "r2")).Items());
    }

    [Fact]
    public async Task Removing_an_item_that_is_not_there_is_item_not_found()
    {
        // §2.5.3.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.RequestAsync(Set("<item jid='nobody@example.com' subscription='remove'/>"), "set1");

        Assert.Equal("item-not-found", reply.ErrorCondition());
    }

    [Theory]
    // §2.3.3: bad-request for more than one item, and for duplicate groups.
    [InlineData("<item jid='a@example.com'/><item jid='b@example.com'/>", "bad-request")]
    [InlineData("", "bad-request")]
    [InlineData("<item jid='a@example.com'><group>Friends</group><group>Friends</group></item>", "bad-request")]
    // not-acceptable for an empty group, and for a name or group past the server's limit.
    [InlineData("<item jid='a@example.com'><group></group></item>", "not-acceptable")]
    [InlineData("<item jid='a@example.com' name='{long}'/>", "not-acceptable")]
    [InlineData("<item jid='a@example.com'><group>{long}</group></item>", "not-acceptable")]
    // An item needs a 'jid' (a bad request), which must be a JID (RFC 6120 §8.3.3.8).
    [InlineData("<item name='nobody'/>", "bad-request")]
    [InlineData("<item jid='a@b@example.com'/>", "jid-malformed")]
    [InlineData("<item jid='@example.com'/>", "jid-malformed")]
    // The account itself is not a contact of its own.
    [InlineData("<item jid='alice@localhost' name='me'/>", "not-allowed")]
    // Text where only items belong is malformed.
    [InlineData("text<item jid='a@example.com'/>", "bad-request")]
    public async Task A_malformed_roster_set_is_refused_and_changes_nothing(string content, string condition)
    {
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.GetRosterAsync();

        var reply = await alice.RequestAsync(Set(content.Replace("{long}", new string('x', RosterOptions.MaxNameLength + 1), StringComparison.Ordinal)), "set1");

        Assert.Equal("error", reply.Attribute("type"));
        Assert.Equal(condition, reply.ErrorCondition());
        await alice.ExpectNothingAsync();
        Assert.Empty((await alice.GetRosterAsync(id: "r2")).Items());
    }

    [Fact]
    public async Task Another_accounts_roster_can_be_neither_read_nor_changed()
    {
        // §2.3.3: forbidden when the sender is not authorized to change the roster; reading it is the same.
        await _server.SeedAsync("alice", "carol@localhost", SubscriptionState.None);
        await using var bob = await _server.LoginAsync("bob", "pw-b");

        var get = await bob.RequestAsync("<iq type='get' id='g1' to='alice@localhost'><query xmlns='jabber:iq:roster'/></iq>", "g1");
        var set = await bob.RequestAsync("<iq type='set' id='s1' to='alice@localhost'><query xmlns='jabber:iq:roster'><item jid='mallory@example.com'/></query></iq>", "s1");

        Assert.Equal("forbidden", get.ErrorCondition());
        Assert.Equal("forbidden", set.ErrorCondition());
        Assert.Null((await _server.ContactAsync("alice", "mallory@example.com")).Item);
    }

    [Fact]
    public async Task A_roster_flood_past_the_limit_is_a_policy_violation()
    {
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.GetRosterAsync();
        for (var i = 0; i < MaxItems; i++)
            Assert.Equal("result", (await alice.RequestAsync(Set($"<item jid='c{i}@example.com'/>", $"s{i}"), $"s{i}")).Attribute("type"));

        var full = await alice.RequestAsync(Set("<item jid='one-more@example.com'/>", "over"), "over");
        // Neither can a subscription request add an item to a full roster: it is refused, not sent.
        await alice.SendAsync("<presence to='another@example.com' type='subscribe' id='sub1'/>");
        var refused = Assert.Single(await alice.SyncAsync(), e => e.IsPresence("error"));
        var update = await alice.RequestAsync(Set("<item jid='c0@example.com' name='still fine'/>", "upd"), "upd");

        Assert.Equal("policy-violation", full.ErrorCondition());
        Assert.Equal("policy-violation", refused.ErrorCondition());
        Assert.Equal("sub1", refused.Attribute("id"));
        Assert.Equal("result", update.Attribute("type"));
        Assert.Equal(MaxItems, (await alice.GetRosterAsync(id: "r2")).Items().Count);
    }

    [Fact]
    public async Task A_versioned_get_returns_the_roster_with_its_version_then_nothing_while_unchanged()
    {
        // §2.6.2: with 'ver' (empty the first time) the result carries the version; §2.6.3: asked again with the
        // current version, the result is empty and no push follows.
        await _server.SeedAsync("alice", "bob@localhost", new SubscriptionState(Subscription.Both));
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var first = await alice.GetRosterAsync(ver: "");
        var version = first.Child("query", Namespaces.Roster)!.Attribute("ver");
        var again = await alice.GetRosterAsync(ver: version, id: "r2");

        Assert.False(string.IsNullOrEmpty(version));
        Assert.Single(first.Items());
        Assert.Equal("result", again.Attribute("type"));
        Assert.Empty(again.Nodes);
        await alice.ExpectNothingAsync();
    }

    [Fact]
    public async Task A_versioned_get_after_changes_returns_only_the_changes_as_pushes()
    {
        // §2.6.3: an empty result, then one push per change (removals included), the last with the current version.
        await _server.SeedAsync("alice", "bob@localhost", new SubscriptionState(Subscription.Both));
        await _server.SeedAsync("alice", "carol@localhost", SubscriptionState.None);
        await _server.SeedAsync("alice", "dave@localhost", SubscriptionState.None);
        string version;
        await using (var before = await _server.LoginAsync("alice", "pw-a", "desk"))
        {
            version = (await before.GetRosterAsync(ver: "")).Child("query", Namespaces.Roster)!.Attribute("ver")!;
            await before.RequestAsync(Set("<item jid='carol@localhost' subscription='remove'/>", "s1"), "s1");
            await before.RequestAsync(Set("<item jid='dave@localhost' name='Dave'/>", "s2"), "s2");
            await before.RequestAsync(Set("<item jid='erin@localhost'/>", "s3"), "s3");
        }
        await using var alice = await _server.LoginAsync("alice", "pw-a", "phone");

        var reply = await alice.GetRosterAsync(ver: version);
        var pushes = (await alice.SyncAsync()).Where(e => e.IsRosterPush()).ToList();

        Assert.Empty(reply.Nodes);
        Assert.Equal(["carol@localhost", "dave@localhost", "erin@localhost"], pushes.Select(p => Assert.Single(p.Items()).Attribute("jid")));
        Assert.Equal("remove", pushes[0].Items()[0].Attribute("subscription"));
        Assert.Equal("Dave", pushes[1].Items()[0].Attribute("name"));
        var versions = pushes.Select(p => p.Child("query", Namespaces.Roster)!.Attribute("ver")).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count());
        var current = (await alice.GetRosterAsync(ver: "", id: "r2")).Child("query", Namespaces.Roster)!.Attribute("ver");
        Assert.Equal(current, versions[^1]);
    }

    [Fact]
    public async Task A_get_with_a_version_the_server_never_gave_returns_the_whole_roster()
    {
        // §2.6.3: the server cannot tell what changed, so it sends the roster itself.
        await _server.SeedAsync("alice", "bob@localhost", new SubscriptionState(Subscription.Both));
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.GetRosterAsync(ver: "not-a-version-of-ours");

        Assert.Single(reply.Items());
        Assert.False(string.IsNullOrEmpty(reply.Child("query", Namespaces.Roster)!.Attribute("ver")));
    }

    [Fact]
    public async Task Pushes_carry_the_version_only_to_resources_that_use_versioning()
    {
        // §2.6.2: a client that asked with 'ver' gets it in every push; one that did not, does not.
        await using var versioned = await _server.LoginAsync("alice", "pw-a", "desk");
        await using var plain = await _server.LoginAsync("alice", "pw-a", "phone");
        await versioned.GetRosterAsync(ver: "");
        await plain.GetRosterAsync();

        await plain.SendAsync(Set("<item jid='bob@localhost'/>"));

        // The sender's own sync first: once it is answered, the set and every push it caused have been handled.
        var without = Assert.Single(await plain.SyncAsync(), e => e.IsRosterPush());
        var withVersion = Assert.Single(await versioned.SyncAsync(), e => e.IsRosterPush());
        Assert.False(string.IsNullOrEmpty(withVersion.Child("query", Namespaces.Roster)!.Attribute("ver")));
        Assert.Null(without.Child("query", Namespaces.Roster)!.Attribute("ver"));
    }
}

using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>XEP-0191 blocking command: the blocklist, its pushes, and what a block does to stanzas and presence.</summary>
public sealed class Blocking_Tests : IAsyncLifetime
{
    private const int MaxItems = 4;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["modules:blocking:max_items"] = MaxItems.ToString() });
        foreach (var user in new[] { "alice", "bob", "carol" })
            await _server.AddUserAsync(user, "pw");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<TestClient> OnlineAsync(string user, string resource)
    {
        var client = await _server.LoginAsync(user, "pw", resource);
        await client.SendAsync("<presence/>");
        await client.RequestAsync("<iq type='get' id='bl0'><blocklist xmlns='urn:xmpp:blocking'/></iq>", "bl0");
        await client.SyncAsync();
        return client;
    }

    private static string Block(params string[] jids)
        => $"<iq type='set' id='b1'><block xmlns='urn:xmpp:blocking'>{string.Concat(jids.Select(j => $"<item jid='{j}'/>"))}</block></iq>";

    private static string Unblock(params string[] jids)
        => $"<iq type='set' id='u1'><unblock xmlns='urn:xmpp:blocking'>{string.Concat(jids.Select(j => $"<item jid='{j}'/>"))}</unblock></iq>";

    private static async Task<List<string?>> BlocklistAsync(TestClient client)
    {
        var reply = await client.RequestAsync("<iq type='get' id='bl'><blocklist xmlns='urn:xmpp:blocking'/></iq>", "bl");
        return [.. reply.Child("blocklist", Namespaces.Blocking)!.Elements().Select(i => i.Attribute("jid"))];
    }

    [Fact]
    public async Task The_server_announces_blocking_in_disco_info()
    {
        // §3.1.
        await using var alice = await _server.LoginAsync("alice", "pw");

        var reply = await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        Assert.Contains(reply.Child("query", Namespaces.DiscoInfo)!.Elements(), f => f.Attribute("var") == Namespaces.Blocking);
    }

    [Fact]
    public async Task A_block_is_answered_pushed_to_resources_that_asked_for_the_blocklist_and_kept()
    {
        // §3.2 (an empty list), §3.3 (result and push).
        await using var desk = await OnlineAsync("alice", "desk");
        await using var phone = await OnlineAsync("alice", "phone");
        await using var tablet = await _server.LoginAsync("alice", "pw", "tablet");
        Assert.Empty(await BlocklistAsync(desk));

        await desk.SendAsync(Block("romeo@montague.net", "Iago@Shakespeare.lit/Home"));

        var atDesk = await desk.SyncAsync();
        Assert.Equal("result", Assert.Single(atDesk, e => e.Attribute("id") == "b1").Attribute("type"));
        foreach (var push in new[] { Assert.Single(atDesk, IsPush), Assert.Single(await phone.SyncAsync(), IsPush) })
        {
            Assert.Equal("alice@localhost", push.Attribute("from"));
            Assert.Equal(["romeo@montague.net", "iago@shakespeare.lit/Home"],
                push.Child("block", Namespaces.Blocking)!.Elements().Select(i => i.Attribute("jid")));
        }
        await tablet.ExpectNothingAsync();
        Assert.Equal(["iago@shakespeare.lit/Home", "romeo@montague.net"], (await BlocklistAsync(tablet)).Order(StringComparer.Ordinal));
    }

    private static bool IsPush(Element e) => e.Is("iq", Namespaces.Client) && e.Attribute("type") == "set" && e.Attribute("id") != "b1" && e.Attribute("id") != "u1";

    [Theory]
    // §3.3: a block without an item is a bad request; an item without a jid too; a jid that is not a JID is
    // jid-malformed (RFC 6120 §8.3.3.8).
    [InlineData("<block xmlns='urn:xmpp:blocking'/>", "bad-request")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><item/></block>", "bad-request")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><item jid='a@b@c'/></block>", "jid-malformed")]
    [InlineData("<unblock xmlns='urn:xmpp:blocking'><item jid='@nowhere'/></unblock>", "jid-malformed")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><jid>romeo@montague.net</jid></block>", "bad-request")]
    public async Task A_malformed_blocking_command_is_refused(string command, string condition)
    {
        await using var alice = await _server.LoginAsync("alice", "pw");

        var reply = await alice.RequestAsync($"<iq type='set' id='x1'>{command}</iq>", "x1");

        Assert.Equal(condition, reply.ErrorCondition());
        Assert.Empty(await BlocklistAsync(alice));
    }

    [Fact]
    public async Task A_blocklist_past_its_limit_is_a_policy_violation()
    {
        await using var alice = await _server.LoginAsync("alice", "pw");
        await alice.RequestAsync(Block("a@example.com", "b@example.com", "c@example.com"), "b1");

        var reply = await alice.RequestAsync(Block("d@example.com", "e@example.com"), "b1");

        Assert.Equal("policy-violation", reply.ErrorCondition());
        Assert.Equal(3, (await BlocklistAsync(alice)).Count);
    }

    [Fact]
    public async Task What_a_blocked_contact_sends_never_reaches_the_user()
    {
        // §3.3: messages and IQ requests get service-unavailable (as if the user were offline); presence is
        // dropped without a word.
        await _server.BefriendAsync("alice", "bob");
        await using var alice = await OnlineAsync("alice", "desk");
        await alice.RequestAsync(Block("bob@localhost"), "b1");
        await using var bob = await OnlineAsync("bob", "phone");

        await bob.SendAsync("<message to='alice@localhost/desk' type='chat' id='m1'><body>hi</body></message>");
        await bob.SendAsync("<iq to='alice@localhost/desk' type='get' id='i1'><ping xmlns='urn:xmpp:ping'/></iq>");
        await bob.SendAsync("<iq to='alice@localhost' type='get' id='i2'><vCard xmlns='vcard-temp'/></iq>");
        await bob.SendAsync("<presence to='alice@localhost/desk'/>");
        await bob.SendAsync("<presence to='alice@localhost' type='subscribe'/>");
        var atBob = await bob.SyncAsync();

        foreach (var id in new[] { "m1", "i1", "i2" })
            Assert.Equal("service-unavailable", Assert.Single(atBob, e => e.Attribute("id") == id).ErrorCondition());
        Assert.DoesNotContain(atBob, e => e.Attribute("from")?.StartsWith("alice@", StringComparison.Ordinal) == true && e.Attribute("type") != "error");
        Assert.DoesNotContain(await alice.SyncAsync(), e => e.Attribute("from")?.StartsWith("bob@", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Sending_to_a_blocked_contact_is_not_acceptable_with_the_blocked_condition()
    {
        // §3.3: not routed; not-acceptable with <blocked xmlns='urn:xmpp:blocking:errors'/>.
        await using var alice = await OnlineAsync("alice", "desk");
        await using var bob = await OnlineAsync("bob", "phone");
        await alice.RequestAsync(Block("bob@localhost"), "b1");

        await alice.SendAsync("<message to='bob@localhost/phone' type='chat' id='m1'><body>psst</body></message>");
        await alice.SendAsync("<presence to='bob@localhost' type='subscribe' id='p1'/>");

        var errors = await alice.SyncAsync();
        foreach (var id in new[] { "m1", "p1" })
        {
            var error = Assert.Single(errors, e => e.Attribute("id") == id);
            Assert.Equal(("not-acceptable", "cancel"), (error.ErrorCondition(), error.ErrorType()));
            Assert.NotNull(error.Child("error", Namespaces.Client)!.Child("blocked", Namespaces.BlockingErrors));
        }
        Assert.DoesNotContain(await bob.SyncAsync(), e => e.Attribute("from")?.StartsWith("alice@", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_blocked_domain_blocks_everyone_at_it_and_a_blocked_resource_only_that_resource()
    {
        // §3 (JID matching): domain, bare JID, full JID.
        await using var alice = await OnlineAsync("alice", "desk");
        await alice.RequestAsync(Block("example.com", "bob@localhost/phone"), "b1");

        await alice.SendAsync("<message to='anyone@example.com' id='m1'><body>x</body></message>");
        await alice.SendAsync("<message to='bob@localhost/phone' id='m2'><body>x</body></message>");
        await alice.SendAsync("<message to='bob@localhost/tablet' id='m3'><body>x</body></message>");
        var arrived = await alice.SyncAsync();

        Assert.Equal("not-acceptable", Assert.Single(arrived, e => e.Attribute("id") == "m1").ErrorCondition());
        Assert.Equal("not-acceptable", Assert.Single(arrived, e => e.Attribute("id") == "m2").ErrorCondition());
        // Not blocked: bob/tablet is not there, so the chat-less normal message bounces as any would.
        Assert.NotEqual("not-acceptable", Assert.Single(arrived, e => e.Attribute("id") == "m3").ErrorCondition());
    }

    [Fact]
    public async Task Blocking_a_contact_shows_the_user_offline_to_it_and_unblocking_brings_the_presence_back()
    {
        // §3.3: the contact gets unavailable; §3.4: on unblock, the current presence.
        await _server.BefriendAsync("alice", "bob");
        await using var bob = await OnlineAsync("bob", "phone");
        await using var alice = await OnlineAsync("alice", "desk");
        await bob.SyncAsync();

        await alice.RequestAsync(Block("bob@localhost"), "b1");
        await alice.SyncAsync();
        var gone = Assert.Single(await bob.SyncAsync(), e => e.IsPresence("unavailable"));
        Assert.Equal("alice@localhost/desk", gone.Attribute("from"));

        // While blocked, Alice's updates do not reach Bob.
        await alice.SendAsync("<presence><show>away</show></presence>");
        await alice.SyncAsync();
        await bob.ExpectNothingAsync();

        await alice.SendAsync(Unblock("bob@localhost"));
        // Alice's server also asks for Bob's presence again, which was dropped while he was blocked.
        Assert.Contains(await alice.SyncAsync(), e => e.IsPresence() && e.Attribute("from") == "bob@localhost/phone");
        var back = Assert.Single(await bob.SyncAsync(), e => e.IsPresence());
        Assert.Equal("away", back.Child("show", Namespaces.Client)!.Text);
    }

    [Fact]
    public async Task Unblocking_all_empties_the_list_and_is_pushed_as_an_empty_unblock()
    {
        // §3.5.
        await using var desk = await OnlineAsync("alice", "desk");
        await using var phone = await OnlineAsync("alice", "phone");
        await desk.RequestAsync(Block("bob@localhost", "carol@localhost"), "b1");
        await phone.SyncAsync();

        await desk.SendAsync("<iq type='set' id='u1'><unblock xmlns='urn:xmpp:blocking'/></iq>");

        var atDesk = await desk.SyncAsync();
        Assert.Equal("result", Assert.Single(atDesk, e => e.Attribute("id") == "u1").Attribute("type"));
        var push = Assert.Single(await phone.SyncAsync(), IsPush);
        Assert.Empty(push.Child("unblock", Namespaces.Blocking)!.Nodes);
        Assert.Empty(await BlocklistAsync(desk));
    }

    [Fact]
    public async Task The_own_server_and_account_cannot_be_blocked_away()
    {
        // Blocking one's own domain would stop roster pushes and the server's answers: they still arrive.
        await using var alice = await OnlineAsync("alice", "desk");
        await alice.RequestAsync(Block("localhost", "alice@localhost"), "b1");

        var ping = await alice.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        var roster = await alice.RequestAsync("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>", "r1");

        Assert.Equal("result", ping.Attribute("type"));
        Assert.Equal("result", roster.Attribute("type"));
    }
}

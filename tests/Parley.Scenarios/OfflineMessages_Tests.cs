using System.Globalization;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// Offline messages: XEP-0160 (with RFC 6121 §8.5.2.2.1 and §8.5.3.2.1), delay stamps (XEP-0203), hints (XEP-0334).
public sealed class OfflineMessages_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["modules:offline:max_messages"] = "3" });
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Message_to_an_offline_user_arrives_with_a_delay_stamp_when_they_come_online()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        // XEP-0160 §2: bob has no available resource; the server keeps the message instead of bouncing it.
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='m1'><body>are you there?</body></message>");
        await alice.ExpectNothingAsync();

        // Bob comes online: initial presence with non-negative priority (XEP-0160 §2).
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        await bob.SendAsync("<presence/>");
        await bob.ExpectAsync("presence", Namespaces.Client);
        var message = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", message.Attribute("from"));
        Assert.Equal("bob@localhost", message.Attribute("to"));
        Assert.Equal("m1", message.Attribute("id"));
        Assert.Equal("are you there?", Body(message));
        // XEP-0203 §3: a delay from the server, stamped when the message arrived, in UTC (XEP-0082).
        var delay = message.Child("delay", Namespaces.Delay)!;
        Assert.Equal("localhost", delay.Attribute("from"));
        var stamp = DateTimeOffset.Parse(delay.Attribute("stamp")!, CultureInfo.InvariantCulture);
        Assert.EndsWith("Z", delay.Attribute("stamp"));
        Assert.InRange(stamp, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Offline_messages_are_delivered_in_order_and_only_once()
    {
        await using (var alice = await _server.LoginAsync("alice", "wonderland", "laptop"))
        {
            for (var i = 1; i <= 3; i++)
                await alice.SendAsync($"<message to='bob@localhost' type='chat' id='m{i}'><body>number {i}</body></message>");
            await alice.ExpectNothingAsync();
        }

        await using (var bob = await _server.LoginAvailableAsync("bob", "builder", "phone"))
        {
            var arrived = await bob.SyncAsync();
            Assert.Equal(["m1", "m2", "m3"], arrived.Select(m => m.Attribute("id")));
        }

        // XEP-0160: delivered means removed from storage; the next login finds no message waiting. (The phone's
        // unavailable presence may still reach the tablet: the server can finish closing the phone's session after
        // the tablet came online.)
        await using var again = await _server.LoginAvailableAsync("bob", "builder", "tablet");
        var waiting = await again.SyncAsync();
        Assert.DoesNotContain(waiting, e => e.Name == "message");
    }

    [Fact]
    public async Task Message_waits_while_the_only_resource_has_sent_no_presence()
    {
        // Bound but not available (RFC 6121 §4.2): a connected resource does not take messages to the bare JID.
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync("<message to='bob@localhost' id='n1'><body>for later</body></message>");
        await alice.ExpectNothingAsync();
        await bob.ExpectNothingAsync();

        await bob.SendAsync("<presence/>");
        await bob.ExpectAsync("presence", Namespaces.Client);
        var message = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("n1", message.Attribute("id"));
        Assert.NotNull(message.Child("delay", Namespaces.Delay));
    }

    [Fact]
    public async Task Message_waits_while_every_resource_has_negative_priority_and_arrives_when_one_raises_it()
    {
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        await bob.SendAsync("<presence><priority>-1</priority></presence>");
        await bob.ExpectAsync("presence", Namespaces.Client);

        // RFC 6121 §8.5.2.1.1: negative priority never takes messages to the bare JID; the server stores them.
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='c1'><body>later</body></message>");
        await alice.ExpectNothingAsync();
        await bob.ExpectNothingAsync();

        // XEP-0160 §2: sending non-negative available presence delivers what waits.
        await bob.SendAsync("<presence><priority>1</priority></presence>");
        await bob.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("c1", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
    }

    [Fact]
    public async Task Chat_to_a_resource_that_is_gone_waits_for_the_account()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // RFC 6121 §8.5.3.2.1: chat to a missing resource is treated like chat to the bare JID: stored.
        await alice.SendAsync("<message to='bob@localhost/phone' type='chat' id='c1'><body>still there?</body></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "desk");
        var message = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("c1", message.Attribute("id"));
        Assert.Equal("bob@localhost/phone", message.Attribute("to"));
    }

    [Fact]
    public async Task Message_beyond_the_quota_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        for (var i = 1; i <= 3; i++)
            await alice.SendAsync($"<message to='bob@localhost' type='chat' id='m{i}'><body>{i}</body></message>");
        // XEP-0160 §2: the offline queue is full (max_messages = 3): service-unavailable, from the account.
        var error = await alice.RequestAsync("<message to='bob@localhost' type='chat' id='m4'><body>4</body></message>", "m4");
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal("service-unavailable", error.ErrorCondition());
        Assert.Equal("bob@localhost", error.Attribute("from"));

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        Assert.Equal(["m1", "m2", "m3"], (await bob.SyncAsync()).Select(m => m.Attribute("id")));
    }

    [Fact]
    public async Task Message_with_a_no_store_hint_is_not_kept_and_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // XEP-0334 §4.2: no storage, not even for later delivery; RFC 6121 §8.5.2.2.1's alternative is the error.
        var error = await alice.RequestAsync(
            "<message to='bob@localhost' type='chat' id='s1'><body>now or never</body><no-store xmlns='urn:xmpp:hints'/></message>", "s1");
        Assert.Equal("service-unavailable", error.ErrorCondition());

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Message_with_a_no_permanent_store_hint_is_kept_for_later()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // XEP-0334 §4.1: only archives and logs are ruled out; storage for later delivery is fine.
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='p1'><body>off the record</body><no-permanent-store xmlns='urn:xmpp:hints'/></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        Assert.Equal("p1", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
    }

    [Fact]
    public async Task Headline_to_an_offline_user_is_dropped_silently()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // XEP-0160 §3 and RFC 6121 §8.5.2.2.1: not stored, and no error either.
        await alice.SendAsync("<message to='bob@localhost' type='headline' id='h1'><body>breaking news</body></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Headline_with_a_store_hint_is_kept()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // XEP-0334 §4.4: a message with <store/> that is not an error should be stored.
        await alice.SendAsync("<message to='bob@localhost' type='headline' id='h1'><body>keep this one</body><store xmlns='urn:xmpp:hints'/></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        Assert.Equal("h1", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
    }

    [Fact]
    public async Task Standalone_chat_state_is_neither_kept_nor_bounced()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // XEP-0160 §3 and XEP-0085 §5.6: a typing notification for someone offline goes nowhere, quietly.
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='t1'><composing xmlns='http://jabber.org/protocol/chatstates'/><no-store xmlns='urn:xmpp:hints'/></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Chat_with_a_body_and_a_chat_state_is_kept()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='b1'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        Assert.Equal("b1", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
    }

    [Theory]
    [InlineData("groupchat")]
    [InlineData("error")]
    public async Task Groupchat_and_error_messages_are_never_kept(string type)
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync($"<message to='bob@localhost' type='{type}' id='g1'><body>x</body></message>");
        var arrived = await alice.SyncAsync();
        // RFC 6121 §8.5.2.2.1: groupchat gets service-unavailable; an error is silently ignored.
        if (type == "groupchat")
            Assert.Equal("service-unavailable", Assert.Single(arrived).ErrorCondition());
        else
            Assert.Empty(arrived);

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Message_to_an_unknown_user_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<message to='nobody@localhost' type='chat' id='m1'><body>hello?</body></message>", "m1");
        // RFC 6121 §8.5.1: no such account; service-unavailable, as for a full offline queue.
        Assert.Equal("service-unavailable", error.ErrorCondition());
        Assert.Equal("nobody@localhost", error.Attribute("from"));
    }

    [Fact]
    public async Task A_delay_claiming_to_be_from_the_server_is_replaced_by_the_servers_own()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync("<message to='bob@localhost' type='chat' id='f1'><body>forged</body>"
            + "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='1999-01-01T00:00:00Z'/></message>");
        await alice.ExpectNothingAsync();

        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        var message = await bob.ExpectAsync("message", Namespaces.Client);
        var delay = Assert.Single(message.Elements(), e => e.Is("delay", Namespaces.Delay));
        Assert.Equal("localhost", delay.Attribute("from"));
        Assert.NotEqual("1999-01-01T00:00:00Z", delay.Attribute("stamp"));
    }

    [Fact]
    public async Task Initial_presence_with_negative_priority_leaves_messages_waiting()
    {
        await using (var alice = await _server.LoginAsync("alice", "wonderland", "laptop"))
        {
            await alice.SendAsync("<message to='bob@localhost' type='chat' id='w1'><body>wait</body></message>");
            await alice.ExpectNothingAsync();
        }
        // XEP-0160 §2: only non-negative presence takes delivery.
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        await bob.SendAsync("<presence><priority>-5</priority></presence>");
        await bob.ExpectAsync("presence", Namespaces.Client);
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Messages_from_someone_blocked_since_they_were_stored_are_not_delivered()
    {
        await using (var alice = await _server.LoginAsync("alice", "wonderland", "laptop"))
        {
            await alice.SendAsync("<message to='bob@localhost' type='chat' id='a1'><body>from alice</body></message>");
            await alice.ExpectNothingAsync();
        }
        // Bob logs in without presence (nothing is delivered yet) and blocks alice (XEP-0191 §3.3) ...
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        var blocked = await bob.RequestAsync("<iq type='set' id='b1'><block xmlns='urn:xmpp:blocking'><item jid='alice@localhost'/></block></iq>", "b1");
        Assert.Equal("result", blocked.Attribute("type"));
        await bob.SyncAsync();

        // ... then comes online: XEP-0191 §3.3, nothing from a blocked entity is delivered, stored or not.
        await bob.SendAsync("<presence/>");
        await bob.ExpectAsync("presence", Namespaces.Client);
        await bob.ExpectNothingAsync();
    }

    [Fact]
    public async Task Server_announces_offline_message_support()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var reply = await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");
        // XEP-0160 §4.
        Assert.Contains(reply.Child("query", Namespaces.DiscoInfo)!.Elements(), f => f.Attribute("var") == "msgoffline");
    }

    private static string Body(Element message) => message.Child("body", Namespaces.Client)!.Text;
}

using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// Delivery rules: RFC 6120 §8 and §10, RFC 6121 §8.5; presence among own resources (RFC 6121 §4); what the server
// itself answers (XEP-0030, XEP-0092, XEP-0202).
public sealed class Routing_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // One test floods a half-dead session with 4 MB from another client: the c2s read limit would slow the
        // flood itself down to its rate. The limit has its own tests (ReadRateLimit_Tests).
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["limits:c2s_read_bytes_per_second"] = "0" });
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Message_to_a_full_jid_is_delivered_both_ways()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");

        await alice.SendAsync("<message to='bob@localhost/phone' type='chat' id='m1'><body>hello bob</body></message>");
        var atBob = await bob.ExpectAsync("message", Namespaces.Client);
        // RFC 6121 §8.5.3.1: delivered to that resource, 'from' the sender's full JID, 'to' as sent.
        Assert.Equal("alice@localhost/laptop", atBob.Attribute("from"));
        Assert.Equal("bob@localhost/phone", atBob.Attribute("to"));
        Assert.Equal("m1", atBob.Attribute("id"));
        Assert.Equal("hello bob", Body(atBob));

        await bob.SendAsync("<message to='alice@localhost/laptop' type='chat'><body>hello alice</body></message>");
        var atAlice = await alice.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("bob@localhost/phone", atAlice.Attribute("from"));
        Assert.Equal("hello alice", Body(atAlice));
    }

    [Fact]
    public async Task Message_to_a_bare_jid_reaches_the_available_resource_both_ways()
    {
        await using var alice = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");

        // RFC 6121 §8.5.2.1.1: a message to the bare JID goes to the available resource(s) with non-negative priority.
        await alice.SendAsync("<message to='bob@localhost' type='chat'><body>hello bob</body></message>");
        var atBob = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", atBob.Attribute("from"));
        Assert.Equal("bob@localhost", atBob.Attribute("to"));
        Assert.Equal("hello bob", Body(atBob));

        await bob.SendAsync("<message to='alice@localhost' type='chat'><body>hello alice</body></message>");
        var atAlice = await alice.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("bob@localhost/phone", atAlice.Attribute("from"));
        Assert.Equal("hello alice", Body(atAlice));
    }

    [Fact]
    public async Task Normal_message_to_a_bare_jid_goes_to_the_highest_priority_resource()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var low = await LoginWithPriorityAsync("bob", "builder", "low", 1);
        await using var high = await LoginWithPriorityAsync("bob", "builder", "high", 7);
        await low.ExpectAsync("presence", Namespaces.Client); // high's presence ...
        await high.ExpectAsync("presence", Namespaces.Client); // ... and low's, for the newcomer

        // RFC 6121 §8.5.2.1.1: a normal message goes to the available resource(s) with the highest priority.
        await alice.SendAsync("<message to='bob@localhost' id='n1'><body>for the top one</body></message>");
        Assert.Equal("n1", (await high.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
        await low.SendAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("p1", (await low.NextAsync()).Attribute("id"));
    }

    [Fact]
    public async Task Chat_to_a_full_jid_that_is_gone_goes_to_the_accounts_other_resources()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        // RFC 6121 §8.5.3.2.1: no such resource; a chat message is handled as if sent to the bare JID.
        await alice.SendAsync("<message to='bob@localhost/tablet' type='chat' id='c1'><body>still there?</body></message>");
        var atPhone = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("c1", atPhone.Attribute("id"));
        Assert.Equal("bob@localhost/tablet", atPhone.Attribute("to"));
    }

    [Fact]
    public async Task Message_to_an_unknown_user_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<message to='nobody@localhost' type='chat' id='m1'><body>hello?</body></message>", "m1");
        // RFC 6121 §8.5.1: no such account; service-unavailable, which does not tell it apart from an offline one.
        AssertError(error, "service-unavailable", from: "nobody@localhost", to: "alice@localhost/laptop");
    }

    [Fact]
    public async Task Message_without_to_goes_to_the_senders_own_bare_jid()
    {
        await using var laptop = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        await using var phone = await _server.LoginAvailableAsync("alice", "wonderland", "phone");
        Assert.Equal("alice@localhost/phone", (await laptop.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));
        Assert.Equal("alice@localhost/laptop", (await phone.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        // RFC 6120 §10.3.1: a message without 'to' is treated as addressed to the sender's bare JID.
        await laptop.SendAsync("<message type='chat'><body>note to self</body></message>");
        var atPhone = await phone.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", atPhone.Attribute("from"));
        Assert.Equal("note to self", Body(atPhone));
    }

    [Fact]
    public async Task Iq_to_a_full_jid_is_delivered_and_its_result_routed_back()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");

        await alice.SendAsync("<iq type='get' id='v1' to='bob@localhost/phone'><query xmlns='jabber:iq:version'/></iq>");
        // RFC 6121 §8.5.3.1: an IQ to a connected resource is delivered to it ...
        var request = await bob.ExpectAsync("iq", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", request.Attribute("from"));
        Assert.Equal("v1", request.Attribute("id"));
        Assert.NotNull(request.Child("query", Namespaces.Version));

        // ... and the client's answer goes back the same way (RFC 6120 §8.2.3).
        await bob.SendAsync("<iq type='result' id='v1' to='alice@localhost/laptop'><query xmlns='jabber:iq:version'><name>bobclient</name></query></iq>");
        var result = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.Equal("result", result.Attribute("type"));
        Assert.Equal("v1", result.Attribute("id"));
        Assert.Equal("bob@localhost/phone", result.Attribute("from"));
        Assert.Equal("bobclient", result.Child("query", Namespaces.Version)!.Child("name", Namespaces.Version)!.Text);
    }

    [Fact]
    public async Task Iq_to_a_full_jid_that_is_not_online_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        var error = await alice.RequestAsync("<iq type='get' id='v1' to='bob@localhost/tablet'><query xmlns='jabber:iq:version'/></iq>", "v1");
        // RFC 6121 §8.5.3.2.3: no such resource.
        AssertError(error, "service-unavailable", from: "bob@localhost/tablet", to: "alice@localhost/laptop");
    }

    [Fact]
    public async Task Iq_without_to_is_answered_by_the_server_for_the_account()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // RFC 6120 §10.3.3: no 'to' means the sender's own account; the server answers on its behalf.
        var reply = await alice.RequestAsync("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", reply.Attribute("type"));
        Assert.Equal("alice@localhost/laptop", reply.Attribute("to"));
        // The answer comes from the account: no 'from', or the bare JID (RFC 6120 §8.1.2.1).
        Assert.Contains(reply.Attribute("from"), new string?[] { null, "alice@localhost" });
    }

    [Fact]
    public async Task Iq_without_to_with_an_unknown_payload_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<iq type='get' id='q1'><query xmlns='urn:example:unknown'/></iq>", "q1");
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal("service-unavailable", error.ErrorCondition());
    }

    [Fact]
    public async Task Iq_to_a_bare_jid_is_answered_by_the_server_for_that_account()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "phone");
        // RFC 6121 §8.5.2.1.3: an IQ to the bare JID is handled by the server on the account's behalf, never
        // handed to a resource ...
        var reply = await alice.RequestAsync("<iq type='get' id='p1' to='bob@localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", reply.Attribute("type"));
        Assert.Equal("bob@localhost", reply.Attribute("from"));
        // ... and one it has no handler for is service-unavailable.
        var error = await alice.RequestAsync("<iq type='get' id='v1' to='bob@localhost'><query xmlns='jabber:iq:version'/></iq>", "v1");
        Assert.Equal("service-unavailable", error.ErrorCondition());
        Assert.Equal("bob@localhost", error.Attribute("from"));
        await bob.SendAsync("<iq type='get' id='p2' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("p2", (await bob.NextAsync()).Attribute("id"));
    }

    [Fact]
    public async Task Iq_to_an_unknown_users_bare_jid_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<iq type='get' id='p1' to='nobody@localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        // RFC 6121 §8.5.1: no such account.
        AssertError(error, "service-unavailable", from: "nobody@localhost", to: "alice@localhost/laptop");
    }

    [Fact]
    public async Task Iq_to_the_server_with_an_unknown_payload_bounces_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<iq type='get' id='q1' to='localhost'><query xmlns='urn:example:unknown'/></iq>", "q1");
        // RFC 6120 §8.4: a get or set with a payload the entity does not understand.
        AssertError(error, "service-unavailable", from: "localhost", to: "alice@localhost/laptop");
        Assert.Equal("cancel", error.ErrorType());
    }

    [Fact]
    public async Task Iq_without_id_bounces_bad_request()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await alice.SendAsync("<iq type='get' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        // RFC 6120 §8.2.3: the 'id' attribute is required on an IQ.
        var error = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal("bad-request", error.ErrorCondition());
    }

    [Fact]
    public async Task Iq_get_with_two_payloads_bounces_bad_request()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // RFC 6120 §8.2.3: a get or set contains exactly one payload.
        var error = await alice.RequestAsync(
            "<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/><query xmlns='jabber:iq:version'/></iq>", "p1");
        Assert.Equal("bad-request", error.ErrorCondition());
    }

    [Theory]
    [InlineData("@localhost")]
    [InlineData("bob@")]
    [InlineData("a@b@localhost")]
    [InlineData("bob@local host")]
    public async Task Malformed_to_bounces_jid_malformed(string to)
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync($"<message to='{to}' type='chat' id='m1'><body>hi</body></message>", "m1");
        // RFC 6120 §8.3.3.8: the address is not a valid JID (RFC 7622).
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal("jid-malformed", error.ErrorCondition());
        Assert.Equal("alice@localhost/laptop", error.Attribute("to"));
    }

    [Theory]
    [InlineData("<message to='juliet@capulet.example' type='chat' id='x1'><body>wherefore</body></message>")]
    [InlineData("<iq to='capulet.example' type='get' id='x1'><ping xmlns='urn:xmpp:ping'/></iq>")]
    public async Task Stanza_to_a_remote_domain_bounces_remote_server_not_found(string stanza)
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync(stanza, "x1");
        // RFC 6120 §10.4.3 and §8.3.3.16: no federation yet, so no remote server can be reached.
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal("remote-server-not-found", error.ErrorCondition());
    }

    [Fact]
    public async Task Presence_without_to_is_broadcast_to_the_users_own_available_resources()
    {
        await using var laptop = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        await using var phone = await _server.LoginAsync("alice", "wonderland", "phone");
        await using var bob = await _server.LoginAvailableAsync("bob", "builder", "desk");

        await phone.SendAsync("<presence><show>away</show><priority>5</priority></presence>");
        // RFC 6121 §4.2.2: initial presence goes to every available resource of the account, the sender included ...
        var atLaptop = await laptop.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("alice@localhost/phone", atLaptop.Attribute("from"));
        Assert.Equal("away", atLaptop.Child("show", Namespaces.Client)!.Text);
        // ... and the new resource learns of the others: its own echo and the laptop's presence.
        var atPhone = new[] { await phone.ExpectAsync("presence", Namespaces.Client), await phone.ExpectAsync("presence", Namespaces.Client) };
        Assert.Equal(["alice@localhost/laptop", "alice@localhost/phone"], atPhone.Select(p => p.Attribute("from")).Order());
        // Another account hears nothing of it (no roster yet): bob's next stanza answers his own ping.
        await bob.SendAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("p1", (await bob.NextAsync()).Attribute("id"));
    }

    [Fact]
    public async Task Unavailable_presence_is_broadcast_when_a_session_ends_without_one()
    {
        await using var laptop = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        var phone = await _server.LoginAvailableAsync("alice", "wonderland", "phone");
        Assert.Equal("alice@localhost/phone", (await laptop.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        // The phone's connection drops: no unavailable presence, no closing tag.
        await phone.DisposeAsync();
        // RFC 6121 §4.5.2: the server broadcasts unavailable presence on the session's behalf.
        var gone = await laptop.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("alice@localhost/phone", gone.Attribute("from"));
        Assert.Equal("unavailable", gone.Attribute("type"));
    }

    [Fact]
    public async Task Session_that_said_unavailable_is_not_announced_again_when_it_ends()
    {
        await using var laptop = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        await using var phone = await _server.LoginAvailableAsync("alice", "wonderland", "phone");
        Assert.Equal("alice@localhost/phone", (await laptop.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        // RFC 6121 §4.5.2: the unavailable presence is broadcast to the account's available resources ...
        await phone.SendAsync("<presence type='unavailable'/>");
        var gone = await laptop.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("alice@localhost/phone", gone.Attribute("from"));
        Assert.Equal("unavailable", gone.Attribute("type"));

        // ... once: when the phone then closes its stream, there is nothing more to say.
        await phone.SendAsync("</stream:stream>");
        while ((await phone.NextEventAsync()).Kind != ServerEventKind.Disconnected)
        {
        }
        await laptop.SendAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("p1", (await laptop.NextAsync()).Attribute("id"));
    }

    [Fact]
    public async Task Replaced_session_is_announced_unavailable_while_its_successor_has_sent_no_presence()
    {
        await using var desk = await _server.LoginAvailableAsync("alice", "wonderland", "desk");
        await using var old = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        Assert.Equal("alice@localhost/laptop", (await desk.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));
        Assert.Equal("alice@localhost/desk", (await old.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        await using var fresh = await _server.LoginAsync("alice", "wonderland", "laptop");
        Assert.Equal("conflict", await old.ExpectStreamErrorAsync());
        // The session that announced alice/laptop is gone and its successor is not available (yet): unavailable.
        var gone = await desk.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", gone.Attribute("from"));
        Assert.Equal("unavailable", gone.Attribute("type"));
    }

    [Fact]
    public async Task Replaced_session_is_not_announced_unavailable_after_its_successor_is_available()
    {
        await using var desk = await _server.LoginAvailableAsync("alice", "wonderland", "desk");
        await using var old = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        Assert.Equal("alice@localhost/laptop", (await desk.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        // The old laptop connection is half dead: it reads nothing, and bob's chatter fills its socket, so its
        // session takes its time to end once replaced.
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        var body = new string('x', 32 * 1024);
        for (var i = 0; i < 128; i++)
        {
            await bob.SendAsync($"<message to='alice@localhost/laptop' type='headline'><body>{body}</body></message>");
            if (i % 8 == 7)
                await Task.Delay(5);
        }
        await bob.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");

        // The laptop reconnects with the same resource (RFC 6120 §7.7.2.2, replace) and comes online.
        await using var fresh = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        var online = await desk.ExpectAsync("presence", Namespaces.Client);
        Assert.Equal("alice@localhost/laptop", online.Attribute("from"));
        Assert.Null(online.Attribute("type"));
        Assert.Equal("alice@localhost/desk", (await fresh.ExpectAsync("presence", Namespaces.Client)).Attribute("from"));

        // Only now does the old connection drain and end.
        while ((await old.NextEventAsync()).Kind != ServerEventKind.Disconnected)
        {
        }
        // alice/laptop is online: an unavailable for it now, on behalf of the replaced session, would be false
        // (RFC 6121 §4.5.2 is about a session whose resource is gone, not one that was taken over).
        foreach (var client in new[] { desk, fresh })
        {
            await client.SendAsync("<iq type='get' id='p2' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            var next = await client.NextAsync();
            Assert.True(next.Attribute("id") == "p2", $"expected nothing before the ping result, got {next}");
        }
    }

    [Fact]
    public async Task Disco_info_of_the_server_lists_its_features_and_identity()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var reply = await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");
        Assert.Equal("result", reply.Attribute("type"));
        var query = reply.Child("query", Namespaces.DiscoInfo)!;
        // XEP-0030 §3.1: at least one identity, and the features; a server is category server, type im.
        Assert.Contains(query.Elements(), i => i.Name == "identity" && i.Attribute("category") == "server" && i.Attribute("type") == "im");
        var features = query.Elements().Where(f => f.Name == "feature").Select(f => f.Attribute("var")).ToList();
        Assert.Contains(Namespaces.DiscoInfo, features);
        Assert.Contains(Namespaces.Ping, features);
        Assert.Contains(Namespaces.Version, features);
        Assert.Contains(Namespaces.Time, features);
    }

    [Fact]
    public async Task Server_answers_its_software_version()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var reply = await alice.RequestAsync("<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>", "v1");
        // XEP-0092 §2: name and version.
        Assert.Equal("result", reply.Attribute("type"));
        var query = reply.Child("query", Namespaces.Version)!;
        Assert.Equal("Parley", query.Child("name", Namespaces.Version)!.Text);
        Assert.False(string.IsNullOrEmpty(query.Child("version", Namespaces.Version)?.Text));
    }

    [Fact]
    public async Task Server_answers_its_time()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var reply = await alice.RequestAsync("<iq type='get' id='t1' to='localhost'><time xmlns='urn:xmpp:time'/></iq>", "t1");
        // XEP-0202 §3: tzo and utc (XEP-0082 DateTime, UTC).
        Assert.Equal("result", reply.Attribute("type"));
        var time = reply.Child("time", Namespaces.Time)!;
        Assert.Matches(@"^[+-]\d\d:\d\d$|^Z$", time.Child("tzo", Namespaces.Time)!.Text);
        var utc = DateTimeOffset.Parse(time.Child("utc", Namespaces.Time)!.Text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((utc - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        Assert.EndsWith("Z", time.Child("utc", Namespaces.Time)!.Text);
    }

    private async Task<TestClient> LoginWithPriorityAsync(string user, string password, string resource, int priority)
    {
        var client = await _server.LoginAsync(user, password, resource);
        await client.SendAsync($"<presence><priority>{priority}</priority></presence>");
        await client.ExpectAsync("presence", Namespaces.Client);
        return client;
    }

    private static string Body(Element message) => message.Child("body", Namespaces.Client)!.Text;

    private static void AssertError(Element error, string condition, string from, string to)
    {
        Assert.Equal("error", error.Attribute("type"));
        Assert.Equal(condition, error.ErrorCondition());
        Assert.Equal(from, error.Attribute("from"));
        Assert.Equal(to, error.Attribute("to"));
    }
}

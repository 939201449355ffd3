using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// RFC 6121 §8.5: which of an account's resources get a message, by its type and address.
public sealed class MessageDelivery_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync()
    {
        foreach (var bob in _bobs)
            await bob.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("normal")]
    [InlineData("bogus")] // §5.2.2: a type the server does not know is treated as normal.
    public async Task Message_to_the_bare_jid_goes_to_the_highest_priority_resource_only(string type)
    {
        var (low, high) = (await OnlineAsync("low", 1), await OnlineAsync("high", 5));
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.2.1.1: normal and chat go to the "most available" resource: here the one with the highest priority.
        await alice.SendAsync($"<message to='bob@localhost' type='{type}' id='m1'><body>top</body></message>");
        await alice.ExpectNothingAsync();
        Assert.Equal("m1", Assert.Single(await high.SyncAsync()).Attribute("id"));
        await low.ExpectNothingAsync();
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("normal")]
    public async Task Message_to_the_bare_jid_goes_to_every_resource_sharing_the_highest_priority(string type)
    {
        var (one, two, lower) = (await OnlineAsync("one", 3), await OnlineAsync("two", 3), await OnlineAsync("lower", 0));
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        await alice.SendAsync($"<message to='bob@localhost' type='{type}' id='t1'><body>tie</body></message>");
        await alice.ExpectNothingAsync();
        // §8.5.2.1.1: "the resource or resources with the highest presence priority".
        foreach (var top in new[] { one, two })
        {
            var message = Assert.Single(await top.SyncAsync());
            Assert.Equal("t1", message.Attribute("id"));
            // In all cases the 'to' stays the bare JID.
            Assert.Equal("bob@localhost", message.Attribute("to"));
        }
        await lower.ExpectNothingAsync();
    }

    [Fact]
    public async Task Headline_to_the_bare_jid_goes_to_every_resource_with_non_negative_priority()
    {
        var (a, b, negative) = (await OnlineAsync("a", 0), await OnlineAsync("b", 9), await OnlineAsync("neg", -1));
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        await alice.SendAsync("<message to='bob@localhost' type='headline' id='h1'><body>news</body></message>");
        await alice.ExpectNothingAsync();
        // §8.5.2.1.1: a headline goes to all non-negative resources, never to a negative one.
        Assert.Equal("h1", Assert.Single(await a.SyncAsync()).Attribute("id"));
        Assert.Equal("h1", Assert.Single(await b.SyncAsync()).Attribute("id"));
        await negative.ExpectNothingAsync();
    }

    [Fact]
    public async Task Resource_with_negative_priority_gets_nothing_sent_to_the_bare_jid()
    {
        var (zero, negative) = (await OnlineAsync("zero", 0), await OnlineAsync("neg", -3));
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        await alice.SendAsync("<message to='bob@localhost' type='chat' id='c1'><body>hi</body></message>");
        await alice.ExpectNothingAsync();
        // §8.5.2.1.1: a negative priority opts out of messages to the bare JID ...
        Assert.Equal("c1", Assert.Single(await zero.SyncAsync()).Attribute("id"));
        await negative.ExpectNothingAsync();

        // ... but not of messages to its own full JID (§8.5.3.1).
        await alice.SendAsync("<message to='bob@localhost/neg' type='chat' id='c2'><body>just you</body></message>");
        await alice.ExpectNothingAsync();
        Assert.Equal("c2", Assert.Single(await negative.SyncAsync()).Attribute("id"));
    }

    [Fact]
    public async Task Message_to_a_connected_resource_that_sent_no_presence_is_delivered()
    {
        await using var bob = await _server.LoginAsync("bob", "builder", "quiet");
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        // §8.5.3.1: a connected resource matching the full JID gets the message, whatever its presence.
        await alice.SendAsync("<message to='bob@localhost/quiet' id='q1'><body>psst</body></message>");
        await alice.ExpectNothingAsync();
        Assert.Equal("q1", Assert.Single(await bob.SyncAsync()).Attribute("id"));
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("groupchat")]
    public async Task Message_to_a_missing_resource_bounces_and_is_not_redirected(string type)
    {
        var phone = await OnlineAsync("phone", 1);
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.3.2.1: normal and groupchat to a resource that is not there are ignored or bounced; Parley bounces,
        // so the sender learns the message went nowhere. The other resource does not get it.
        var error = await alice.RequestAsync($"<message to='bob@localhost/tablet' type='{type}' id='x1'><body>?</body></message>", "x1");
        Assert.Equal("service-unavailable", error.ErrorCondition());
        Assert.Equal("bob@localhost/tablet", error.Attribute("from"));
        await phone.ExpectNothingAsync();
    }

    [Theory]
    [InlineData("headline")]
    [InlineData("error")]
    public async Task Headline_or_error_to_a_missing_resource_is_dropped_silently(string type)
    {
        var phone = await OnlineAsync("phone", 1);
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.3.2.1: silently ignored.
        await alice.SendAsync($"<message to='bob@localhost/tablet' type='{type}' id='x1'><body>?</body></message>");
        await alice.ExpectNothingAsync();
        await phone.ExpectNothingAsync();
    }

    [Fact]
    public async Task Chat_to_a_missing_resource_goes_to_the_highest_priority_resource()
    {
        var (low, high) = (await OnlineAsync("low", 0), await OnlineAsync("high", 2));
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.3.2.1: chat to a missing resource is handled as chat to the bare JID; the 'to' is kept.
        await alice.SendAsync("<message to='bob@localhost/gone' type='chat' id='g1'><body>moved?</body></message>");
        await alice.ExpectNothingAsync();
        var message = Assert.Single(await high.SyncAsync());
        Assert.Equal("bob@localhost/gone", message.Attribute("to"));
        await low.ExpectNothingAsync();
    }

    [Fact]
    public async Task Groupchat_to_the_bare_jid_bounces_even_when_the_account_is_online()
    {
        var phone = await OnlineAsync("phone", 1);
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.2.1.1: groupchat to a bare JID is never delivered; the error SHOULD be service-unavailable.
        var error = await alice.RequestAsync("<message to='bob@localhost' type='groupchat' id='gc'><body>?</body></message>", "gc");
        Assert.Equal("service-unavailable", error.ErrorCondition());
        await phone.ExpectNothingAsync();
    }

    [Fact]
    public async Task Error_message_to_the_bare_jid_is_dropped_silently()
    {
        var phone = await OnlineAsync("phone", 1);
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §8.5.2.1.1: an error message to the bare JID is silently ignored, and never answered with an error.
        await alice.SendAsync("<message to='bob@localhost' type='error' id='e1'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        await alice.ExpectNothingAsync();
        await phone.ExpectNothingAsync();
    }

    private readonly List<TestClient> _bobs = [];

    /// <summary>A resource of bob, available with the given priority; earlier ones have read its presence.</summary>
    private async Task<TestClient> OnlineAsync(string resource, int priority)
    {
        var client = await _server.LoginAsync("bob", "builder", resource);
        await client.SendAsync($"<presence><priority>{priority}</priority></presence>");
        // Its own echo, then the presence of each resource already online (RFC 6121 §4.2.2, §4.2.3) ...
        for (var i = 0; i <= _bobs.Count; i++)
            await client.ExpectAsync("presence", Namespaces.Client);
        // ... which in turn see the newcomer's.
        foreach (var other in _bobs)
            await other.ExpectAsync("presence", Namespaces.Client);
        _bobs.Add(client);
        return client;
    }
}

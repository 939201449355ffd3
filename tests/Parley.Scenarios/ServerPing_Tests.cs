using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// XEP-0199 §4.2: the server pings clients that have gone silent and closes the streams of those that do not answer.
public sealed class ServerPing_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // One second of silence before a ping, one second to answer it.
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["modules:ping:interval_seconds"] = "1",
            ["modules:ping:timeout_seconds"] = "1",
        });
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Silent_client_is_pinged_and_stays_connected_when_it_answers()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");

        // §4.2: an IQ get with <ping/> from the server to the client's full JID.
        var ping = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.Equal("get", ping.Attribute("type"));
        Assert.Equal("localhost", ping.Attribute("from"));
        Assert.Equal("alice@localhost/laptop", ping.Attribute("to"));
        Assert.NotNull(ping.Child("ping", Namespaces.Ping));
        await alice.SendAsync($"<iq type='result' id='{ping.Attribute("id")}' to='localhost'/>");

        // Answered: no stream error; the next silence brings the next ping, answered without a 'to' this time
        // (RFC 6120 §10.3.3: such an answer is for the account, and still reaches the server).
        var next = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.NotEqual(ping.Attribute("id"), next.Attribute("id"));
        await alice.SendAsync($"<iq type='result' id='{next.Attribute("id")}'/>");
        await alice.ExpectNothingAsync();
    }

    [Fact]
    public async Task Client_answering_with_an_error_is_alive_too()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var ping = await alice.ExpectAsync("iq", Namespaces.Client);
        // §4.2: a client without ping support answers service-unavailable, which still proves the stream is alive.
        await alice.SendAsync($"<iq type='error' id='{ping.Attribute("id")}' to='localhost'><ping xmlns='urn:xmpp:ping'/>"
            + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        var next = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.NotNull(next.Child("ping", Namespaces.Ping));
    }

    [Fact]
    public async Task Client_that_does_not_answer_is_disconnected_with_connection_timeout()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var ping = await alice.ExpectAsync("iq", Namespaces.Client);
        Assert.NotNull(ping.Child("ping", Namespaces.Ping));

        // No answer within timeout_seconds: the connection is taken for dead (RFC 6120 §4.9.3.4).
        Assert.Equal("connection-timeout", await alice.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Someone_elses_answer_with_the_pings_id_does_not_count()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "desk");
        var ping = await alice.ExpectAsync("iq", Namespaces.Client);

        // RFC 6120 §8.2.3: only the entity that was asked can answer; bob's result is ignored ...
        await bob.SendAsync($"<iq type='result' id='{ping.Attribute("id")}' to='localhost'/>");
        // ... and alice, who never answers, is still taken for dead.
        Assert.Equal("connection-timeout", await alice.ExpectStreamErrorAsync());
    }
}

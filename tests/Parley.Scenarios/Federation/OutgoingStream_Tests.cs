using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Streams.S2s;
using Parley.TestKit;

namespace Parley.Scenarios.Federation;

// The life of an outgoing s2s stream: idle close and reconnect, the peer going away and coming back.
public sealed class OutgoingStream_Tests : IAsyncLifetime
{
    private FederatedServers _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await FederatedServers.StartAsync(trusted: true,
            extraA: new Dictionary<string, string?> { ["s2s:idle_timeout_seconds"] = "1" });
        await _servers.A.AddUserAsync("alice", "wonderland");
        await _servers.B.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private S2sRoute RouteAtoB => _servers.A.Services.GetRequiredService<S2sManager>().Routes.Single(r => r.Remote == "b.test");

    [Fact]
    public async Task An_idle_stream_is_closed_and_the_next_stanza_opens_a_new_one()
    {
        await using var alice = await _servers.A.LoginAsync("alice", "wonderland", "home");
        await using var bob = await _servers.B.LoginAvailableAsync("bob", "builder", "work");

        await alice.SendAsync("<message to='bob@b.test' type='chat' id='i1'><body>one</body></message>");
        await bob.WaitForAsync(e => e.Attribute("id") == "i1", "the first message");
        var first = RouteAtoB.Ready!;

        // s2s.idle_timeout_seconds: nothing more to send, so a.test ends the stream with </stream:stream>.
        await first.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(RouteAtoB.Ready);
        // RFC 6120 §4.4: b.test answered our </stream:stream> with its own.
        Assert.True(first.EndedCleanly);

        await alice.SendAsync("<message to='bob@b.test' type='chat' id='i2'><body>two</body></message>");
        await bob.WaitForAsync(e => e.Attribute("id") == "i2", "the message on a new stream");
        Assert.NotSame(first, RouteAtoB.Ready);
    }

    [Fact]
    public async Task The_peer_shutting_down_ends_the_stream_and_its_return_is_noticed_on_the_next_stanza()
    {
        await using var alice = await _servers.A.LoginAsync("alice", "wonderland", "home");
        await using (var bob = await _servers.B.LoginAvailableAsync("bob", "builder", "work"))
        {
            await alice.SendAsync("<message to='bob@b.test' type='chat' id='s1'><body>before</body></message>");
            await bob.WaitForAsync(e => e.Attribute("id") == "s1", "the message before the shutdown");
        }
        var stream = RouteAtoB.Ready!;

        // b.test closes its incoming streams with system-shutdown (RFC 6120 §4.9.3.19); a.test drops its stream.
        await _servers.B.StopAsync();
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(30));

        await alice.SendAsync("<message to='bob@b.test' type='chat' id='s2'><body>anyone?</body></message>");
        var bounce = await alice.WaitForAsync(e => e.Attribute("id") == "s2", "the bounce");
        Assert.Contains(bounce.ErrorCondition(), new[] { "remote-server-not-found", "remote-server-timeout" });

        await _servers.RestartBAsync();
        await using var bobAgain = await _servers.B.LoginAvailableAsync("bob", "builder", "work");
        await alice.SendAsync("<message to='bob@b.test' type='chat' id='s3'><body>after</body></message>");
        await bobAgain.WaitForAsync(e => e.Attribute("id") == "s3" && e.Is("message", Namespaces.Client), "the message after the restart");
    }
}

// A peer that accepts the connection and never says anything: the queue is bounded, and the stanzas waiting in it
// bounce with remote-server-timeout when the negotiation time runs out.
public sealed class SilentPeer_Tests : IAsyncLifetime
{
    private readonly System.Net.Sockets.TcpListener _silent = new(System.Net.IPAddress.Loopback, 0);
    private readonly System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.Socket> _accepted = [];
    private TestServer _server = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _silent.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                    _accepted.Add(await _silent.AcceptSocketAsync());
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
            }
        });
        _folder = Path.Combine(Path.GetTempPath(), "parley-silent-" + Guid.NewGuid().ToString("N"));
        var pki = new FederationCertificates(_folder);
        var port = ((System.Net.IPEndPoint)_silent.LocalEndpoint).Port;
        _server = await TestServer.StartAsync(FederatedServers.Settings("a.test", pki.SelfSigned("a.test"),
            new Dictionary<string, int> { ["silent.test"] = port }, caFile: null, new Dictionary<string, string?>
            {
                ["s2s:queue"] = "2",
                ["s2s:negotiation_timeout_seconds"] = "2",
            }));
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _silent.Stop();
        foreach (var socket in _accepted)
            socket.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Stanzas_beyond_the_queue_bounce_at_once_and_the_queued_ones_when_negotiation_times_out()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "home");
        for (var i = 1; i <= 3; i++)
            await alice.SendAsync($"<message to='someone@silent.test' type='chat' id='q{i}'><body>{i}</body></message>");

        // s2s.queue = 2: the third has no room while the connection is being set up.
        var overflow = await alice.WaitForAsync(e => e.Attribute("id") == "q3", "the bounce of the third");
        Assert.Equal("resource-constraint", overflow.ErrorCondition());
        // RFC 6120 §8.3.3.17 (remote-server-timeout): the peer never answered within the negotiation time.
        foreach (var id in new[] { "q1", "q2" })
        {
            var bounce = await alice.WaitForAsync(e => e.Attribute("id") == id, "the bounce of " + id);
            Assert.Equal(("error", "remote-server-timeout"), (bounce.Attribute("type"), bounce.ErrorCondition()));
        }
    }
}

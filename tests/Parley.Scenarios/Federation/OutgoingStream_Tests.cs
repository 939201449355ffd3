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

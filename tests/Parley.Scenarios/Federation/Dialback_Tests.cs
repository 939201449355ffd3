using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Streams.S2s;
using Parley.TestKit;

namespace Parley.Scenarios.Federation;

// Two Parley servers with self-signed certificates: neither can authenticate the other by certificate, so both
// directions use Server Dialback (XEP-0220) over TLS.
public sealed class Dialback_Tests : IAsyncLifetime
{
    private FederatedServers _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await FederatedServers.StartAsync(trusted: false);
        await _servers.A.AddUserAsync("alice", "wonderland");
        await _servers.B.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Messages_cross_both_ways()
    {
        await using var alice = await _servers.A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var bob = await _servers.B.LoginAvailableAsync("bob", "builder", "work");

        await alice.SendAsync("<message to='bob@b.test' type='chat' id='m1'><body>hello from a</body></message>");
        var atBob = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("alice@a.test/home", atBob.Attribute("from"));
        Assert.Equal("hello from a", atBob.Child("body", Namespaces.Client)?.Text);

        await bob.SendAsync("<message to='alice@a.test/home' type='chat' id='m2'><body>hello from b</body></message>");
        var atAlice = await alice.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("bob@b.test/work", atAlice.Attribute("from"));
        Assert.Equal("hello from b", atAlice.Child("body", Namespaces.Client)?.Text);

        Assert.Equal(S2sAuthMethod.Dialback, AuthMethod(_servers.A, "a.test", "b.test"));
        Assert.Equal(S2sAuthMethod.Dialback, AuthMethod(_servers.B, "b.test", "a.test"));
    }

    internal static S2sAuthMethod? AuthMethod(TestServer server, string local, string remote)
        => server.Services.GetRequiredService<S2sManager>().Routes.Single(r => r.Local == local && r.Remote == remote).Ready?.Auth;
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Sessions;
using Parley.Server.Streams.C2s;
using Parley.TestKit;

namespace Parley.Scenarios;

// An idle client should not keep OpenSSL's TLS record buffers (docs/benchmarks.md, idle target): every c2s stream
// asks OpenSSL to release them once drained (SSL_MODE_RELEASE_BUFFERS), and traffic flows as before.
public sealed class TlsBuffers_Tests : IAsyncLifetime
{
    private const long ReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sessions_after_starttls_release_idle_record_buffers_and_still_exchange_messages()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");

        var streams = _server.Services.GetRequiredService<LocalSessionRegistry>().All.Cast<C2sStream>().ToList();
        Assert.Equal(2, streams.Count);
        foreach (var stream in streams)
        {
            if (OperatingSystem.IsLinux())
                Assert.Equal(ReleaseBuffers, stream.TlsMode!.Value & ReleaseBuffers);
            else
                Assert.Null(stream.TlsMode); // not OpenSSL: left as it is
        }

        // Buffers freed while idle are allocated again for the next record, in both directions.
        var body = new string('x', 20_000);
        await alice.SendAsync($"<message to='bob@localhost/phone' type='chat' id='m1'><body>{body}</body></message>");
        // Waited for, not synced: alice's 20 KB arrive in several records and may be routed after a ping bob
        // sent at the same time was answered.
        var received = await bob.ExpectAsync("message", Parley.Protocol.Namespaces.Client);
        await bob.ExpectNothingAsync();
        Assert.Equal("m1", received.Attribute("id"));
        Assert.Equal(body, received.Child("body", Parley.Protocol.Namespaces.Client)!.Text);
    }
}

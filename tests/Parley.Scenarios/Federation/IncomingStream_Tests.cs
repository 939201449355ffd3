using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios.Federation;

// An incoming s2s stream carrying several domain pairs (XEP-0220 §2.4 multiplexing), and direct TLS (XEP-0368).
public sealed class IncomingStream_Tests : IAsyncLifetime
{
    private FederatedServers _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await FederatedServers.StartAsync(trusted: true);
        await _servers.A.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private TestServer A => _servers.A;

    [Fact]
    public async Task A_second_sender_domain_covered_by_the_certificate_joins_the_stream_by_dialback()
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        var certificate = FederationCertificates.Load(_servers.Pki.Issue("c.test", "rooms.c.test"));
        await using var peer = await FakePeer.AuthenticatedAsync(A, "c.test", certificate);

        // XEP-0220 §2.4.1 (sender multiplexing); the certificate already proves rooms.c.test (§1.2).
        await peer.SendAsync("<db:result from='rooms.c.test' to='a.test'>not-needed</db:result>");
        var result = await peer.NextAsync();
        Assert.True(result.Is("result", FakePeer.Dialback), result.ToString());
        Assert.Equal(("valid", "a.test", "rooms.c.test"), (result.Attribute("type"), result.Attribute("from"), result.Attribute("to")));

        await peer.SendAsync("<message from='room@rooms.c.test/nick' to='alice@a.test' type='chat' id='r1'><body>from the room</body></message>");
        await peer.SendAsync("<message from='carol@c.test' to='alice@a.test' type='chat' id='c1'><body>from carol</body></message>");
        Assert.Equal("room@rooms.c.test/nick", (await alice.WaitForAsync(e => e.Attribute("id") == "r1", "the room's message")).Attribute("from"));
        Assert.Equal("carol@c.test", (await alice.WaitForAsync(e => e.Attribute("id") == "c1", "carol's message")).Attribute("from"));
    }

    [Fact]
    public async Task A_domain_whose_authoritative_server_cannot_be_reached_gets_a_dialback_error_and_the_stream_goes_on()
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var peer = await FakePeer.AuthenticatedAsync(A, "c.test", FederationCertificates.Load(_servers.Pki.Issue("c.test")));

        // nowhere.test has no address (no override, DNS answers nothing): the key cannot be verified.
        await peer.SendAsync("<db:result from='nowhere.test' to='a.test'>0123</db:result>");
        var result = await peer.NextAsync();
        Assert.Equal(("error", "nowhere.test"), (result.Attribute("type"), result.Attribute("to")));
        Assert.Equal("remote-server-not-found", FakePeer.DialbackErrorCondition(result));

        // XEP-0220 §2.4: not a stream error; c.test still delivers.
        await peer.SendAsync("<message from='carol@c.test' to='alice@a.test' type='chat' id='still'><body>still here</body></message>");
        await alice.WaitForAsync(e => e.Attribute("id") == "still", "the message after the dialback error");
    }

    [Fact]
    public async Task Direct_tls_offers_no_starttls_and_authenticates_by_certificate()
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        var certificate = FederationCertificates.Load(_servers.Pki.Issue("c.test"));
        var (probe, features) = await FakePeer.ConnectAsync(A, "c.test", certificate, directTls: true);
        await probe.DisposeAsync();
        Assert.Null(features.Child("starttls", Namespaces.Tls));

        await using var peer = await FakePeer.AuthenticatedAsync(A, "c.test", certificate, directTls: true);
        await peer.SendAsync("<message from='carol@c.test' to='alice@a.test' type='chat' id='d1'><body>direct</body></message>");
        await alice.WaitForAsync(e => e.Attribute("id") == "d1", "the message over direct TLS");
    }
}

using System.Security.Cryptography.X509Certificates;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios.Federation;

// A hand-driven peer on a.test's s2s port, sending what a real server must refuse: RFC 6120 §4.9.3, §13.7,
// XEP-0220 §3.1 (unsolicited dialback), DESIGN §8.
public sealed class FederationBadInput_Tests : IAsyncLifetime
{
    private const string Dialback = FakePeer.Dialback;

    private FederatedServers _servers = null!;

    public async Task InitializeAsync()
    {
        // CA-issued certificates (a.test trusts the CA); stanzas over 10000 bytes are too big once authenticated.
        _servers = await FederatedServers.StartAsync(trusted: true,
            extraA: new Dictionary<string, string?> { ["limits:max_stanza_bytes"] = "10000" });
        await _servers.A.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private TestServer A => _servers.A;

    private Task<(TestClient Peer, Element Features)> PeerAsync(string from, X509Certificate2? certificate = null)
        => FakePeer.ConnectAsync(A, from, certificate);

    private Task<Element> OpenAsync(TestClient peer, string from) => FakePeer.OpenAsync(peer, A, from);

    /// <summary>A peer authenticated as c.test by SASL EXTERNAL with a certificate from the trusted CA.</summary>
    private Task<TestClient> AuthenticatedPeerAsync()
        => FakePeer.AuthenticatedAsync(A, "c.test", FederationCertificates.Load(_servers.Pki.Issue("c.test")));

    [Fact]
    public async Task An_authenticated_peer_delivers_but_a_stanza_from_another_domain_is_invalid_from()
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var peer = await AuthenticatedPeerAsync();

        await peer.SendAsync("<message from='mallory@c.test/x' to='alice@a.test' type='chat' id='ok'><body>hi</body></message>");
        var delivered = await alice.WaitForAsync(e => e.Attribute("id") == "ok", "the message from c.test");
        Assert.Equal("mallory@c.test/x", delivered.Attribute("from"));

        // RFC 6120 §4.9.3.10: b.test was never authenticated on this stream.
        await peer.SendAsync("<message from='bob@b.test' to='alice@a.test' type='chat' id='spoof'><body>I am Bob</body></message>");
        Assert.Equal("invalid-from", await peer.ExpectStreamErrorAsync());
        await alice.ExpectNothingAsync();
    }

    [Fact]
    public async Task A_stanza_for_a_domain_this_server_does_not_serve_is_not_relayed()
    {
        await using var peer = await AuthenticatedPeerAsync();
        await peer.SendAsync("<message from='mallory@c.test' to='someone@b.test' type='chat'><body>pass it on</body></message>");
        Assert.Equal("host-unknown", await peer.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Unsolicited_dialback_answers_authenticate_nothing()
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        var (peer, _) = await PeerAsync("b.test");
        await using var _ = peer;

        // XEP-0220 §3.1: a result or verification nobody asked for is ignored ...
        await peer.SendAsync("<db:result from='b.test' to='a.test' type='valid'/>");
        await peer.SendAsync("<db:verify from='b.test' to='a.test' id='whatever' type='valid'/>");
        // ... so the stanza that follows comes from a stream on which nothing is authenticated.
        await peer.SendAsync("<message from='bob@b.test' to='alice@a.test' type='chat' id='sneak'><body>let me in</body></message>");
        Assert.Equal("not-authorized", await peer.ExpectStreamErrorAsync());
        await alice.ExpectNothingAsync();
    }

    [Fact]
    public async Task A_wrong_dialback_key_is_declared_invalid_by_the_authoritative_server()
    {
        // No certificate: a.test asks b.test (its authoritative server, found by host override) about the key.
        var (peer, features) = await PeerAsync("b.test");
        await using var _ = peer;
        Assert.NotNull(features.Child("dialback", "urn:xmpp:features:dialback")?.Child("errors", "urn:xmpp:features:dialback"));

        await peer.SendAsync("<db:result from='b.test' to='a.test'>0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</db:result>");
        var result = await peer.NextAsync();
        Assert.True(result.Is("result", Dialback), result.ToString());
        Assert.Equal(("invalid", "a.test", "b.test"), (result.Attribute("type"), result.Attribute("from"), result.Attribute("to")));
        // XEP-0220 §2.2.1: the stream is then closed.
        Assert.Contains((await peer.NextEventAsync()).Kind, new[] { ServerEventKind.Closed, ServerEventKind.Disconnected });
    }

    [Fact]
    public async Task Dialback_for_a_domain_not_served_here_is_a_dialback_error_not_a_stream_error()
    {
        var (peer, _) = await PeerAsync("b.test");
        await using var _ = peer;
        await peer.SendAsync("<db:result from='b.test' to='elsewhere.test'>00</db:result>");
        var result = await peer.NextAsync();
        Assert.Equal(("error", "elsewhere.test"), (result.Attribute("type"), result.Attribute("from")));
        Assert.Equal("item-not-found", FakePeer.DialbackErrorCondition(result));
        // XEP-0220 §2.2.1: the stream stays open for other domain pairs.
        await peer.SendAsync("<db:verify from='b.test' to='a.test' id='abc'>00</db:verify>");
        var verify = await peer.NextAsync();
        Assert.Equal(("invalid", "abc"), (verify.Attribute("type"), verify.Attribute("id")));
    }

    [Fact]
    public async Task An_oversized_stanza_is_a_policy_violation()
    {
        await using var peer = await AuthenticatedPeerAsync();
        var body = new string('x', 20_000);
        await peer.SendAsync($"<message from='mallory@c.test' to='alice@a.test' type='chat'><body>{body}</body></message>");
        Assert.Equal("policy-violation", await peer.ExpectStreamErrorAsync());
    }

    [Theory]
    [InlineData("<message from='bob@b.test' to='alice@a.test' type='chat'><body>in the clear</body></message>")]
    [InlineData("<db:result from='b.test' to='a.test'>00</db:result>")]
    public async Task Nothing_but_starttls_is_accepted_before_tls(string xml)
    {
        await using var alice = await A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var peer = await TestClient.ConnectAsync(A.S2sPort, directTls: false, A.Host);
        var features = await OpenAsync(peer, "b.test");
        Assert.NotNull(features.Child("starttls", Namespaces.Tls)?.Child("required", Namespaces.Tls));

        await peer.SendAsync(xml);
        Assert.Equal("policy-violation", await peer.ExpectStreamErrorAsync());
        await alice.ExpectNothingAsync();
    }

    [Fact]
    public async Task Our_own_domain_is_never_authenticated_from_outside()
    {
        var (peer, _) = await PeerAsync("b.test");
        await using var _ = peer;
        await peer.SendAsync("<db:result from='a.test' to='a.test'>00</db:result>");
        var result = await peer.NextAsync();
        Assert.Equal(("error", "not-authorized"), (result.Attribute("type"), FakePeer.DialbackErrorCondition(result)));
    }

    [Fact]
    public async Task Sasl_external_is_not_offered_for_a_certificate_that_does_not_cover_the_claimed_domain()
    {
        // A valid certificate, but for c.test, while the header claims b.test.
        var (peer, features) = await PeerAsync("b.test", FederationCertificates.Load(_servers.Pki.Issue("c.test")));
        await using var _ = peer;
        Assert.Null(features.Child("mechanisms", Namespaces.Sasl));
        await peer.SendAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
        var failure = await peer.ExpectAsync("failure", Namespaces.Sasl);
        Assert.Equal("not-authorized", failure.SaslCondition());
    }
}

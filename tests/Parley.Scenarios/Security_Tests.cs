using System.Security.Authentication;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// What an attacker on the wire or with an account tries: STARTTLS command injection, authorizing as someone else,
// guessing passwords, spoofing 'from'.
public sealed class Security_Tests : IAsyncLifetime
{
    private const string PlainAlice = "AGFsaWNlAHdvbmRlcmxhbmQ="; // "\0alice\0wonderland"

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{PlainAlice}</auth>")]
    [InlineData("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
        + $"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{PlainAlice}</auth>")]
    public async Task Plaintext_sent_with_starttls_is_never_processed(string injected)
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        // In one packet: the command and what a man in the middle appends to it, before the handshake.
        await client.SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + injected);
        await client.ExpectAsync("proceed", Namespaces.Tls);
        // RFC 6120 §5.4.3.3: after <proceed/> the server speaks only TLS; it never answers the appended text.
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
        try
        {
            await client.HandshakeAsync();
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return; // The appended bytes spoiled the handshake: nothing of them was processed either.
        }
        // DESIGN §3.1: the bytes were discarded; the new stream is not authenticated.
        var features = await client.OpenAsync();
        Assert.NotNull(features.Child("mechanisms", Namespaces.Sasl));
        Assert.Null(features.Child("bind", Namespaces.Bind));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    public async Task Authzid_of_another_user_is_refused_with_invalid_authzid(string mechanism)
    {
        await using var alice = await ConnectOverTlsAsync();
        var answer = await AuthAsync(alice, mechanism, "alice", "wonderland", authzid: "bob@localhost");
        // RFC 6120 §6.5.6: the authenticated identity may not act as the requested one.
        Assert.True(answer.Is("failure", Namespaces.Sasl), answer.ToString());
        Assert.Equal("invalid-authzid", answer.SaslCondition());
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    public async Task Own_bare_jid_as_authzid_is_accepted(string mechanism)
    {
        await using var alice = await ConnectOverTlsAsync();
        var answer = await AuthAsync(alice, mechanism, "alice", "wonderland", authzid: "alice@localhost");
        // RFC 6120 §6.3.8: an authzid equal to the identity derived from the credentials is no change of identity.
        Assert.True(answer.Is("success", Namespaces.Sasl), answer.ToString());
        alice.ResetParser();
        await alice.OpenAsync();
        Assert.Equal("alice@localhost/laptop", (await alice.BindAsync("laptop")).ToString());
    }

    [Fact]
    public async Task Repeated_failures_close_the_stream_with_policy_violation()
    {
        await using var client = await ConnectOverTlsAsync();
        // RFC 6120 §6.4.5: a configurable number of retries (sasl.max_attempts_per_stream, 3 by default) ...
        for (var i = 0; i < 3; i++)
        {
            var answer = await client.AuthPlainAsync("alice", "guess" + i);
            Assert.Equal("not-authorized", answer.SaslCondition());
        }
        // ... then the stream is closed.
        Assert.Equal("policy-violation", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Failures_from_one_address_are_throttled_even_with_the_right_password_later()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["sasl:failures_per_ip_per_minute"] = "2" });
        await server.AddUserAsync("alice", "wonderland");
        await using (var guesser = await server.ConnectAsync())
        {
            await guesser.OpenAsync();
            await guesser.StartTlsAsync();
            await guesser.OpenAsync();
            Assert.Equal("not-authorized", (await guesser.AuthPlainAsync("alice", "guess1")).SaslCondition());
            Assert.Equal("not-authorized", (await guesser.AuthPlainAsync("alice", "guess2")).SaslCondition());
        }
        // DESIGN §8: the address has spent its failures for this minute; a new connection does not reset that,
        // and the right password is not even checked (RFC 6120 §6.5.11 temporary-auth-failure).
        await using var client = await server.ConnectAsync();
        await client.OpenAsync();
        await client.StartTlsAsync();
        await client.OpenAsync();
        var answer = await client.AuthPlainAsync("alice", "wonderland");
        Assert.Equal("temporary-auth-failure", answer.SaslCondition());
    }

    [Fact]
    public async Task Failures_on_one_account_are_throttled_even_with_the_right_password_later()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["sasl:failures_per_account_per_minute"] = "2" });
        await server.AddUserAsync("alice", "wonderland");
        await server.AddUserAsync("bob", "builder");
        await using var guesser = await server.ConnectAsync();
        await guesser.OpenAsync();
        await guesser.StartTlsAsync();
        await guesser.OpenAsync();
        Assert.Equal("not-authorized", (await guesser.AuthScramSha256Async("alice", "guess1")).SaslCondition());
        Assert.Equal("not-authorized", (await guesser.AuthScramSha256Async("alice", "guess2")).SaslCondition());

        // DESIGN §8: alice's account has spent its failures, from wherever the next attempt comes ...
        await using var client = await server.ConnectAsync();
        await client.OpenAsync();
        await client.StartTlsAsync();
        await client.OpenAsync();
        Assert.Equal("temporary-auth-failure", (await client.AuthPlainAsync("alice", "wonderland")).SaslCondition());
        // ... while other accounts are not affected.
        Assert.True((await client.AuthPlainAsync("bob", "builder")).Is("success", Namespaces.Sasl));
    }

    [Fact]
    public async Task Spoofed_from_on_a_message_is_replaced_by_the_senders_full_jid()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        await alice.SendAsync("<message from='bob@localhost' to='bob@localhost/phone' type='chat'><body>it is me, bob</body></message>");
        var received = await bob.ExpectAsync("message", Namespaces.Client);
        // RFC 6120 §8.1.2.1: the server stamps 'from' with the sender's full JID, whatever the client wrote.
        Assert.Equal("alice@localhost/laptop", received.Attribute("from"));
    }

    [Fact]
    public async Task Spoofed_from_on_an_iq_gets_the_answer_back_to_the_real_sender()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "phone");
        var reply = await alice.RequestAsync(
            "<iq from='bob@localhost/phone' type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>", "v1");
        Assert.Equal("result", reply.Attribute("type"));
        Assert.Equal("alice@localhost/laptop", reply.Attribute("to"));
        // Bob's first stanza is the answer to his own ping: the version result never went to him.
        await bob.SendAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("p1", (await bob.NextAsync()).Attribute("id"));
    }

    private async Task<TestClient> ConnectOverTlsAsync()
    {
        var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.StartTlsAsync();
        await client.OpenAsync();
        return client;
    }

    private static Task<Element> AuthAsync(TestClient client, string mechanism, string user, string password, string authzid)
        => mechanism == "PLAIN" ? client.AuthPlainAsync(user, password, authzid) : client.AuthScramSha256Async(user, password, authzid);
}

using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

// RFC 6120 §4 (streams), §5 (STARTTLS), §7 (bind) as a client sees them over a real socket.
public sealed class StreamNegotiation_Tests : IAsyncLifetime
{
    private const string StreamOpen = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'";

    // Two virtual hosts, from a config file as an administrator writes it: empty tables take every default.
    private const string TwoHosts = """
        [hosts.localhost]

        [hosts."other.example"]
        """;

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(toml: TwoHosts);
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Server_answers_the_header_with_from_id_version_and_lang()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(StreamOpen + " to='localhost' from='alice@localhost' version='1.0' xml:lang='en'>");

        var header = await client.ExpectHeaderAsync();
        // §4.7.1 from: the host the client asked for; §4.7.2 to: the client's from; §4.7.3 a stream id;
        // §4.7.4 the default language; §4.7.5 the version both speak.
        Assert.Equal("localhost", header.Attribute("from"));
        Assert.Equal("alice@localhost", header.Attribute("to"));
        Assert.False(string.IsNullOrEmpty(header.Attribute("id")));
        Assert.Equal("1.0", header.Attribute("version"));
        Assert.False(string.IsNullOrEmpty(header.Lang));
        // §4.3.2: a version 1.0 stream announces its features at once.
        await client.ExpectAsync("features", Namespaces.Streams);
    }

    [Fact]
    public async Task Every_configured_host_is_served_with_its_own_name()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync("other.example");
        Assert.Equal("other.example", client.ServerHeader!.Attribute("from"));
    }

    [Fact]
    public async Task A_restarted_stream_gets_a_new_id()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        var first = client.ServerHeader!.Attribute("id");
        await client.StartTlsAsync();
        await client.OpenAsync();
        // §4.3.3: after a restart the receiving entity sends a new header with a new stream id.
        Assert.NotEqual(first, client.ServerHeader!.Attribute("id"));
    }

    [Fact]
    public async Task Unknown_host_is_refused_with_host_unknown()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenStreamAsync("nowhere.example");
        // §4.9.1.2: an error during set-up still comes after the server's own header.
        await client.ExpectHeaderAsync();
        // §4.9.3.6
        Assert.Equal("host-unknown", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Header_without_to_is_refused_with_host_unknown()
    {
        await using var client = await _server.ConnectAsync();
        // §4.7.2: a client MUST name the host it wants; with no name there is no host this server serves
        // (§4.9.3.6 host-unknown). Prosody answers improper-addressing instead, but §4.9.3.7 defines that one for
        // stanzas between servers, not for stream headers.
        await client.SendAsync(StreamOpen + " version='1.0'>");
        await client.ExpectHeaderAsync();
        Assert.Equal("host-unknown", await client.ExpectStreamErrorAsync());
    }

    [Theory]
    [InlineData("jabber:server")]
    [InlineData("urn:example:not-xmpp")]
    public async Task Wrong_content_namespace_is_refused_with_invalid_namespace(string contentNamespace)
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenStreamAsync(ns: contentNamespace);
        // §4.8.2 and §4.9.3.10: a client stream's content namespace is jabber:client.
        Assert.Equal("invalid-namespace", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Wrong_stream_namespace_is_refused_with_invalid_namespace()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='urn:example:streams' to='localhost' version='1.0'>");
        // §4.8.1 and §4.9.3.10: the stream element is qualified by http://etherx.jabber.org/streams.
        Assert.Equal("invalid-namespace", await client.ExpectStreamErrorAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2.0")]
    [InlineData("0.9")]
    public async Task Unsupported_version_is_refused_with_unsupported_version(string? version)
    {
        await using var client = await _server.ConnectAsync();
        // §4.7.5: no version means a pre-XMPP (0.9) client; a different major version is not compatible.
        var attribute = version is null ? "" : $" version='{version}'";
        await client.SendAsync(StreamOpen + $" to='localhost'{attribute}>");
        await client.ExpectHeaderAsync();
        // §4.9.3.25
        Assert.Equal("unsupported-version", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Higher_minor_version_is_answered_with_ours()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenStreamAsync(version: "1.5");
        // §4.7.5: the same major version is compatible; the answer carries the lower of the two versions.
        Assert.Equal("1.0", (await client.ExpectHeaderAsync()).Attribute("version"));
        await client.ExpectAsync("features", Namespaces.Streams);
    }

    [Fact]
    public async Task Unknown_top_level_element_is_refused_with_unsupported_stanza_type()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendAsync("<gift xmlns='urn:example:gifts'/>");
        // §4.9.3.24: a first-level child of the stream the server does not support.
        Assert.Equal("unsupported-stanza-type", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Stanza_before_authentication_is_refused_with_not_authorized()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.StartTlsAsync();
        await client.OpenAsync();
        await client.SendAsync("<message to='alice@localhost'><body>hi</body></message>");
        // §4.9.3.12: stanzas before the stream is authenticated.
        Assert.Equal("not-authorized", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Stanza_after_authentication_but_before_bind_is_refused_with_not_authorized()
    {
        await using var client = await _server.ConnectAsync();
        await client.AuthenticateAsync("alice", "wonderland");
        await client.OpenAsync();
        await client.SendAsync("<message to='alice@localhost'><body>hi</body></message>");
        // §7.1: a stanza before a resource is bound is not processed; the stream is closed with not-authorized.
        Assert.Equal("not-authorized", await client.ExpectStreamErrorAsync());
    }

    [Theory]
    [InlineData("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")]
    [InlineData("<message to='alice@localhost'><body>hi</body></message>")]
    [InlineData("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")]
    public async Task Anything_but_STARTTLS_before_TLS_is_a_policy_violation(string xml)
    {
        await using var client = await _server.ConnectAsync();
        var features = await client.OpenAsync();
        Assert.NotNull(features.Child("starttls", Namespaces.Tls)?.Child("required", Namespaces.Tls));
        await client.SendAsync(xml);
        // §5.3.1: TLS is mandatory-to-negotiate here; §4.9.3.14 policy-violation.
        Assert.Equal("policy-violation", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Auth_before_TLS_fails_with_encryption_required()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        var answer = await client.AuthPlainAsync("alice", "wonderland");
        // §6.5.4: the mechanism may only be used over an encrypted stream.
        Assert.True(answer.Is("failure", Namespaces.Sasl), answer.ToString());
        Assert.Equal("encryption-required", answer.SaslCondition());
    }

    [Fact]
    public async Task Restart_after_TLS_naming_another_host_is_refused_with_host_unknown()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync("localhost");
        await client.StartTlsAsync();
        // DESIGN §8: the host is chosen once, on the first header; a restart naming another one (even one this
        // server serves) is refused, so a certificate for one host cannot front a login to another.
        await client.OpenStreamAsync("other.example");
        Assert.Equal("host-unknown", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Restart_after_SASL_naming_another_host_is_refused_with_host_unknown()
    {
        await using var client = await _server.ConnectAsync();
        await client.AuthenticateAsync("alice", "wonderland");
        await client.OpenStreamAsync("other.example");
        Assert.Equal("host-unknown", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Closing_the_stream_before_authentication_is_answered_with_the_servers_close()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.SendAsync("</stream:stream>");
        // §4.4: the server answers with its own closing tag, then closes the TCP connection.
        Assert.Equal(ServerEventKind.Closed, (await client.NextEventAsync()).Kind);
        Assert.Equal(ServerEventKind.Disconnected, (await client.NextEventAsync()).Kind);
    }

    [Fact]
    public async Task Closing_an_established_stream_is_answered_with_the_servers_close()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendAsync("</stream:stream>");
        Assert.Equal(ServerEventKind.Closed, (await client.NextEventAsync()).Kind);
        Assert.Equal(ServerEventKind.Disconnected, (await client.NextEventAsync()).Kind);
    }

    [Fact]
    public async Task Whitespace_keepalives_are_harmless()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        // §4.6.1: whitespace between top-level elements, before and after authentication.
        await client.SendAsync(" \n\t ");
        await client.StartTlsAsync();
        await client.OpenAsync();
        await client.SendAsync("\r\n");
        var answer = await client.AuthPlainAsync("alice", "wonderland");
        Assert.True(answer.Is("success", Namespaces.Sasl), answer.ToString());
        client.ResetParser();
        await client.OpenAsync();
        await client.BindAsync("laptop");
        await client.SendAsync(" ");
        await client.SendAsync("\n");
        var reply = await client.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", reply.Attribute("type"));
    }

    [Fact]
    public async Task Stanza_sent_byte_by_byte_is_read_whole()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        // §4.2: a stream is a byte stream; a stanza (and a character: é is two bytes) may be cut anywhere.
        var bytes = System.Text.Encoding.UTF8.GetBytes("<message to='alice@localhost/laptop' type='chat'><body>café</body></message>");
        foreach (var b in bytes)
            await client.SendBytesAsync([b]);
        var echo = await client.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("café", echo.Child("body", Namespaces.Client)!.Text);
    }

    [Fact]
    public async Task Several_stanzas_in_one_packet_are_each_answered()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendAsync(string.Concat(Enumerable.Range(1, 3).Select(i => $"<iq type='get' id='p{i}' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")));
        for (var i = 1; i <= 3; i++)
            Assert.Equal($"p{i}", (await client.ExpectAsync("iq", Namespaces.Client)).Attribute("id"));
    }

    [Fact]
    public async Task Restart_and_bind_pipelined_after_auth_are_processed_in_order()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.StartTlsAsync();
        await client.OpenAsync();
        // RFC 6120 §6.4.6 has the client wait for success; a client that does not (XEP-0305 pipelining) sends its
        // restart and bind at once, and since PLAIN succeeds they must be read as part of the new stream.
        await client.SendAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHdvbmRlcmxhbmQ=</auth>"
            + StreamOpen + " to='localhost' version='1.0'>"
            + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>laptop</resource></bind></iq>");
        await client.ExpectAsync("success", Namespaces.Sasl);
        client.ResetParser();
        await client.ExpectHeaderAsync();
        await client.ExpectAsync("features", Namespaces.Streams);
        var bound = await client.ExpectAsync("iq", Namespaces.Client);
        Assert.Equal("result", bound.Attribute("type"));
    }

    [Fact]
    public async Task Session_establishment_is_answered_with_a_result()
    {
        await using var client = await _server.ConnectAsync();
        await client.AuthenticateAsync("alice", "wonderland");
        var features = await client.OpenAsync();
        // RFC 6121 Appendix E: the RFC 3921 session feature is offered as optional for old clients ...
        Assert.NotNull(features.Child("session", Namespaces.Session)?.Child("optional", Namespaces.Session));
        await client.BindAsync("laptop");
        // ... and a client that still asks for it gets a plain result.
        var reply = await client.RequestAsync("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>", "s1");
        Assert.Equal("result", reply.Attribute("type"));
    }
}

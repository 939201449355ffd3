using System.Text;
using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

// The XML rules of RFC 6120 §11 and the limits of DESIGN §8, through a real stream: each bad input ends the stream
// with the right stream error (§4.9.3), before authentication and after bind.
public sealed class BadInput_Tests : IAsyncLifetime
{
    private const int UnauthenticatedLimit = 5000;
    private const int AuthenticatedLimit = 20000;

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["limits:max_stanza_bytes_unauthenticated"] = UnauthenticatedLimit.ToString(),
            ["limits:max_stanza_bytes"] = AuthenticatedLimit.ToString(),
        });
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Bytes(string before, byte[] middle, string after) => [.. U(before), .. middle, .. U(after)];

    private static readonly Dictionary<string, (byte[] Input, string Condition)> Cases = new()
    {
        // §11.1 restricted XML: no DTD, no entity declarations, no comments, no processing instructions, and no
        // entity but the five predefined ones (§4.9.3.18 restricted-xml).
        ["doctype"] = (U("<!DOCTYPE message>"), "restricted-xml"),
        ["entity declaration"] = (U("<!ENTITY boom 'boom'>"), "restricted-xml"),
        ["comment"] = (U("<!-- hello -->"), "restricted-xml"),
        ["comment inside a stanza"] = (U("<message><!-- hello --></message>"), "restricted-xml"),
        ["processing instruction"] = (U("<?app do-something?>"), "restricted-xml"),
        ["undefined entity"] = (U("<message><body>&boom;</body></message>"), "restricted-xml"),
        ["undefined entity in an attribute"] = (U("<message id='&boom;'/>"), "restricted-xml"),
        // §4.9.3.13 not-well-formed: XML 1.0 and Namespaces in XML.
        ["malformed tag"] = (U("<message <body/>"), "not-well-formed"),
        ["mismatched end tag"] = (U("<message><body></message>"), "not-well-formed"),
        ["unquoted attribute"] = (U("<message id=1/>"), "not-well-formed"),
        ["duplicate attribute"] = (U("<message id='1' id='2'/>"), "not-well-formed"),
        ["invalid UTF-8"] = (Bytes("<message><body>", [0xC3, 0x28], "</body></message>"), "not-well-formed"),
        ["overlong UTF-8"] = (Bytes("<message><body>", [0xC0, 0xAF], "</body></message>"), "not-well-formed"),
        ["UTF-8 encoded surrogate"] = (Bytes("<message><body>", [0xED, 0xA0, 0x80], "</body></message>"), "not-well-formed"),
        ["control character"] = (Bytes("<message><body>", [0x01], "</body></message>"), "not-well-formed"),
        ["control character reference"] = (U("<message><body>&#1;</body></message>"), "not-well-formed"),
        ["NUL character reference"] = (U("<message><body>&#x0;</body></message>"), "not-well-formed"),
        ["undeclared element prefix"] = (U("<foo:message/>"), "not-well-formed"),
        ["undeclared attribute prefix"] = (U("<message foo:id='1'/>"), "not-well-formed"),
        // DESIGN §8 limits (§4.9.3.14 policy-violation).
        ["too deep"] = (U("<message>" + string.Concat(Enumerable.Repeat("<a>", 100))), "policy-violation"),
        ["too many attributes"] = (U("<message " + string.Concat(Enumerable.Range(0, 100).Select(i => $"a{i}='' ")) + "/>"), "policy-violation"),
        // One declaration per element, so only the count of declarations in the stanza is over its limit.
        ["too many namespace declarations"] = (U("<message>" + string.Concat(Enumerable.Range(0, 50).Select(i => $"<p{i}:x xmlns:p{i}='urn:example:{i}'/>")) + "</message>"), "policy-violation"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_before_authentication_ends_the_stream(string name)
    {
        var (input, condition) = Cases[name];
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.SendBytesAsync(input);
        Assert.Equal(condition, await client.ExpectStreamErrorAsync());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_after_bind_ends_the_stream(string name)
    {
        var (input, condition) = Cases[name];
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendBytesAsync(input);
        Assert.Equal(condition, await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Doctype_before_the_stream_header_is_restricted_xml()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY boom 'boom'>]>"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
        Assert.Equal("restricted-xml", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Encoding_other_than_UTF_8_is_refused_with_unsupported_encoding()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("<?xml version='1.0' encoding='ISO-8859-1'?>"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
        // RFC 6120 §11.6 and §4.9.3.22: UTF-8 only.
        Assert.Equal("unsupported-encoding", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Processing_instruction_before_the_stream_header_is_restricted_xml()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("<?xml version='1.0'?><?app do-something?>"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
        Assert.Equal("restricted-xml", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Stanza_over_the_unauthenticated_limit_before_authentication_is_a_policy_violation()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenAsync();
        await client.SendAsync(Message(UnauthenticatedLimit + 100));
        Assert.Equal("policy-violation", await client.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Stanza_over_the_unauthenticated_limit_is_fine_after_authentication()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendAsync(Message(UnauthenticatedLimit + 100, to: "alice@localhost/laptop"));
        var echo = await client.ExpectAsync("message", Namespaces.Client);
        Assert.Equal(UnauthenticatedLimit + 100, echo.Child("body", Namespaces.Client)!.Text.Length);
    }

    [Fact]
    public async Task Stanza_over_the_authenticated_limit_after_bind_is_a_policy_violation()
    {
        await using var client = await _server.LoginAsync("alice", "wonderland", "laptop");
        await client.SendAsync(Message(AuthenticatedLimit + 100, to: "alice@localhost/laptop"));
        Assert.Equal("policy-violation", await client.ExpectStreamErrorAsync());
    }

    private static string Message(int bodyLength, string to = "alice@localhost")
        => $"<message to='{to}' type='chat'><body>{new string('x', bodyLength)}</body></message>";
}

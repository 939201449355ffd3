using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

// Resource binding, RFC 6120 §7.
public sealed class Bind_Tests : IAsyncLifetime
{
    private const string Ping = "<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Server_generates_a_resource_when_the_client_asks_for_none()
    {
        await using var first = await _server.ConnectAsync();
        await first.AuthenticateAsync("alice", "wonderland");
        await first.OpenAsync();
        // §7.6: an empty <bind/> asks the server to choose; the result carries the full JID.
        var jid = await first.BindAsync(null);
        Assert.Equal("alice@localhost", jid.Bare.ToString());
        Assert.False(string.IsNullOrEmpty(jid.Resource));

        await using var second = await _server.ConnectAsync();
        await second.AuthenticateAsync("alice", "wonderland");
        await second.OpenAsync();
        // ... and a generated resource is unique among the account's sessions.
        Assert.NotEqual(jid, await second.BindAsync(null));
    }

    [Fact]
    public async Task Resource_conflict_replaces_the_old_session_by_default()
    {
        await using var old = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var fresh = await _server.LoginAsync("alice", "wonderland", "laptop");
        Assert.Equal("alice@localhost/laptop", fresh.Jid!.ToString());
        // §7.7.2.2, first policy: the existing session is terminated with a conflict stream error.
        Assert.Equal("conflict", await old.ExpectStreamErrorAsync());
        // The resource now belongs to the new session.
        await fresh.SendAsync("<message to='alice@localhost/laptop' type='chat'><body>to myself</body></message>");
        Assert.Equal("to myself", (await fresh.ExpectAsync("message", Namespaces.Client)).Child("body", Namespaces.Client)!.Text);
    }

    [Fact]
    public async Task Resource_conflict_with_the_refuse_policy_refuses_the_new_bind()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["c2s:resource_conflict"] = "refuse" });
        await server.AddUserAsync("alice", "wonderland");
        await using var old = await server.LoginAsync("alice", "wonderland", "laptop");
        await using var fresh = await server.ConnectAsync();
        await fresh.AuthenticateAsync("alice", "wonderland");
        await fresh.OpenAsync();

        var reply = await fresh.RequestAsync(
            "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>laptop</resource></bind></iq>", "b1");
        // §7.7.2.2, second policy: the new session is refused with a conflict stanza error ...
        Assert.Equal("error", reply.Attribute("type"));
        Assert.Equal("conflict", reply.ErrorCondition());
        Assert.Equal("cancel", reply.ErrorType());
        // ... and may try another resource ...
        Assert.Equal("alice@localhost/phone", (await fresh.BindAsync("phone")).ToString());
        // ... while the old session carries on.
        Assert.Equal("result", (await old.RequestAsync(Ping, "p1")).Attribute("type"));
    }

    [Theory]
    [InlineData("laptop\u007F")] // DEL: legal XML, but a control character, which PRECIS disallows (RFC 7622 §3.4)
    [InlineData("\u0085")] // NEL, a C1 control
    [InlineData("\u2028line")] // LINE SEPARATOR: Zl, not in the FreeformClass
    public async Task Invalid_resource_is_refused_with_bad_request(string resource)
    {
        await using var client = await _server.ConnectAsync();
        await client.AuthenticateAsync("alice", "wonderland");
        await client.OpenAsync();
        var reply = await client.RequestAsync(
            $"<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}</resource></bind></iq>", "b1");
        // §7.7.2.1: a resource that cannot be processed by the Resourceprep/PRECIS rules is bad-request.
        Assert.Equal("error", reply.Attribute("type"));
        Assert.Equal("bad-request", reply.ErrorCondition());
        Assert.Equal("modify", reply.ErrorType());
    }

    [Fact]
    public async Task Too_long_resource_is_refused_with_bad_request()
    {
        await using var client = await _server.ConnectAsync();
        await client.AuthenticateAsync("alice", "wonderland");
        await client.OpenAsync();
        // RFC 7622 §3.4: at most 1023 octets.
        var reply = await client.RequestAsync(
            $"<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{new string('r', 1024)}</resource></bind></iq>", "b1");
        Assert.Equal("bad-request", reply.ErrorCondition());
    }
}

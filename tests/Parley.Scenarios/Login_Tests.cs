using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

public sealed class Login_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Client_logs_in_over_STARTTLS_with_SCRAM_SHA_256_and_binds()
    {
        await using var alice = await _server.ConnectAsync();
        var features = await alice.OpenAsync();
        Assert.NotNull(features.Child("starttls", Namespaces.Tls)?.Child("required", Namespaces.Tls));
        Assert.Null(features.Child("mechanisms", Namespaces.Sasl));

        await alice.StartTlsAsync();
        features = await alice.OpenAsync();
        var mechanisms = features.Child("mechanisms", Namespaces.Sasl)!.Elements().Select(m => m.Text).ToList();
        Assert.Contains("SCRAM-SHA-256", mechanisms);
        Assert.Contains("SCRAM-SHA-256-PLUS", mechanisms);

        var answer = await alice.AuthScramSha256Async("alice", "wonderland");
        Assert.True(answer.Is("success", Namespaces.Sasl), answer.ToString());
        alice.ResetParser();
        features = await alice.OpenAsync();
        Assert.NotNull(features.Child("bind", Namespaces.Bind));

        var jid = await alice.BindAsync("laptop");
        Assert.Equal("alice@localhost/laptop", jid.ToString());
    }

    [Fact]
    public async Task Client_logs_in_over_direct_TLS()
    {
        await using var alice = await _server.ConnectAsync(directTls: true);
        var features = await alice.OpenAsync();
        Assert.Null(features.Child("starttls", Namespaces.Tls));
        var answer = await alice.AuthPlainAsync("alice", "wonderland");
        Assert.True(answer.Is("success", Namespaces.Sasl), answer.ToString());
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_not_authorized()
    {
        await using var alice = await _server.ConnectAsync();
        await alice.OpenAsync();
        await alice.StartTlsAsync();
        await alice.OpenAsync();
        var answer = await alice.AuthScramSha256Async("alice", "looking-glass");
        Assert.True(answer.Is("failure", Namespaces.Sasl));
        Assert.NotNull(answer.Child("not-authorized", Namespaces.Sasl));
    }

    [Fact]
    public async Task Server_answers_ping()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "phone");
        var reply = await alice.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", reply.Attribute("type"));
        Assert.Equal("localhost", reply.Attribute("from"));
        Assert.Equal("alice@localhost/phone", reply.Attribute("to"));
    }
}

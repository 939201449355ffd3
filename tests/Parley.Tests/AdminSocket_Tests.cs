using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Storage;
using Parley.TestKit;
using Parley.Tests.Support;

namespace Parley.Tests;

/// <summary>The admin socket of a running server, and the CLI verbs that use it (announce, deluser).</summary>
public sealed class AdminSocket_Tests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
        // The CLI reads the same data folder as the server, as on a real installation.
        _config = Path.Combine(_server.Folder, "cli.toml");
        await File.WriteAllTextAsync(_config, $"data_dir = \"{_server.Config.Options.DataDir}\"\n[hosts.localhost]\n");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string SocketPath => Path.Combine(_server.Config.Options.DataDir, "admin.sock");

    [Fact]
    public async Task Announce_reaches_every_session_online_on_the_host()
    {
        await using var laptop = await _server.LoginAvailableAsync("alice", "wonderland", "laptop");
        await using var phone = await _server.LoginAsync("alice", "wonderland", "phone");
        await using var bob = await _server.LoginAsync("bob", "builder", "desk");

        var r = await ParleyCli.RunAsync(null, "announce", "localhost", "--message", "Maintenance at noon <&>", "--config", _config);

        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("Announced to 2 users online on localhost (3 sessions).", r.Out);
        foreach (var client in new[] { laptop, phone, bob })
        {
            var message = await client.ExpectAsync("message", Namespaces.Client);
            // A headline from the host itself: a notice that expects no reply (RFC 6121 §5.2.2).
            Assert.Equal("headline", message.Attribute("type"));
            Assert.Equal("localhost", message.Attribute("from"));
            Assert.Equal(client.Jid!.ToString(), message.Attribute("to"));
            Assert.Equal("Maintenance at noon <&>", message.Child("body", Namespaces.Client)!.Text);
        }
    }

    [Fact]
    public async Task Announce_reads_the_message_from_standard_input()
    {
        await using var bob = await _server.LoginAsync("bob", "builder", "desk");

        var r = await ParleyCli.RunAsync("Back in five minutes.\n", "announce", "localhost", "--config", _config);

        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("Announced to 1 user online on localhost (1 session).", r.Out);
        Assert.Equal("Back in five minutes.", (await bob.ExpectAsync("message", Namespaces.Client)).Child("body", Namespaces.Client)!.Text);
    }

    [Fact]
    public async Task Announce_to_a_host_the_server_does_not_serve_is_refused()
    {
        var r = await ParleyCli.RunAsync(null, "announce", "elsewhere.example", "--message", "hi", "--config", _config);
        Assert.Equal(2, r.Code);
        Assert.Contains("not a host of this server", r.Err);
    }

    [Fact]
    public async Task Announce_without_a_running_server_says_the_server_is_not_running()
    {
        var folder = Directory.CreateTempSubdirectory("parley-admin-").FullName;
        try
        {
            var config = Path.Combine(folder, "parley.toml");
            await File.WriteAllTextAsync(config, "data_dir = \"data\"\n[hosts.localhost]\n");
            var r = await ParleyCli.RunAsync(null, "announce", "localhost", "--message", "hello?", "--config", config);
            Assert.Equal(1, r.Code);
            Assert.Contains("the server is not running", r.Err);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Deluser_on_a_running_server_ends_the_accounts_sessions()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.LoginAsync("bob", "builder", "desk");

        var r = await ParleyCli.RunAsync(null, "deluser", "alice@localhost", "--config", _config);

        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("Deleted alice@localhost (1 session closed).", r.Out);
        // The server deleted it itself and ended the session (RFC 6120 §4.9.3.12); others stay.
        Assert.Equal("not-authorized", await alice.ExpectStreamErrorAsync());
        Assert.False(await _server.Services.GetRequiredService<IUserStore>().ExistsAsync("localhost", "alice"));
        await bob.ExpectNothingAsync();

        var again = await ParleyCli.RunAsync(null, "deluser", "alice@localhost", "--config", _config);
        Assert.Equal(1, again.Code);
        Assert.Contains("no such account", again.Err);
    }

    [Fact]
    public void The_socket_is_private_to_the_servers_user()
    {
        if (OperatingSystem.IsWindows())
            return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
    }

    [Fact]
    public async Task The_line_protocol_answers_every_request_with_one_json_line()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        async Task<JsonElement> AskAsync(string line)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return JsonDocument.Parse((await reader.ReadLineAsync(timeout.Token))!).RootElement;
        }

        var status = await AskAsync("{\"command\":\"status\"}");
        Assert.True(status.GetProperty("ok").GetBoolean());
        Assert.Equal("localhost", status.GetProperty("hosts")[0].GetString());

        var unknown = await AskAsync("{\"command\":\"reboot\"}");
        Assert.False(unknown.GetProperty("ok").GetBoolean());
        Assert.Contains("unknown command", unknown.GetProperty("error").GetString());

        var garbage = await AskAsync("not json");
        Assert.False(garbage.GetProperty("ok").GetBoolean());

        var empty = await AskAsync("{\"command\":\"announce\",\"host\":\"localhost\",\"message\":\"  \"}");
        Assert.Equal("the message is empty", empty.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_clean_stop_removes_the_socket_file()
    {
        Assert.True(File.Exists(SocketPath));
        await _server.StopAsync();
        Assert.False(File.Exists(SocketPath));
        Assert.True(Directory.Exists(_server.Config.Options.DataDir));
    }
}

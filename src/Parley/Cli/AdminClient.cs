using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Server.Config;

namespace Parley.Cli;

/// <summary>Talks to a running server over its admin socket (docs/admin.md): one JSON line out, one back.</summary>
internal sealed class AdminClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private AdminClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>A connection to the server of this config, or null when none answers (it is not running).</summary>
    public static async Task<AdminClient?> ConnectAsync(ParleyOptions options, CancellationToken ct)
    {
        if (options.AdminSocketPath is not { } path || !File.Exists(path))
            return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return new AdminClient(socket);
        }
        catch (SocketException)
        {
            // A socket file that nobody answers on is what a killed server leaves behind.
            socket.Dispose();
            return null;
        }
    }

    public async Task<JsonObject> SendAsync(JsonObject request, CancellationToken ct)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), ct);
        var line = await _reader.ReadLineAsync(ct) ?? throw new IOException("the server closed the admin connection");
        return JsonNode.Parse(line)?.AsObject() ?? throw new IOException("the server's answer is not a JSON object");
    }

    /// <summary>The "error" of an answer whose "ok" is false; null when it succeeded.</summary>
    public static string? ErrorOf(JsonObject answer)
        => answer["ok"]?.GetValue<bool>() == true ? null : answer["error"]?.GetValue<string>() ?? "the server refused";

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}

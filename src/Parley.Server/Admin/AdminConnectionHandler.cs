using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Admin;

/// <summary>
/// The admin socket's line protocol: each line a JSON request, each answered by one JSON line, until the client
/// closes. Only the server's own user can connect (the socket file is mode 0600).
/// </summary>
internal sealed class AdminConnectionHandler(AdminCommands commands, ILogger<AdminConnectionHandler> logger) : ConnectionHandler
{
    private const int MaxLineBytes = 256 * 1024;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        // Defence in depth beside the file mode: only the server's own user (or root) may give admin commands.
        if (connection.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket is { } socket
            && !AdminSocket.PeerIsTrusted(socket))
        {
            logger.LogWarning("Admin connection from another user refused");
            return;
        }
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var ct = connection.ConnectionClosed;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(ct);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    await AnswerAsync(line, output, ct);
                }
                if (buffer.Length > MaxLineBytes)
                {
                    await WriteAsync(output, new() { ["ok"] = false, ["error"] = $"a request line is longer than {MaxLineBytes} bytes" }, ct);
                    return;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            logger.LogDebug("Admin connection ended: {Message}", e.Message);
        }
    }

    private async Task AnswerAsync(ReadOnlySequence<byte> line, System.IO.Pipelines.PipeWriter output, CancellationToken ct)
    {
        System.Text.Json.Nodes.JsonObject answer;
        try
        {
            using var request = JsonDocument.Parse(line);
            answer = await commands.RunAsync(request.RootElement, ct);
        }
        catch (JsonException e)
        {
            answer = new() { ["ok"] = false, ["error"] = $"not JSON: {e.Message}" };
        }
        await WriteAsync(output, answer, ct);
    }

    private static async Task WriteAsync(System.IO.Pipelines.PipeWriter output, System.Text.Json.Nodes.JsonObject answer, CancellationToken ct)
    {
        output.Write(Encoding.UTF8.GetBytes(answer.ToJsonString() + "\n"));
        await output.FlushAsync(ct);
    }
}

using System.Buffers.Binary;
using Parley.Load.Client;

namespace Parley.Load.Scenarios;

/// <summary>
/// The client side of the reference relay: TLS, then a 4-byte hello with the user's index; each message goes out
/// as [recipient index, length, bytes] and arrives at the recipient as the bare bytes.
/// </summary>
internal static class RelayClient
{
    public const int HeaderLength = 8;

    public static async Task<XmppConnection> ConnectAsync(ClientOptions options, int index, CancellationToken ct)
    {
        var c = new XmppConnection(options, index, inStream: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Timeout);
            await c.ConnectTcpAsync(timeout.Token);
            await c.StartTlsHandshakeAsync(timeout.Token);
            var hello = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(hello, index);
            await c.Stream.WriteAsync(hello, timeout.Token);
            return c;
        }
        catch
        {
            c.Abort();
            throw;
        }
    }
}

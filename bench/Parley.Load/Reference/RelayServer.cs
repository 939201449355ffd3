using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Parley.Load.Client;

namespace Parley.Load.Reference;

/// <summary>
/// The physical-limit reference for `chat`: terminates TLS like a server must, then forwards each framed message
/// to its recipient's connection with no XML work at all (no parsing, no routing table beyond an array index).
/// </summary>
internal sealed class RelayServer(IPEndPoint listen, X509Certificate2 certificate, bool releaseTlsBuffers = false) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, OutboundQueue> _clients = new();
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private long _dropped;

    // Built once: the chain is not looked up again on every handshake.
    private readonly SslStreamCertificateContext _context = SslStreamCertificateContext.Create(certificate, null);

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Start(CancellationToken ct)
    {
        _listener.Bind(listen);
        _listener.Listen(4096);
        _ = AcceptLoopAsync(ct);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            socket.NoDelay = true;
            _ = ServeAsync(socket, ct);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        var index = -1;
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        byte[]? buffer = null;
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, ct);
            if (releaseTlsBuffers)
            {
                if (!OpenSslBuffers.TryRelease(ssl))
                    throw new InvalidOperationException("SSL_MODE_RELEASE_BUFFERS could not be set.");
                // The write buffer, allocated during the handshake, is only released after a later write: send one
                // whitespace keepalive (which the clients skip), as an XMPP server writes its stream header.
                await ssl.WriteAsync(" "u8.ToArray(), ct);
            }
            var hello = new byte[4];
            await ssl.ReadExactlyAsync(hello, ct);
            index = BinaryPrimitives.ReadInt32LittleEndian(hello);
            _clients[index] = new OutboundQueue(ssl);
            int start = 0, end = 0;
            while (true)
            {
                if (start == end)
                {
                    // Idle: wait without a buffer, like the servers under test should.
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                    start = end = 0;
                    await ssl.ReadAsync(Memory<byte>.Empty, ct);
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(16 * 1024);
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                var n = await ssl.ReadAsync(buffer.AsMemory(end), ct);
                if (n == 0)
                    return;
                end += n;
                while (end - start >= RelayFrame.HeaderLength)
                {
                    var to = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(start));
                    var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(start + 4));
                    if (length is < 0 or > 8192)
                        return;
                    if (end - start < RelayFrame.HeaderLength + length)
                        break;
                    if (_clients.TryGetValue(to, out var recipient))
                        recipient.Enqueue(buffer.AsSpan(start + RelayFrame.HeaderLength, length));
                    else
                        Interlocked.Increment(ref _dropped);
                    start += RelayFrame.HeaderLength + length;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
        }
        finally
        {
            if (index >= 0)
                _clients.TryRemove(index, out _);
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
            await ssl.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal static class RelayFrame
{
    public const int HeaderLength = 8;
}

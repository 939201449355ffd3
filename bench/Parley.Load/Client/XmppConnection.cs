using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Parley.Load.Client;

/// <summary>
/// One client connection: TCP from a chosen source address, STARTTLS or direct TLS, SASL, bind, initial presence;
/// then a receive loop that hands each depth-1 element to the scenario. Holds no read buffer while idle.
/// </summary>
internal sealed partial class XmppConnection : IAsyncDisposable
{
    private const int ReadChunk = 8 * 1024;
    private const int IP_BIND_ADDRESS_NO_PORT = 24;

    private readonly ClientOptions _options;
    private readonly StanzaScanner _scanner;
    private Socket? _socket;
    private Stream? _stream;
    private byte[]? _buffer;
    private int _start;
    private int _end;

    public XmppConnection(ClientOptions options, int index, bool inStream = false)
    {
        _options = options;
        Index = index;
        _scanner = new StanzaScanner(inStream);
    }

    public int Index { get; }

    /// <summary>The full JID the server bound.</summary>
    public string? Jid { get; private set; }

    public OutboundQueue? Output { get; private set; }

    public Stream Stream => _stream ?? throw new InvalidOperationException("Not connected.");

    public async Task ConnectTcpAsync(CancellationToken ct)
    {
        var source = _options.Sources[Index % _options.Sources.Count];
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Let connect() pick the port for (source, destination): a busy source address does not run out early.
            socket.SetRawSocketOption((int)SocketOptionLevel.IP, IP_BIND_ADDRESS_NO_PORT, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(_options.Server, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public async Task StartTlsHandshakeAsync(CancellationToken ct)
    {
        var ssl = new SslStream(_stream!, leaveInnerStreamOpen: false, ValidateCertificate);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = _options.Host,
            RemoteCertificateValidationCallback = ValidateCertificate,
            CertificateChainPolicy = _options.ChainPolicy,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, ct);
        _stream = ssl;
    }

    /// <summary>Starts batched writes (for scenarios that send from other threads after login).</summary>
    public OutboundQueue StartOutput(Action<Exception>? onError = null) => Output = new OutboundQueue(Stream, onError);

    public ValueTask SendAsync(string xml, CancellationToken ct) => Stream.WriteAsync(Encoding.UTF8.GetBytes(xml), ct);

    /// <summary>Reads until the next unit; returns it as a string (negotiation only: small and rare).</summary>
    public async Task<(ScanResult Kind, string Xml)> ReadUnitAsync(CancellationToken ct)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(ReadChunk);
        while (true)
        {
            var kind = _scanner.Next(_buffer.AsSpan(_start, _end - _start), out var length);
            if (kind != ScanResult.NeedMore)
            {
                var xml = Encoding.UTF8.GetString(_buffer, _start, length);
                _start += length;
                return (kind, xml);
            }
            await FillAsync(ct);
        }
    }

    /// <summary>
    /// Delivers every element to <paramref name="onElement"/> until the stream ends. Between reads it waits with a
    /// zero-byte read and returns its buffer to the pool, so an idle connection costs the generator little.
    /// </summary>
    public async Task ReceiveLoopAsync(ElementHandler onElement, CancellationToken ct, bool releaseWhenIdle = true)
    {
        while (true)
        {
            if (_buffer is not null)
            {
                while (true)
                {
                    var kind = _scanner.Next(_buffer.AsSpan(_start, _end - _start), out var length);
                    if (kind == ScanResult.NeedMore)
                        break;
                    if (kind == ScanResult.StreamClosed)
                        return;
                    if (kind == ScanResult.Element)
                        onElement(this, _buffer.AsSpan(_start, length));
                    _start += length;
                }
                if (_start == _end && releaseWhenIdle)
                    ReleaseBuffer();
            }
            if (_buffer is null)
                await Stream.ReadAsync(Memory<byte>.Empty, ct);
            if (!await FillAsync(ct, throwAtEnd: false))
                return;
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct, bool throwAtEnd = true)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(ReadChunk);
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var n = await Stream.ReadAsync(_buffer.AsMemory(_end), ct);
        if (n == 0)
        {
            if (throwAtEnd)
                throw new IOException("The server closed the connection.");
            return false;
        }
        _end += n;
        return true;
    }

    // Bytes read past <proceed/> would be plaintext from before the handshake: a server must not send any.
    private void DropBuffered()
    {
        _start = _end = 0;
        _scanner.Reset();
    }

    private void ReleaseBuffer()
    {
        if (_buffer is null)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _start = _end = 0;
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        _options.PinnedCertificate is null
        || (certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(_options.PinnedCertificate.GetCertHash()));

    public async ValueTask DisposeAsync()
    {
        ReleaseBuffer();
        if (_stream is not null)
        {
            try
            {
                await _stream.DisposeAsync();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
        _socket?.Dispose();
    }

    /// <summary>Closes the TCP connection at once, without a closing handshake (many connections at the end of a run).</summary>
    public void Abort()
    {
        try
        {
            _socket?.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
        ReleaseBuffer();
    }
}

internal delegate void ElementHandler(XmppConnection connection, ReadOnlySpan<byte> element);

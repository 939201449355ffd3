using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.TestKit;

/// <summary>What the client read next from the server's stream.</summary>
public enum ServerEventKind
{
    Header,
    Element,
    Closed,
    Disconnected,
    ParseError,
}

public sealed record ServerEvent(ServerEventKind Kind, Element? Element = null);

/// <summary>
/// A hand-driven XMPP client over a real socket: it can send anything (bad input included) and reads the
/// server's replies with Parley's own parser. Every read has a timeout, so a test never hangs.
/// </summary>
public sealed partial class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly string _host;
    private Stream _stream;
    private PipeReader _reader;
    private readonly XmlStreamParser _parser = new(new XmlLimits { MaxStanzaBytes = 1 << 20 });
    private ReadOnlySequence<byte> _pending;
    private bool _hasPending;

    private TestClient(Socket socket, Stream stream, string host)
    {
        _socket = socket;
        _stream = stream;
        _host = host;
        _reader = PipeReader.Create(stream);
    }

    public Jid? Jid { get; private set; }

    public Element? ServerHeader { get; private set; }

    public bool IsTls => _stream is SslStream;

    /// <summary>The certificate the server presented, after TLS.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; private set; }

    public static Task<TestClient> ConnectAsync(int port, bool directTls, string host, int? receiveBufferSize = null)
        => ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), directTls, host, receiveBufferSize);

    /// <summary>Connects to any address (e.g. another server on its own loopback address, in federation tests).</summary>
    public static async Task<TestClient> ConnectAsync(IPEndPoint endPoint, bool directTls, string host, int? receiveBufferSize = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
            socket.ReceiveBufferSize = size;
        await socket.ConnectAsync(endPoint);
        var client = new TestClient(socket, new NetworkStream(socket, ownsSocket: false), host);
        if (directTls)
            await client.HandshakeAsync();
        return client;
    }

    public async Task SendAsync(string xml) => await SendBytesAsync(Encoding.UTF8.GetBytes(xml));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task OpenStreamAsync(string? to = null, string version = "1.0", string ns = "jabber:client")
        => SendAsync($"<?xml version='1.0'?><stream:stream xmlns='{ns}' xmlns:stream='http://etherx.jabber.org/streams' to='{to ?? _host}' version='{version}'>");

    /// <summary>Opens the stream and reads the server's header and features.</summary>
    public async Task<Element> OpenAsync(string? to = null)
    {
        await OpenStreamAsync(to);
        await ExpectHeaderAsync();
        return await ExpectAsync("features", Namespaces.Streams);
    }

    public async Task<ServerEvent> NextEventAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (_hasPending)
            {
                var status = _parser.Parse(ref _pending);
                switch (status)
                {
                    case XmlParseStatus.StreamOpened:
                        ServerHeader = _parser.Header;
                        return new ServerEvent(ServerEventKind.Header, _parser.Header);
                    case XmlParseStatus.Element:
                        return new ServerEvent(ServerEventKind.Element, _parser.Element);
                    case XmlParseStatus.StreamClosed:
                        return new ServerEvent(ServerEventKind.Closed);
                    case XmlParseStatus.Error:
                        return new ServerEvent(ServerEventKind.ParseError);
                }
                _reader.AdvanceTo(_pending.Start, _pending.End);
                _hasPending = false;
            }
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("the server sent nothing in time");
            }
            catch (IOException)
            {
                return new ServerEvent(ServerEventKind.Disconnected);
            }
            if (result.Buffer.IsEmpty && result.IsCompleted)
                return new ServerEvent(ServerEventKind.Disconnected);
            _pending = result.Buffer;
            _hasPending = true;
        }
    }

    public async Task<Element> ExpectHeaderAsync()
    {
        var e = await NextEventAsync();
        if (e.Kind != ServerEventKind.Header)
            throw new InvalidOperationException($"expected a stream header, got {Describe(e)}");
        return e.Element!;
    }

    /// <summary>The next element, whatever it is; fails on anything else.</summary>
    public async Task<Element> NextAsync(TimeSpan? timeout = null)
    {
        var e = await NextEventAsync(timeout);
        if (e.Kind != ServerEventKind.Element)
            throw new InvalidOperationException($"expected an element, got {Describe(e)}");
        return e.Element!;
    }

    public async Task<Element> ExpectAsync(string name, string ns)
    {
        var e = await NextAsync();
        if (!e.Is(name, ns))
            throw new InvalidOperationException($"expected {{{ns}}}{name}, got {e}");
        return e;
    }

    /// <summary>The stream error condition the server sends, after which it must close the stream.</summary>
    public async Task<string> ExpectStreamErrorAsync()
    {
        var e = await NextEventAsync();
        while (e.Kind == ServerEventKind.Header || (e.Kind == ServerEventKind.Element && e.Element!.Is("features", Namespaces.Streams)))
            e = await NextEventAsync();
        if (e.Kind != ServerEventKind.Element || !e.Element!.Is("error", Namespaces.Streams))
            throw new InvalidOperationException($"expected a stream error, got {Describe(e)}");
        var condition = e.Element.Elements().First(c => c.Namespace == Namespaces.StreamErrors && c.Name != "text").Name;
        var after = await NextEventAsync();
        if (after.Kind is not (ServerEventKind.Closed or ServerEventKind.Disconnected))
            throw new InvalidOperationException($"expected the stream to close after the error, got {Describe(after)}");
        return condition;
    }

    /// <summary>Nothing arrives within <paramref name="wait"/> (used sparingly: it costs that time).</summary>
    public async Task ExpectSilenceAsync(TimeSpan wait)
    {
        try
        {
            var e = await NextEventAsync(wait);
            throw new InvalidOperationException($"expected nothing, got {Describe(e)}");
        }
        catch (TimeoutException)
        {
        }
    }

    private static string Describe(ServerEvent e) => e.Kind == ServerEventKind.Element ? e.Element!.ToString() : e.Kind.ToString();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
        }
        _socket.Dispose();
    }
}

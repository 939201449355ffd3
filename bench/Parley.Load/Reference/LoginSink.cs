using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Parley.Load.Client;

namespace Parley.Load.Reference;

/// <summary>
/// A trivial XMPP login responder (STARTTLS, SCRAM, bind, then it discards whatever arrives), doing the least work
/// a server can: canned answers, no account look-up, no proof check. Driving it shows how many logins per second the
/// generator itself can produce, which must exceed what the fastest server takes.
/// </summary>
internal sealed class LoginSink(IPEndPoint listen, X509Certificate2 certificate, string host, string password, int iterations) : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly Dictionary<ScramAlgorithm, byte[]> _serverKeys = [];

    private string Header => "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
        $"xmlns:stream='http://etherx.jabber.org/streams' version='1.0' id='sink' from='{host}'>";

    // Built once: the chain is not looked up again on every handshake.
    private readonly SslStreamCertificateContext _context = SslStreamCertificateContext.Create(certificate, null);

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Start(CancellationToken ct)
    {
        foreach (var hash in new[] { ScramAlgorithm.Sha1, ScramAlgorithm.Sha256, ScramAlgorithm.Sha512 })
        {
            var salted = ScramClient.Derive(hash, password, _salt, iterations);
            _serverKeys[hash] = CryptographicOperations.HmacData(HashName(hash), salted, "Server Key"u8);
        }
        _listener.Bind(listen);
        _listener.Listen(4096);
        _ = AcceptLoopAsync(ct);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var socket = await _listener.AcceptAsync(ct);
                socket.NoDelay = true;
                _ = ServeAsync(socket, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new UnitReader();
        try
        {
            await reader.ReadAsync(stream, ct); // stream header
            await WriteAsync(stream, Header +
                "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>", ct);
            await reader.ReadAsync(stream, ct); // <starttls/>
            await WriteAsync(stream, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ct);
            var ssl = new SslStream(stream);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, ct);
            stream = ssl;
            reader.Restart();

            await reader.ReadAsync(stream, ct);
            await WriteAsync(stream, Header +
                "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>" +
                "<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-512</mechanism></mechanisms></stream:features>", ct);
            var auth = await reader.ReadAsync(stream, ct);
            var mechanism = Xmlish.Attribute(auth, "mechanism") ?? "";
            if (!ScramClient.TryParseMechanism(mechanism, out var hash))
                return;
            var clientFirstBare = Encoding.UTF8.GetString(Convert.FromBase64String(XmppConnection.TextOf(auth)))[3..];
            var clientNonce = clientFirstBare[(clientFirstBare.IndexOf(",r=", StringComparison.Ordinal) + 3)..];
            var serverFirst = $"r={clientNonce}sink,s={Convert.ToBase64String(_salt)},i={iterations}";
            await WriteAsync(stream, $"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{B64(serverFirst)}</challenge>", ct);
            var response = await reader.ReadAsync(stream, ct);
            var clientFinal = Encoding.UTF8.GetString(Convert.FromBase64String(XmppConnection.TextOf(response)));
            var withoutProof = clientFinal[..clientFinal.IndexOf(",p=", StringComparison.Ordinal)];
            var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
            var signature = CryptographicOperations.HmacData(HashName(hash), _serverKeys[hash], authMessage);
            await WriteAsync(stream, $"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{B64("v=" + Convert.ToBase64String(signature))}</success>", ct);
            reader.Restart();

            await reader.ReadAsync(stream, ct);
            await WriteAsync(stream, Header +
                "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>", ct);
            await reader.ReadAsync(stream, ct);
            await WriteAsync(stream, $"<iq type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>sink@{host}/load</jid></bind></iq>", ct);
            var discard = new byte[4096];
            while (await stream.ReadAsync(discard, ct) > 0)
            {
            }
        }
        catch (Exception)
        {
            // The generator drops connections with a reset at the end of a run.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static Task WriteAsync(Stream stream, string xml, CancellationToken ct) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(xml), ct).AsTask();

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static HashAlgorithmName HashName(ScramAlgorithm hash) => hash switch
    {
        ScramAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        ScramAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        _ => HashAlgorithmName.SHA512,
    };

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    // Reads the next header or depth-1 element as a string.
    private sealed class UnitReader
    {
        private readonly StanzaScanner _scanner = new();
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        public void Restart()
        {
            _scanner.Reset();
            _start = _end = 0;
        }

        public async Task<string> ReadAsync(Stream stream, CancellationToken ct)
        {
            while (true)
            {
                var kind = _scanner.Next(_buffer.AsSpan(_start, _end - _start), out var length);
                if (kind is ScanResult.StreamHeader or ScanResult.Element)
                {
                    var xml = Encoding.UTF8.GetString(_buffer, _start, length).TrimStart();
                    _start += length;
                    return xml;
                }
                if (kind == ScanResult.StreamClosed)
                    throw new IOException("closed");
                if (_end == _buffer.Length)
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                var n = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
                if (n == 0)
                    throw new IOException("closed");
                _end += n;
            }
        }
    }
}

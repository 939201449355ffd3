using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Tls;

namespace Parley.Server.Tests.Tls;

// OpenSslBuffers sets SSL_MODE_RELEASE_BUFFERS on a live SslStream; observed through SSL_get_mode of the same SSL*.
public sealed class OpenSslBuffers_Tests
{
    private const long ReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS

    [Fact]
    public async Task Authenticated_server_stream_gets_release_buffers_mode_and_still_carries_data()
    {
        await using var pair = await TlsPair.ConnectAsync();

        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere SslStream is not OpenSSL: nothing is touched and the caller is told so.
            Assert.False(OpenSslBuffers.TryRelease(pair.Server, NullLogger.Instance));
            return;
        }
        var before = OpenSslBuffers.Mode(pair.Server);
        Assert.NotNull(before);
        Assert.Equal(0, before!.Value & ReleaseBuffers);

        Assert.True(OpenSslBuffers.TryRelease(pair.Server, NullLogger.Instance));

        Assert.Equal(ReleaseBuffers, OpenSslBuffers.Mode(pair.Server)!.Value & ReleaseBuffers);
        // Only the flag is added: the modes .NET set stay.
        Assert.Equal(before.Value, OpenSslBuffers.Mode(pair.Server)!.Value & ~ReleaseBuffers);
        // The client's SSL* is a different one and is untouched.
        Assert.Equal(0, OpenSslBuffers.Mode(pair.Client)!.Value & ReleaseBuffers);

        // Buffers are now freed when drained and allocated again for the next record: several records each way,
        // with idle gaps between them, arrive intact.
        for (var round = 0; round < 3; round++)
        {
            var payload = RandomNumberGenerator.GetBytes(40_000 + round);
            await pair.Client.WriteAsync(payload);
            Assert.Equal(payload, await ReadExactlyAsync(pair.Server, payload.Length));
            await pair.Server.WriteAsync(payload);
            Assert.Equal(payload, await ReadExactlyAsync(pair.Client, payload.Length));
        }
    }

    [Fact]
    public void Stream_before_the_handshake_is_left_alone()
    {
        using var stream = new SslStream(new MemoryStream());

        Assert.Null(OpenSslBuffers.Mode(stream));
        Assert.False(OpenSslBuffers.TryRelease(stream, NullLogger.Instance));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private sealed class TlsPair : IAsyncDisposable
    {
        private TlsPair(SslStream server, SslStream client, X509Certificate2 certificate)
        {
            Server = server;
            Client = client;
            _certificate = certificate;
        }

        private readonly X509Certificate2 _certificate;

        public SslStream Server { get; }

        public SslStream Client { get; }

        public static async Task<TlsPair> ConnectAsync()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // A certificate with an exportable key, as SslStream on Linux wants for a server.
            var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var client = new TcpClient();
            var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var accepted = await listener.AcceptTcpClientAsync();
            await connecting;

            var server = new SslStream(accepted.GetStream(), leaveInnerStreamOpen: false);
            var clientTls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false,
                (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString());
            await Task.WhenAll(
                server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }),
                clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }));
            return new TlsPair(server, clientTls, certificate);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            _certificate.Dispose();
        }
    }
}

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Parley.TestKit;
using static Parley.TestKit.TestCertificates;

namespace Parley.Server.Tests.Federation;

/// <summary>A host's certificate file with intermediates (fullchain.pem): the handshake carries them.</summary>
public sealed class CertificateChain_Tests
{
    [Fact]
    public async Task The_intermediates_of_the_certificate_file_are_sent_in_the_handshake()
    {
        var folder = Directory.CreateTempSubdirectory("parley-chain-").FullName;
        var root = CreateCa();
        var intermediate = CreateCa("Parley Test Intermediate", issuer: root);
        var leaf = CreateServer(new Names(Dns: ["example.org"]), intermediate);
        WritePem(leaf, Path.Combine(folder, "fullchain.pem"), Path.Combine(folder, "privkey.pem"), intermediate);
        await using var server = await TestServer.StartAsync(toml: $"""
            [hosts."example.org"]
            certificate = "{Path.Combine(folder, "fullchain.pem")}"
            key = "{Path.Combine(folder, "privkey.pem")}"
            """);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.DirectTlsPort);
        string[] received = [];
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, chain, _) =>
        {
            received = chain!.ChainElements.Select(e => e.Certificate.Thumbprint).ToArray();
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "example.org" });

        Assert.Equal([leaf.Thumbprint, intermediate.Thumbprint], received.Take(2));
        Directory.Delete(folder, recursive: true);
    }
}

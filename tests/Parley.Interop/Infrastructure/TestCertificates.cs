using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Interop.Infrastructure;

/// <summary>
/// A throwaway CA and a server certificate for <c>localhost</c> signed by it, as PEM files, made once per test run.
/// The clients trust the CA file and nothing else of ours, so they verify the chain and the name as they would in use.
/// </summary>
internal sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Shared = new(() => Create(Path.Combine(TempFolders.Root, "pki")));

    private TestCertificates(string caFile, string certificateFile, string keyFile)
    {
        CaFile = caFile;
        CertificateFile = certificateFile;
        KeyFile = keyFile;
    }

    public static TestCertificates ForLocalhost => Shared.Value;

    public string CaFile { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    private static TestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(2);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Parley interop test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // serverAuth for c2s; clientAuth because a server certificate also serves outgoing s2s (RFC 6120 §13.7.1.2).
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        var caFile = Path.Combine(folder, "ca.crt");
        var certificateFile = Path.Combine(folder, "localhost.crt");
        var keyFile = Path.Combine(folder, "localhost.key");
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(certificateFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return new TestCertificates(caFile, certificateFile, keyFile);
    }
}

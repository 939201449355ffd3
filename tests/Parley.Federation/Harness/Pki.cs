using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Federation.Harness;

/// <summary>A certificate and its key as PEM files.</summary>
public sealed record PemPair(string CertificateFile, string KeyFile)
{
    /// <summary>Certificate then key in one PEM, as ejabberd's <c>certfiles</c> wants.</summary>
    public string Combined() => File.ReadAllText(CertificateFile) + File.ReadAllText(KeyFile);
}

/// <summary>
/// Throwaway certificates made at run time: a test CA and server certificates (ECDSA P-256, the domain as DNS
/// SAN, EKU serverAuth and clientAuth since the same certificate is the client certificate of outgoing s2s,
/// RFC 6120 §13.7.1.2), either issued by the CA or self-signed.
/// </summary>
public sealed class Pki
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly string _folder;
    private readonly X509Certificate2? _ca;

    private Pki(string folder, X509Certificate2? ca, string? caFile)
    {
        _folder = folder;
        _ca = ca;
        CaFile = caFile;
    }

    /// <summary>The CA certificate (PEM) peers trust, or null for self-signed certificates.</summary>
    public string? CaFile { get; }

    public static Pki WithCa(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Parley federation test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (notBefore, notAfter) = Validity();
        var ca = request.CreateSelfSigned(notBefore, notAfter.AddDays(1));
        var caFile = Path.Combine(folder, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
        return new Pki(folder, ca, caFile);
    }

    public static Pki SelfSigned(string folder)
    {
        Directory.CreateDirectory(folder);
        return new Pki(folder, null, null);
    }

    /// <summary>A certificate for <paramref name="domain"/>, issued by the CA or self-signed.</summary>
    public PemPair Issue(string domain)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={domain}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(domain);
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (notBefore, notAfter) = Validity();
        X509Certificate2 certificate;
        if (_ca is null)
        {
            certificate = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
            certificate = request.Create(_ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        }
        using (certificate)
        {
            var pair = new PemPair(Path.Combine(_folder, domain + ".crt"), Path.Combine(_folder, domain + ".key"));
            File.WriteAllText(pair.CertificateFile, certificate.ExportCertificatePem() + "\n");
            File.WriteAllText(pair.KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
            return pair;
        }
    }

    private static (DateTimeOffset, DateTimeOffset) Validity()
        => (DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.TestKit;

/// <summary>
/// Certificates for federation tests, as PEM files in a folder: a throwaway CA and leafs it issues (a peer trusting
/// the CA file authenticates them: SASL EXTERNAL), or self-signed ones (nobody trusts them: dialback).
/// </summary>
public sealed class FederationCertificates
{
    private readonly string _folder;
    private readonly X509Certificate2 _ca;
    private readonly ECDsa _caKey;

    public FederationCertificates(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Parley federation test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(3));
        CaFile = Path.Combine(folder, "ca.crt");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem() + "\n");
    }

    public string CaFile { get; }

    /// <summary>
    /// A certificate for <paramref name="domain"/> (and any <paramref name="more"/> domains) issued by the test CA:
    /// (certificate file, key file).
    /// </summary>
    public (string Certificate, string Key) Issue(string domain, params string[] more)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Leaf(domain, key, more);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        using var leaf = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2), RandomNumberGenerator.GetBytes(16));
        return Write(domain, leaf, key);
    }

    /// <summary>A self-signed certificate for <paramref name="domain"/>, trusted by no one.</summary>
    public (string Certificate, string Key) SelfSigned(string domain)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Leaf(domain, key).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        return Write(domain, leaf, key);
    }

    /// <summary>The certificate with its private key, for a hand-driven peer's TLS handshake.</summary>
    public static X509Certificate2 Load((string Certificate, string Key) files)
    {
        using var loaded = X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
        // A PKCS#12 round trip, so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    private static CertificateRequest Leaf(string domain, ECDsa key, string[]? more = null)
    {
        var request = new CertificateRequest($"CN={domain}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(domain);
        foreach (var other in more ?? [])
            names.AddDnsName(other);
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // serverAuth and clientAuth: a server's certificate also serves its outgoing s2s connections.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private (string, string) Write(string domain, X509Certificate2 leaf, ECDsa key)
    {
        var certificate = Path.Combine(_folder, domain + ".crt");
        var keyFile = Path.Combine(_folder, domain + ".key");
        File.WriteAllText(certificate, leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificate, keyFile);
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.TestKit;

/// <summary>Certificates made on the spot for tests: a CA, intermediates and server certificates with chosen names.</summary>
public static class TestCertificates
{
    public const string XmppAddrOid = "1.3.6.1.5.5.7.8.5";
    public const string SrvNameOid = "1.3.6.1.5.5.7.8.7";

    /// <summary>The names a certificate carries in its subjectAltName (an empty one means no extension).</summary>
    public sealed record Names(string[]? Dns = null, string[]? SrvIds = null, string[]? XmppAddrs = null)
    {
        public bool IsEmpty => (Dns?.Length ?? 0) + (SrvIds?.Length ?? 0) + (XmppAddrs?.Length ?? 0) == 0;
    }

    public static X509Certificate2 CreateCa(string name = "Parley Test CA", X509Certificate2? issuer = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        if (issuer is null)
            return request.CreateSelfSigned(from, to);
        if (to > issuer.NotAfter)
            to = issuer.NotAfter;
        using var signed = request.Create(issuer, from, to, Serial());
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A server certificate signed by <paramref name="issuer"/>, or self-signed when it is null.</summary>
    public static X509Certificate2 CreateServer(Names names, X509Certificate2? issuer = null, string subject = "CN=parley test",
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool rsa = false, string[]? extendedKeyUsages = null)
    {
        AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var usages = new OidCollection();
        foreach (var oid in extendedKeyUsages ?? ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"])
            usages.Add(new Oid(oid));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (!names.IsEmpty)
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", SubjectAltName(names), false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(90);
        if (issuer is null)
            return request.CreateSelfSigned(from, to);
        // Signed with the issuer's key directly, so a test may make a certificate that outlives its CA (as a
        // CA may do by mistake); CertificateRequest.Create(issuer, ...) would refuse it.
        using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the issuer has no ECDSA key");
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, Serial());
        return key is RSA rsaKey ? signed.CopyWithPrivateKey(rsaKey) : signed.CopyWithPrivateKey((ECDsa)key);
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);

    // RFC 5280 GeneralNames with dNSName and the two otherName forms XMPP uses (RFC 6120 §13.7.1.4, RFC 4985).
    public static byte[] SubjectAltName(Names names)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var dns in names.Dns ?? [])
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, new Asn1Tag(TagClass.ContextSpecific, 2));
            foreach (var srv in names.SrvIds ?? [])
                WriteOtherName(writer, SrvNameOid, UniversalTagNumber.IA5String, srv);
            foreach (var addr in names.XmppAddrs ?? [])
                WriteOtherName(writer, XmppAddrOid, UniversalTagNumber.UTF8String, addr);
        }
        return writer.Encode();
    }

    private static void WriteOtherName(AsnWriter writer, string oid, UniversalTagNumber type, string value)
    {
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                writer.WriteCharacterString(type, value);
        }
    }

    /// <summary>Writes the certificate (and, after it, <paramref name="chain"/>) as PEM, and its key when asked.</summary>
    public static void WritePem(X509Certificate2 certificate, string certPath, string? keyPath = null,
        params X509Certificate2[] chain)
    {
        File.WriteAllText(certPath, string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")));
        if (keyPath is null)
            return;
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("no private key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Server.Sasl;

/// <summary>The <c>tls-server-end-point</c> channel binding (RFC 5929 §4).</summary>
public static class TlsServerEndPoint
{
    /// <summary>
    /// The hash of the DER certificate, with the hash of the certificate's signature algorithm, SHA-256 when that
    /// is MD5 or SHA-1 (RFC 5929 §4.1). Null when the signature algorithm has no single hash (e.g. Ed25519) or
    /// is unknown: then there is no binding and -PLUS must not be offered.
    /// </summary>
    public static byte[]? Compute(X509Certificate2 serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        var der = serverCertificate.RawData;
        HashAlgorithmName? hash;
        try
        {
            hash = SignatureHash(der);
        }
        catch (AsnContentException)
        {
            return null;
        }

        return hash is { } name ? CryptographicOperations.HashData(name, der) : null;
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue } (RFC 5280 §4.1)
    private static HashAlgorithmName? SignatureHash(byte[] der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        certificate.ReadEncodedValue();
        var algorithm = certificate.ReadSequence();
        return algorithm.ReadObjectIdentifier() switch
        {
            "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" => HashAlgorithmName.SHA256, // md5/sha1WithRSAEncryption
            "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            "1.2.840.113549.1.1.10" => PssHash(algorithm),
            "1.2.840.10045.4.1" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256, // ecdsa-with-SHA1 / -SHA256
            "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            "1.2.840.10040.4.3" or "2.16.840.1.101.3.4.3.2" => HashAlgorithmName.SHA256, // dsa-with-sha1 / -sha256
            _ => null,
        };
    }

    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] HashAlgorithm DEFAULT sha1, ... } (RFC 4055 §3.1)
    private static HashAlgorithmName? PssHash(AsnReader algorithm)
    {
        var parameters = algorithm.ReadSequence();
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(hashTag))
        {
            return HashAlgorithmName.SHA256; // SHA-1 by default, which RFC 5929 replaces with SHA-256
        }

        return parameters.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier() switch
        {
            "1.2.840.113549.2.5" or "1.3.14.3.2.26" or "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
    }
}

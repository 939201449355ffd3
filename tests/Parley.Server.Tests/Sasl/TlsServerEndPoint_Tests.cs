using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class TlsServerEndPoint_Tests
{
    [Fact]
    public void Rsa_sha256_certificate_is_hashed_with_sha256()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.org", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.Equal(SHA256.HashData(certificate.RawData), TlsServerEndPoint.Compute(certificate));
    }

    [Fact]
    public void Ecdsa_sha384_certificate_is_hashed_with_sha384()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.org", ecdsa, HashAlgorithmName.SHA384));

        Assert.Equal(SHA384.HashData(certificate.RawData), TlsServerEndPoint.Compute(certificate));
    }

    [Fact]
    public void Ecdsa_sha512_certificate_is_hashed_with_sha512()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.org", ecdsa, HashAlgorithmName.SHA512));

        Assert.Equal(SHA512.HashData(certificate.RawData), TlsServerEndPoint.Compute(certificate));
    }

    [Fact]
    public void Rsa_pss_certificate_is_hashed_with_the_pss_hash()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.org", rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss));

        Assert.Equal(SHA384.HashData(certificate.RawData), TlsServerEndPoint.Compute(certificate));
    }

    [Theory]
    [InlineData("1.2.840.113549.1.1.5")] // sha1WithRSAEncryption
    [InlineData("1.2.840.113549.1.1.4")] // md5WithRSAEncryption
    public void Sha1_or_md5_signed_certificate_is_hashed_with_sha256(string signatureOid)
    {
        // RFC 5929 §4.1: MD5 and SHA-1 are replaced by SHA-256. CertificateRequest refuses SHA-1, hence the generator.
        using var certificate = WithSignatureAlgorithm(signatureOid);

        Assert.Equal(SHA256.HashData(certificate.RawData), TlsServerEndPoint.Compute(certificate));
    }

    [Fact]
    public void Signature_algorithm_without_a_single_hash_has_no_binding()
    {
        using var certificate = WithSignatureAlgorithm("1.3.101.112"); // Ed25519

        Assert.Null(TlsServerEndPoint.Compute(certificate));
    }

    [Fact]
    public void Binding_from_a_real_certificate_authenticates_a_plus_client()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.org", ecdsa, HashAlgorithmName.SHA384));
        var binding = new ChannelBinding(ChannelBinding.TlsServerEndPointType, TlsServerEndPoint.Compute(certificate)!);
        var context = SaslTest.Create(new TestCredentials().Add("juliet", "r0m30myr0m30"), binding: binding, channelBindingOffered: true);
        var client = new TestScramClient("SCRAM-SHA-256-PLUS", "juliet", "r0m30myr0m30",
            cbName: "tls-server-end-point", cbData: SHA384.HashData(certificate.RawData));

        var final = ScramExchange.Run(ScramExchange.Create("SCRAM-SHA-256-PLUS", context), client);

        Assert.Equal(SaslStepKind.Success, final.Kind);
    }

    private static X509Certificate2 WithSignatureAlgorithm(string oid)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=example.org", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.Create(request.SubjectName, new NamedAlgorithmGenerator(rsa, oid),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4]);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request) =>
        request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>Labels the certificate with any signature algorithm; the signature itself is never checked here.</summary>
    private sealed class NamedAlgorithmGenerator(RSA rsa, string oid) : X509SignatureGenerator
    {
        private readonly X509SignatureGenerator _rsa = CreateForRSA(rsa, RSASignaturePadding.Pkcs1);

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(oid);
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => _rsa.SignData(data, hashAlgorithm);

        protected override PublicKey BuildPublicKey() => _rsa.PublicKey;
    }
}

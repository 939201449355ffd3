using System.Security.Cryptography.X509Certificates;
using Parley.Server.Config;
using Parley.Server.Federation;
using static Parley.TestKit.TestCertificates;

namespace Parley.Server.Tests.Federation;

/// <summary>RFC 6120 §13.7.2: chain to a trusted root, validity now, and a name for the domain.</summary>
public sealed class PeerCertificateValidator_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-certs-").FullName;
    private readonly X509Certificate2 _ca = CreateCa();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private PeerCertificateValidator Validator(bool systemTrust = false, bool withCa = true, TimeProvider? time = null)
    {
        var options = new ParleyOptions();
        options.S2s.UseSystemTrust = systemTrust;
        if (withCa)
        {
            var path = Path.Combine(_folder, "ca.pem");
            WritePem(_ca, path);
            options.S2s.CaFiles.Add(path);
        }
        return new PeerCertificateValidator(options, time ?? TimeProvider.System);
    }

    [Fact]
    public void Certificate_from_a_configured_CA_naming_the_domain_is_valid()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca);

        var result = Validator().Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.Valid, result.Status);
    }

    [Fact]
    public void Configured_CAs_are_trusted_next_to_the_system_store()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca);

        Assert.True(Validator(systemTrust: true).Validate(peer, null, "example.org").IsValid);
    }

    [Fact]
    public void Certificate_from_an_unknown_CA_is_untrusted()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca);

        var result = Validator(systemTrust: true, withCa: false).Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Self_signed_certificate_is_untrusted()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]));

        var result = Validator(systemTrust: true).Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Expired_certificate_is_untrusted()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca);
        var later = new FixedTime(peer.NotAfter.ToUniversalTime().AddMinutes(1));

        var result = Validator(time: later).Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.Untrusted, result.Status);
        Assert.Contains("expired", result.Reason);
    }

    [Fact]
    public void Certificate_not_yet_valid_is_untrusted()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca,
            notBefore: DateTimeOffset.UtcNow.AddDays(2), notAfter: DateTimeOffset.UtcNow.AddDays(30));

        var result = Validator().Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.Untrusted, result.Status);
        Assert.Contains("not valid before", result.Reason);
    }

    [Fact]
    public void Chain_is_checked_at_the_time_providers_now()
    {
        // The leaf outlives its CA: at a time when the leaf is still valid but the CA is not, the chain fails.
        var ca = CreateCa("Short-lived CA", notAfter: DateTimeOffset.UtcNow.AddDays(10));
        var path = Path.Combine(_folder, "short.pem");
        WritePem(ca, path);
        var peer = CreateServer(new Names(Dns: ["example.org"]), ca, notAfter: DateTimeOffset.UtcNow.AddDays(60));
        var options = new ParleyOptions();
        options.S2s.UseSystemTrust = false;
        options.S2s.CaFiles.Add(path);

        var now = new PeerCertificateValidator(options, TimeProvider.System).Validate(peer, null, "example.org");
        var inTwentyDays = new PeerCertificateValidator(options, new FixedTime(DateTimeOffset.UtcNow.AddDays(20)))
            .Validate(peer, null, "example.org");

        Assert.True(now.IsValid, now.Reason);
        Assert.Equal(PeerCertificateStatus.Untrusted, inTwentyDays.Status);
    }

    [Fact]
    public void Trusted_certificate_for_another_domain_is_a_name_mismatch()
    {
        var peer = CreateServer(new Names(Dns: ["other.org"]), _ca);

        var result = Validator().Validate(peer, null, "example.org");

        Assert.Equal(PeerCertificateStatus.NameMismatch, result.Status);
    }

    [Theory]
    [InlineData("a.example.org", true)]
    [InlineData("example.org", false)]
    [InlineData("a.b.example.org", false)]
    public void Wildcard_certificate_covers_exactly_one_label(string domain, bool valid)
    {
        var peer = CreateServer(new Names(Dns: ["*.example.org"]), _ca);

        var result = Validator().Validate(peer, null, domain);

        Assert.Equal(valid ? PeerCertificateStatus.Valid : PeerCertificateStatus.NameMismatch, result.Status);
    }

    [Fact]
    public void SRV_ID_authenticates_the_domain()
    {
        var peer = CreateServer(new Names(SrvIds: ["_xmpp-server.example.org"]), _ca);

        Assert.True(Validator().Validate(peer, null, "example.org").IsValid);
    }

    [Fact]
    public void XmppAddr_authenticates_the_domain()
    {
        var peer = CreateServer(new Names(XmppAddrs: ["example.org"]), _ca);

        Assert.True(Validator().Validate(peer, null, "example.org").IsValid);
    }

    [Fact]
    public void Common_name_authenticates_only_a_certificate_without_subjectAltName()
    {
        var cnOnly = CreateServer(new Names(), _ca, subject: "CN=example.org");
        var cnAndSan = CreateServer(new Names(Dns: ["other.org"]), _ca, subject: "CN=example.org");

        Assert.True(Validator().Validate(cnOnly, null, "example.org").IsValid);
        Assert.Equal(PeerCertificateStatus.NameMismatch, Validator().Validate(cnAndSan, null, "example.org").Status);
    }

    [Fact]
    public void Intermediate_sent_by_the_peer_completes_the_chain()
    {
        var intermediate = CreateCa("Parley Test Intermediate", issuer: _ca);
        var peer = CreateServer(new Names(Dns: ["example.org"]), intermediate);
        var publicIntermediate = X509CertificateLoader.LoadCertificate(intermediate.RawData);

        var with = Validator().Validate(peer, [publicIntermediate], "example.org");
        var without = Validator().Validate(peer, null, "example.org");

        Assert.True(with.IsValid, with.Reason);
        Assert.Equal(PeerCertificateStatus.Untrusted, without.Status);
    }

    [Fact]
    public void A_self_signed_peer_certificate_in_ca_files_is_pinned()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]));
        var path = Path.Combine(_folder, "pinned.pem");
        WritePem(peer, path);
        var options = new ParleyOptions();
        options.S2s.UseSystemTrust = false;
        options.S2s.CaFiles.Add(path);

        var result = new PeerCertificateValidator(options, TimeProvider.System).Validate(peer, null, "example.org");

        Assert.True(result.IsValid, result.Reason);
    }

    [Theory]
    [InlineData(new[] { "1.3.6.1.5.5.7.3.1" }, true)]
    [InlineData(new[] { "1.3.6.1.5.5.7.3.2" }, true)]
    [InlineData(new[] { "1.3.6.1.5.5.7.3.3" }, false)]
    public void Extended_key_usage_must_allow_TLS_authentication(string[] usages, bool valid)
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca, extendedKeyUsages: usages);

        var result = Validator().Validate(peer, null, "example.org");

        Assert.Equal(valid ? PeerCertificateStatus.Valid : PeerCertificateStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Validating_twice_leaves_the_callers_certificates_usable()
    {
        var intermediate = CreateCa("Parley Test Intermediate", issuer: _ca);
        var peer = CreateServer(new Names(Dns: ["example.org"]), intermediate);
        X509Certificate2Collection presented = [X509CertificateLoader.LoadCertificate(intermediate.RawData)];
        var validator = Validator();

        var first = validator.Validate(peer, presented, "example.org");
        var second = validator.Validate(peer, presented, "example.org");

        Assert.True(first.IsValid && second.IsValid, second.Reason);
        Assert.Equal(intermediate.Thumbprint, presented[0].Thumbprint);
        Assert.NotNull(peer.GetECDsaPublicKey());
    }

    [Fact]
    public void Without_system_trust_and_CAs_nothing_is_trusted()
    {
        var peer = CreateServer(new Names(Dns: ["example.org"]), _ca);

        Assert.Equal(PeerCertificateStatus.Untrusted, Validator(withCa: false).Validate(peer, null, "example.org").Status);
    }
}

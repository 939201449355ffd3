using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Config;

namespace Parley.Server.Federation;

/// <summary>
/// RFC 6120 §13.7.2: a peer's certificate authenticates a domain when it chains to a trusted root (the system
/// store when <c>s2s.use_system_trust</c>, or the CAs of <c>s2s.ca_files</c>), is valid now and names the domain
/// (<see cref="CertificateIdentity"/>).
/// </summary>
/// <remarks>
/// Revocation is not checked: many servers have no outgoing HTTP to reach CRL or OCSP responders, a soft-fail
/// check adds latency to every s2s connection and proves nothing when blocked, and SslStream does not hand over
/// a stapled OCSP response to check instead. Missing intermediates are not downloaded either (no network from
/// here); a peer must send its chain, as TLS requires.
/// </remarks>
public sealed class PeerCertificateValidator : IPeerCertificateValidator
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    private readonly TimeProvider _time;
    private readonly bool _useSystemTrust;
    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _intermediates = [];

    public PeerCertificateValidator(ParleyOptions options, TimeProvider time)
    {
        _time = time;
        _useSystemTrust = options.S2s.UseSystemTrust;
        foreach (var file in options.S2s.CaFiles)
        {
            // Self-signed CAs are trust anchors; other certificates in the files help build chains to them.
            foreach (var ca in LoadCaFile(file))
                (IsSelfIssued(ca) ? _roots : _intermediates).Add(ca);
        }
    }

    /// <summary>All certificates in a PEM file; throws a <see cref="ConfigException"/> naming the file when unreadable.</summary>
    public static X509Certificate2Collection LoadCaFile(string file)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"s2s.ca_files: cannot read {file}: {e.Message}");
        }
        if (certificates.Count == 0)
            throw new ConfigException($"s2s.ca_files: no PEM certificate in {file}");
        return certificates;
    }

    public PeerCertificateResult Validate(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, string domain)
    {
        var now = _time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime())
            return Untrusted($"not valid before {certificate.NotBefore.ToUniversalTime():u}");
        if (now > certificate.NotAfter.ToUniversalTime())
            return Untrusted($"expired {certificate.NotAfter.ToUniversalTime():u}");
        if (!HasServerUsage(certificate))
            return Untrusted("extended key usage allows neither server nor client authentication");

        var chainError = ChainError(certificate, presentedChain, now);
        if (chainError is not null)
            return Untrusted(chainError);
        return CertificateIdentity.Read(certificate).Covers(domain)
            ? new PeerCertificateResult(PeerCertificateStatus.Valid, "valid")
            : new PeerCertificateResult(PeerCertificateStatus.NameMismatch, $"certificate does not name {domain}");
    }

    private static PeerCertificateResult Untrusted(string reason) => new(PeerCertificateStatus.Untrusted, reason);

    // A peer connecting out acts as a TLS client but presents its server certificate; public CAs issue server
    // certificates with serverAuth only now, so either purpose (or none stated) is accepted.
    private static bool HasServerUsage(X509Certificate2 certificate)
    {
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null)
            return true;
        return eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is ServerAuthOid or ClientAuthOid or AnyExtendedKeyUsageOid);
    }

    /// <summary>Null when the chain is trusted by the system store or by the configured CAs; else why not.</summary>
    public string? ChainError(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, DateTimeOffset now)
    {
        string? systemError = null;
        if (_useSystemTrust)
        {
            systemError = BuildChain(certificate, presentedChain, now, customRoots: null);
            if (systemError is null)
                return null;
        }
        if (_roots.Count > 0)
        {
            var customError = BuildChain(certificate, presentedChain, now, _roots);
            if (customError is null)
                return null;
            return systemError is null ? $"configured CAs: {customError}" : $"system store: {systemError}; configured CAs: {customError}";
        }
        return systemError is null ? "no trusted CAs (use_system_trust is off and ca_files is empty)" : systemError;
    }

    private string? BuildChain(X509Certificate2 certificate, X509Certificate2Collection? presented, DateTimeOffset now,
        X509Certificate2Collection? customRoots)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.LocalDateTime;
        policy.VerificationTimeIgnored = false;
        if (presented is not null)
            policy.ExtraStore.AddRange(presented);
        policy.ExtraStore.AddRange(_intermediates);
        if (customRoots is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(customRoots);
        }
        var built = chain.Build(certificate);
        // The elements are new certificate objects, each holding a native handle: release them now (never one
        // of the caller's or our own, should the platform hand those back).
        foreach (var element in chain.ChainElements)
        {
            var c = element.Certificate;
            if (!ReferenceEquals(c, certificate) && !Holds(presented, c) && !Holds(_roots, c) && !Holds(_intermediates, c))
                c.Dispose();
        }
        if (built)
            return null;
        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.StatusInformation.Trim())
            .Where(s => s.Length > 0)
            .Distinct()
            .ToList();
        return problems.Count == 0 ? "no chain to a trusted root" : string.Join("; ", problems);
    }

    private static bool Holds(X509Certificate2Collection? collection, X509Certificate2 certificate) =>
        collection is not null && collection.Any(c => ReferenceEquals(c, certificate));

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}

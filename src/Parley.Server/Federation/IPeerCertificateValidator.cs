using System.Security.Cryptography.X509Certificates;

namespace Parley.Server.Federation;

/// <summary>
/// Decides whether a peer server's TLS certificate authenticates a domain (RFC 6120 §13.7.2, RFC 6125, RFC 7712):
/// a chain to a trusted root (system store and/or <c>s2s.ca_files</c>), valid now, and an identity matching the
/// domain (DNS-ID with a leftmost wildcard, SRV-ID <c>_xmpp-server.domain</c>, or XmppAddr).
/// </summary>
public interface IPeerCertificateValidator
{
    /// <param name="certificate">The peer's leaf certificate.</param>
    /// <param name="presentedChain">Intermediates the peer sent (may be null or empty).</param>
    /// <param name="domain">The domain to authenticate (already normalized).</param>
    PeerCertificateResult Validate(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, string domain);
}

public enum PeerCertificateStatus
{
    Valid,
    /// <summary>No chain to a trusted root, or expired/not yet valid, or wrong key usage.</summary>
    Untrusted,
    /// <summary>Trusted chain, but no identity in it matches the domain.</summary>
    NameMismatch,
}

/// <param name="Reason">For the log when not valid: what failed, in words.</param>
public sealed record PeerCertificateResult(PeerCertificateStatus Status, string Reason)
{
    public bool IsValid => Status == PeerCertificateStatus.Valid;
}

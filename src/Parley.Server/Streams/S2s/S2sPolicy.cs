using System.Collections.Frozen;
using Parley.Protocol;
using Parley.Server.Config;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Who may authenticate by dialback (XEP-0220) instead of a valid certificate, like Prosody's s2s_secure_auth
/// with s2s_secure_domains and s2s_insecure_domains: a domain in secure_domains never; else one in
/// insecure_domains always; else unless secure_auth.
/// </summary>
internal sealed class S2sPolicy
{
    private readonly bool _secureAuth;
    private readonly FrozenSet<string> _secure;
    private readonly FrozenSet<string> _insecure;

    public S2sPolicy(ParleyOptions options)
    {
        _secureAuth = options.S2s.SecureAuth;
        _secure = Normalize(options.S2s.SecureDomains);
        _insecure = Normalize(options.S2s.InsecureDomains);
    }

    public bool DialbackAllowed(string domain)
        => !_secure.Contains(domain) && (!_secureAuth || _insecure.Contains(domain));

    private static FrozenSet<string> Normalize(IEnumerable<string> domains)
        => domains.Select(d => Jid.TryNormalizeDomain(d, out var n) ? n! : d).ToFrozenSet(StringComparer.Ordinal);
}

using System.Diagnostics.CodeAnalysis;

namespace Parley.Protocol;

// Parsing and construction: RFC 7622 §3.1 to split, then each part's rules (Localpart, Domainpart, Resourcepart).
public sealed partial class Jid
{
    public static Jid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out Jid? jid, out string? error) ? jid : throw new JidFormatException(error);
    }

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Jid? jid) =>
        TryParse(s, out jid, out _);

    public static bool TryCreate(string? local, string domain, string? resource, [NotNullWhen(true)] out Jid? jid)
    {
        jid = null;
        if (domain is null)
        {
            return false;
        }

        string? localValue = null;
        if (local is not null)
        {
            JidPartStatus status = Localpart.Enforce(local, out string? normalized);
            if (status == JidPartStatus.Invalid)
            {
                return false;
            }

            localValue = normalized ?? local;
        }

        if (Domainpart.Enforce(domain, out string? normalizedDomain) == JidPartStatus.Invalid)
        {
            return false;
        }

        string domainValue = normalizedDomain ?? domain;
        string? resourceValue = null;
        if (resource is not null)
        {
            if (Resourcepart.Enforce(resource, out string? normalized) == JidPartStatus.Invalid)
            {
                return false;
            }

            resourceValue = normalized ?? resource;
        }

        jid = Build(localValue, domainValue, resourceValue);
        return true;
    }

    // For SASL user names and any other bare localpart: RFC 7622 §3.3.
    public static bool TryNormalizeLocalpart(string? input, [NotNullWhen(true)] out string? normalized) =>
        TryNormalize(input, Localpart.Enforce, out normalized);

    // RFC 7622 §3.2: U-labels in lower case, trailing dot stripped, IPv6 literals in RFC 5952 form.
    public static bool TryNormalizeDomain(string? input, [NotNullWhen(true)] out string? normalized) =>
        TryNormalize(input, Domainpart.Enforce, out normalized);

    // RFC 7622 §3.4.
    public static bool TryNormalizeResource(string? input, [NotNullWhen(true)] out string? normalized) =>
        TryNormalize(input, Resourcepart.Enforce, out normalized);

    private delegate JidPartStatus PartRule(ReadOnlySpan<char> input, out string? normalized);

    private static bool TryNormalize(string? input, PartRule rule, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (input is null)
        {
            return false;
        }

        switch (rule(input, out string? changed))
        {
            case JidPartStatus.Unchanged:
                normalized = input;
                return true;
            case JidPartStatus.Changed:
                normalized = changed!;
                return true;
            default:
                return false;
        }
    }

    private static bool TryParse(
        [NotNullWhen(true)] string? s, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        if (string.IsNullOrEmpty(s))
        {
            error = "A JID cannot be empty.";
            return false;
        }

        // §3.1: the resourcepart starts after the first '/'; the localpart ends at the first '@' before it.
        ReadOnlySpan<char> rest = s;
        int slash = rest.IndexOf('/');
        ReadOnlySpan<char> bare = slash < 0 ? rest : rest[..slash];
        int at = bare.IndexOf('@');

        string? local = null;
        JidPartStatus localStatus = JidPartStatus.Unchanged;
        if (at >= 0)
        {
            localStatus = Localpart.Enforce(bare[..at], out local);
            if (localStatus == JidPartStatus.Invalid)
            {
                error = "The localpart is not valid (RFC 7622 §3.3).";
                return false;
            }
        }

        JidPartStatus domainStatus = Domainpart.Enforce(bare[(at + 1)..], out string? domain);
        if (domainStatus == JidPartStatus.Invalid)
        {
            error = "The domainpart is not valid (RFC 7622 §3.2).";
            return false;
        }

        string? resource = null;
        JidPartStatus resourceStatus = JidPartStatus.Unchanged;
        if (slash >= 0)
        {
            resourceStatus = Resourcepart.Enforce(rest[(slash + 1)..], out resource);
            if (resourceStatus == JidPartStatus.Invalid)
            {
                error = "The resourcepart is not valid (RFC 7622 §3.4).";
                return false;
            }
        }

        error = null;
        if (localStatus == JidPartStatus.Unchanged && domainStatus == JidPartStatus.Unchanged
            && resourceStatus == JidPartStatus.Unchanged)
        {
            // Already normalized: the input is the JID's string.
            jid = new Jid(s, at, slash, null, null, null);
            return true;
        }

        jid = Build(
            at < 0 ? null : local ?? bare[..at].ToString(),
            domain ?? bare[(at + 1)..].ToString(),
            slash < 0 ? null : resource ?? rest[(slash + 1)..].ToString());
        return true;
    }

    private static Jid Build(string? local, string domain, string? resource)
    {
        int at = local is null ? -1 : local.Length;
        int domainEnd = (local is null ? 0 : local.Length + 1) + domain.Length;
        string full = (local, resource) switch
        {
            (null, null) => domain,
            (null, _) => string.Concat(domain, "/", resource),
            (_, null) => string.Concat(local, "@", domain),
            _ => string.Concat(local, "@", domain, "/", resource),
        };
        return new Jid(full, at, resource is null ? -1 : domainEnd, local, domain, resource);
    }
}

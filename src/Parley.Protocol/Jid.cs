namespace Parley.Protocol;

// STUB until the RFC 7622 implementation lands: ASCII lower-casing only.
public sealed class Jid : IEquatable<Jid>
{
    private readonly string _text;

    private Jid(string? local, string domain, string? resource)
    {
        Local = local;
        Domain = domain;
        Resource = resource;
        _text = (local is null ? "" : local + "@") + domain + (resource is null ? "" : "/" + resource);
    }

    public string? Local { get; }
    public string Domain { get; }
    public string? Resource { get; }
    public bool IsBare => Resource is null;
    public bool IsFull => Resource is not null;
    public Jid Bare => Resource is null ? this : new Jid(Local, Domain, null);

    public Jid WithResource(string resource) => new(Local, Domain, resource);

    public static bool TryParse(string? s, out Jid? jid)
    {
        jid = null;
        if (string.IsNullOrEmpty(s))
            return false;
        var slash = s.IndexOf('/');
        var resource = slash >= 0 ? s[(slash + 1)..] : null;
        var rest = slash >= 0 ? s[..slash] : s;
        var at = rest.LastIndexOf('@');
        var local = at >= 0 ? rest[..at].ToLowerInvariant() : null;
        var domain = rest[(at + 1)..].ToLowerInvariant();
        if (domain.Length == 0 || local?.Length == 0 || resource?.Length == 0)
            return false;
        jid = new Jid(local, domain, resource);
        return true;
    }

    public static Jid Parse(string s) => TryParse(s, out var j) ? j! : throw new JidFormatException(s);

    public static bool TryCreate(string? local, string domain, string? resource, out Jid? jid)
        => TryParse((local is null ? "" : local + "@") + domain + (resource is null ? "" : "/" + resource), out jid);

    public static bool TryNormalizeLocalpart(string input, out string? normalized)
    {
        normalized = input.ToLowerInvariant();
        return input.Length > 0;
    }

    public static bool TryNormalizeResource(string input, out string? normalized)
    {
        normalized = input;
        return input.Length > 0;
    }

    public static bool TryNormalizeDomain(string input, out string? normalized)
    {
        normalized = input.ToLowerInvariant();
        return input.Length > 0;
    }

    public bool Equals(Jid? other) => other is not null && _text == other._text;
    public override bool Equals(object? obj) => obj is Jid j && Equals(j);
    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => _text;
    public static bool operator ==(Jid? a, Jid? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Jid? a, Jid? b) => !(a == b);
}

public sealed class JidFormatException(string input) : FormatException($"Not a valid JID: '{input}'.");

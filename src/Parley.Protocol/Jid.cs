using System.Diagnostics.CodeAnalysis;

namespace Parley.Protocol;

// An XMPP address, RFC 7622: [ localpart "@" ] domainpart [ "/" resourcepart ], always in normalized form. The
// normalized string is built once; parts are cut from it on first use. Equality and hashing compare that string.
public sealed partial class Jid : IEquatable<Jid>
{
    private readonly string _full;
    private readonly int _at;
    private readonly int _slash;
    private string? _local;
    private string? _domain;
    private string? _resource;
    private Jid? _bare;
    private int _hashCode;

    // full is normalized; at and slash are the separators' indices in it, or -1. The parts, when known, save cutting.
    private Jid(string full, int at, int slash, string? local, string? domain, string? resource)
    {
        _full = full;
        _at = at;
        _slash = slash;
        _local = local;
        _domain = domain;
        _resource = resource;
    }

    public string? Local => _at < 0 ? null : _local ??= _full[.._at];

    public string Domain => _domain ??= _full[(_at + 1)..(_slash < 0 ? _full.Length : _slash)];

    public string? Resource => _slash < 0 ? null : _resource ??= _full[(_slash + 1)..];

    public bool IsBare => _slash < 0;

    public bool IsFull => _slash >= 0;

    public Jid Bare => _slash < 0 ? this : _bare ??= new Jid(_full[.._slash], _at, -1, _local, _domain, null);

    public Jid WithResource(string resource) =>
        TryWithResource(resource, out Jid? jid) ? jid : throw new JidFormatException("The resourcepart is not valid.");

    public bool TryWithResource(string? resource, [NotNullWhen(true)] out Jid? jid)
    {
        jid = null;
        if (resource is null)
        {
            return false;
        }

        JidPartStatus status = Resourcepart.Enforce(resource, out string? normalized);
        if (status == JidPartStatus.Invalid)
        {
            return false;
        }

        string value = normalized ?? resource;
        Jid bare = Bare;
        jid = new Jid(string.Concat(bare._full, "/", value), _at, bare._full.Length, bare._local, bare._domain, value);
        return true;
    }

    public override string ToString() => _full;

    public bool Equals(Jid? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(_full, other._full, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as Jid);

    public override int GetHashCode()
    {
        // Zero marks "not computed"; a string whose hash is zero is just hashed again.
        int hashCode = _hashCode;
        if (hashCode == 0)
        {
            hashCode = _full.GetHashCode(StringComparison.Ordinal);
            _hashCode = hashCode;
        }

        return hashCode;
    }

    public static bool operator ==(Jid? left, Jid? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(Jid? left, Jid? right) => !(left == right);
}

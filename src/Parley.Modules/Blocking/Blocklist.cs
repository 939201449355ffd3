using System.Collections.Frozen;
using Parley.Protocol;

namespace Parley.Modules.Blocking;

/// <summary>
/// One account's blocked JIDs with XEP-0191 §3 matching: a full JID blocks that resource, a bare JID every
/// resource of it, domain/resource that resource of the domain, a domain itself, everything at it and under it.
/// </summary>
public sealed class Blocklist
{
    private readonly FrozenSet<string> _jids;

    public Blocklist(IEnumerable<Jid> items)
    {
        Items = [.. items];
        _jids = Items.Select(j => j.ToString()).ToFrozenSet(StringComparer.Ordinal);
    }

    public static Blocklist Empty { get; } = new([]);

    public IReadOnlyList<Jid> Items { get; }

    public bool IsEmpty => Items.Count == 0;

    public bool Blocks(Jid jid)
    {
        if (_jids.Count == 0)
            return false;
        if (_jids.Contains(jid.ToString()) || _jids.Contains(jid.Bare.ToString()))
            return true;
        if (jid.Resource is { } resource && _jids.Contains($"{jid.Domain}/{resource}"))
            return true;
        // The domain and every parent domain: "address containing a subdomain" (§3, rule 4).
        var domain = jid.Domain;
        while (true)
        {
            if (_jids.Contains(domain))
                return true;
            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
                return false;
            domain = domain[(dot + 1)..];
        }
    }

    /// <summary>Whether the blocked <paramref name="item"/> covers <paramref name="jid"/> (the same matching, for one item).</summary>
    public static bool Covers(Jid item, Jid jid) => new Blocklist([item]).Blocks(jid);
}

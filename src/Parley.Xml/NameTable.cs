using System.Collections.Frozen;

namespace Parley.Xml;

/// <summary>
/// Interns names and namespace URIs so a busy stream does not allocate the same strings per stanza: a frozen
/// table of the XMPP vocabulary shared by every parser, plus a small bounded table per parser for the rest.
/// </summary>
internal sealed class NameTable
{
    // Bounded so a peer cannot grow a parser's memory by sending ever new names.
    private const int MaxEntries = 256;
    private const int MaxInternLength = 64;
    private const int MaxValueLength = 24;

    private static readonly FrozenSet<string> s_wellKnown = WellKnownNames.All.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_wellKnownLookup =
        s_wellKnown.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly HashSet<string> _local = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _localLookup;

    public NameTable() => _localLookup = _local.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
            return "";
        if (chars.Length > MaxInternLength)
            return new string(chars);
        if (s_wellKnownLookup.TryGetValue(chars, out var known))
            return known;
        if (_localLookup.TryGetValue(chars, out var local))
            return local;
        var s = new string(chars);
        if (_local.Count < MaxEntries)
            _local.Add(s);
        return s;
    }

    /// <summary>Attribute values: only the shared vocabulary (<c>type='result'</c>), never the per-parser table.</summary>
    public static string GetValue(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
            return "";
        if (chars.Length <= MaxValueLength && s_wellKnownLookup.TryGetValue(chars, out var known))
            return known;
        return new string(chars);
    }
}

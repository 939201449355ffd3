using System.Collections.Frozen;

namespace Parley.Server.Hosting;

/// <summary>The virtual hosts this server serves, by normalized domain.</summary>
public sealed class LocalHosts(IEnumerable<string> domains)
{
    private readonly FrozenSet<string> _domains = domains.ToFrozenSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> All => _domains;

    public bool Contains(string domain) => _domains.Contains(domain);
}

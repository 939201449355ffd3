namespace Parley.Server.Modules;

/// <summary>The filter chains of every point, filled by the module host at start-up and then frozen.</summary>
public sealed class StanzaFilters
{
    private readonly Dictionary<FilterPoint, FilterChain> _chains = Enum.GetValues<FilterPoint>().ToDictionary(p => p, _ => new FilterChain());

    public FilterChain this[FilterPoint point] => _chains[point];

    internal void Freeze()
    {
        foreach (var chain in _chains.Values)
            chain.Freeze();
    }
}

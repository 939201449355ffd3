namespace Parley.Server.Modules;

public sealed record DiscoIdentity(string Category, string Type, string? Name);

/// <summary>What disco#info shows for the server, collected from what modules declare.</summary>
public sealed class FeatureRegistry
{
    private readonly SortedSet<string> _features = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _identities = [];

    public IReadOnlyCollection<string> Features => _features;

    public IReadOnlyList<DiscoIdentity> Identities => _identities;

    internal void AddFeature(string var) => _features.Add(var);

    internal void AddIdentity(DiscoIdentity identity)
    {
        if (!_identities.Contains(identity))
            _identities.Add(identity);
    }
}

namespace Parley.Modules.Blocking;

/// <summary>Each account's blocklist (XEP-0191): the JIDs it blocks, as normalized strings.</summary>
public interface IBlocklistStore
{
    ValueTask<IReadOnlyList<string>> GetAsync(string host, string username, CancellationToken ct = default);

    /// <summary>
    /// Adds the JIDs not yet blocked and returns them; null, adding nothing, when the list would then hold more
    /// than <paramref name="maxItems"/> JIDs. Durable when this returns.
    /// </summary>
    ValueTask<IReadOnlyList<string>?> AddAsync(string host, string username, IReadOnlyList<string> jids, int maxItems,
        CancellationToken ct = default);

    /// <summary>Removes these JIDs (all of them when null) and returns those that were blocked.</summary>
    ValueTask<IReadOnlyList<string>> RemoveAsync(string host, string username, IReadOnlyList<string>? jids,
        CancellationToken ct = default);
}

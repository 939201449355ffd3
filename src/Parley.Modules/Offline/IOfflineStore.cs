using Parley.Xml;

namespace Parley.Modules.Offline;

/// <summary>A message kept for an account while it had no resource to take it (XEP-0160), in arrival order.</summary>
public sealed record OfflineMessage(long Id, DateTimeOffset Stamp, Element Message);

public enum OfflineStoreResult
{
    /// <summary>Kept, durably: it survives a crash from the moment this is returned.</summary>
    Stored,

    /// <summary>The account already keeps as many messages as it may.</summary>
    Full,

    /// <summary>There is no such account (RFC 6121 §8.5.1 is the router's to answer).</summary>
    NoSuchAccount,
}

/// <summary>Offline messages per account, oldest first.</summary>
public interface IOfflineStore
{
    /// <summary>
    /// Keeps the message unless the account already has <paramref name="maxMessages"/>; the count and the write are
    /// one transaction, committed (and synced to disk) before this returns.
    /// </summary>
    ValueTask<OfflineStoreResult> StoreAsync(string host, string username, Element message, DateTimeOffset stamp,
        int maxMessages, CancellationToken ct = default);

    /// <summary>Every message kept for the account, in the order they arrived.</summary>
    ValueTask<IReadOnlyList<OfflineMessage>> GetAsync(string host, string username, CancellationToken ct = default);

    /// <summary>Forgets the given messages of the account (those delivered); unknown ids are ignored.</summary>
    ValueTask RemoveAsync(string host, string username, IReadOnlyCollection<long> ids, CancellationToken ct = default);
}

using Parley.Protocol;

namespace Parley.Modules.Roster;

/// <summary>A roster and its version (RFC 6121 §2.6); the version is opaque to clients.</summary>
public sealed record RosterSnapshot(IReadOnlyList<RosterItem> Items, string Version);

/// <summary>One change since a version: the item as it is now, or null when it was removed.</summary>
public sealed record RosterChange(Jid Jid, RosterItem? Item, string Version);

/// <summary>The outcome of a change to one contact: before and after, and the roster version when the item changed.</summary>
public sealed record ContactChange(Contact Before, Contact After, string? Version)
{
    public bool ItemChanged => Version is not null;
}

/// <summary>
/// Each account's contacts: roster items with their subscriptions (RFC 6121 §2, §3) and pending inbound
/// subscription requests. A roster is versioned (§2.6): every change of an item gives the roster a new version,
/// and removed items are remembered for a while so a client can be sent only what changed.
/// </summary>
public interface IRosterStore
{
    ValueTask<RosterSnapshot> GetRosterAsync(string host, string username, CancellationToken ct = default);

    /// <summary>
    /// The changes after <paramref name="version"/>, oldest first, with the current version; null when that version
    /// is not one this roster had (or is too old to tell), and the client needs the whole roster.
    /// </summary>
    ValueTask<(IReadOnlyList<RosterChange> Changes, string Version)?> GetChangesSinceAsync(string host, string username,
        string version, CancellationToken ct = default);

    ValueTask<Contact> GetContactAsync(string host, string username, Jid contact, CancellationToken ct = default);

    /// <summary>
    /// Reads the contact, applies <paramref name="change"/> and writes the result, atomically (two changes to one
    /// roster never interleave). <paramref name="change"/> returns the contact as it should be (a null item removes
    /// it); it may run more than once and must not have side effects. A change that would add an item to a roster
    /// holding <paramref name="maxItems"/> items is not made: null is returned.
    /// </summary>
    ValueTask<ContactChange?> ChangeContactAsync(string host, string username, Jid contact, Func<Contact, Contact> change,
        int maxItems, CancellationToken ct = default);

    /// <summary>The contacts with a subscription request waiting for the user's answer (§3.1.3), oldest first.</summary>
    ValueTask<IReadOnlyList<Contact>> GetPendingRequestsAsync(string host, string username, CancellationToken ct = default);
}

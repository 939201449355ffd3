using Parley.Protocol;

namespace Parley.Server.Sessions;

/// <summary>One bound resource as the directory knows it.</summary>
public sealed record SessionEntry(Jid Jid, SessionHandle Handle, bool Available, int Priority);

public enum ResourceConflictPolicy
{
    /// <summary>The new session wins; the old one is closed with a conflict stream error (RFC 6120 §7.7.2.2).</summary>
    Replace,

    /// <summary>The new bind fails with a conflict stanza error.</summary>
    Refuse,
}

/// <summary>Outcome of a bind: bound (maybe replacing <paramref name="Replaced"/>) or refused.</summary>
public readonly record struct BindOutcome(bool Bound, SessionHandle? Replaced);

/// <summary>
/// Who is online where (DESIGN §6.3). Async and allowed to fail transiently, because in cluster mode it is remote;
/// the single-node implementation completes synchronously.
/// </summary>
public interface ISessionDirectory
{
    ValueTask<BindOutcome> BindAsync(Jid fullJid, SessionHandle handle, ResourceConflictPolicy policy,
        CancellationToken cancellationToken = default);

    /// <summary>Removes the binding if it still belongs to <paramref name="handle"/> (a replaced session must not unbind its successor).</summary>
    ValueTask UnbindAsync(Jid fullJid, SessionHandle handle, CancellationToken cancellationToken = default);

    ValueTask SetPresenceAsync(Jid fullJid, SessionHandle handle, bool available, int priority,
        CancellationToken cancellationToken = default);

    /// <summary>All bound resources of an account, available or not.</summary>
    ValueTask<IReadOnlyList<SessionEntry>> GetSessionsAsync(Jid bareJid, CancellationToken cancellationToken = default);

    /// <summary>Every bound session of a host (for announcements and statistics).</summary>
    ValueTask<IReadOnlyList<SessionEntry>> GetHostSessionsAsync(string host, CancellationToken cancellationToken = default);
}

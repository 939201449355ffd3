using System.Collections.Concurrent;
using System.Collections.Immutable;
using Parley.Protocol;

namespace Parley.Server.Sessions;

/// <summary>
/// The single-node directory: per account an immutable array of entries, swapped under a lock held only for the
/// swap. Readers never lock.
/// </summary>
internal sealed class InMemorySessionDirectory : ISessionDirectory
{
    private readonly ConcurrentDictionary<Jid, ImmutableArray<SessionEntry>> _accounts = new();
    private readonly Lock _gate = new();

    public ValueTask<BindOutcome> BindAsync(Jid fullJid, SessionHandle handle, ResourceConflictPolicy policy,
        CancellationToken cancellationToken = default)
    {
        var bare = fullJid.Bare;
        lock (_gate)
        {
            var entries = _accounts.GetValueOrDefault(bare, []);
            var existing = entries.FirstOrDefault(e => e.Jid == fullJid);
            if (existing is not null && policy == ResourceConflictPolicy.Refuse)
                return ValueTask.FromResult(new BindOutcome(false, null));
            if (existing is not null)
                entries = entries.Remove(existing);
            _accounts[bare] = entries.Add(new SessionEntry(fullJid, handle, false, 0));
            return ValueTask.FromResult(new BindOutcome(true, existing?.Handle));
        }
    }

    public ValueTask UnbindAsync(Jid fullJid, SessionHandle handle, CancellationToken cancellationToken = default)
    {
        var bare = fullJid.Bare;
        lock (_gate)
        {
            if (_accounts.TryGetValue(bare, out var entries))
            {
                var remaining = entries.RemoveAll(e => e.Handle == handle);
                if (remaining.IsEmpty)
                    _accounts.TryRemove(bare, out _);
                else
                    _accounts[bare] = remaining;
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPresenceAsync(Jid fullJid, SessionHandle handle, bool available, int priority,
        CancellationToken cancellationToken = default)
    {
        var bare = fullJid.Bare;
        lock (_gate)
        {
            if (_accounts.TryGetValue(bare, out var entries))
            {
                var index = entries.IndexOf(entries.FirstOrDefault(e => e.Handle == handle)!);
                if (index >= 0)
                    _accounts[bare] = entries.SetItem(index, entries[index] with { Available = available, Priority = priority });
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<SessionEntry>> GetSessionsAsync(Jid bareJid, CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<SessionEntry>>(_accounts.GetValueOrDefault(bareJid.Bare, []));

    public ValueTask<IReadOnlyList<SessionEntry>> GetHostSessionsAsync(string host, CancellationToken cancellationToken = default)
    {
        var result = new List<SessionEntry>();
        foreach (var (bare, entries) in _accounts)
        {
            if (bare.Domain == host)
                result.AddRange(entries);
        }
        return ValueTask.FromResult<IReadOnlyList<SessionEntry>>(result);
    }
}

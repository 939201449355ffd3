using System.Collections.Concurrent;
using Parley.Protocol;
using Parley.Server.Sessions;

namespace Parley.Modules.Blocking;

/// <summary>
/// The blocklists in memory: every stanza to or from an account is checked against its list. The list of an
/// account with a session stays until its last session ends; that of an account without one (a presence
/// broadcast reaching an offline contact, say) for a short while, so a burst costs one read of the store and a
/// list the command line changed meanwhile is not served stale for long. The blocking module changes the store
/// and then the copy here.
/// </summary>
public sealed class Blocklists(IBlocklistStore store, ISessionDirectory directory) : IBlocklists
{
    private const long OfflineMilliseconds = 30_000;
    private readonly ConcurrentDictionary<Jid, (Blocklist List, long Until)> _cached = new();

    public async ValueTask<Blocklist> GetAsync(Jid account, CancellationToken ct = default)
    {
        account = account.Bare;
        var now = Environment.TickCount64;
        if (_cached.TryGetValue(account, out var cached) && cached.Until > now)
            return cached.List;
        var list = await LoadAsync(account, ct);
        var online = (await directory.GetSessionsAsync(account, ct)).Count > 0;
        var entry = (list, online ? long.MaxValue : now + OfflineMilliseconds);
        // Never over a newer copy: a block command reloads the list while its session is there.
        _cached.AddOrUpdate(account, entry, (_, existing) => existing.Until > now ? existing : entry);
        return list;
    }

    internal async ValueTask<Blocklist> ReloadAsync(Jid account, CancellationToken ct)
    {
        account = account.Bare;
        var list = await LoadAsync(account, ct);
        _cached[account] = (list, long.MaxValue);
        return list;
    }

    internal void Forget(Jid account) => _cached.TryRemove(account.Bare, out _);

    private async ValueTask<Blocklist> LoadAsync(Jid account, CancellationToken ct)
    {
        var jids = await store.GetAsync(account.Domain, account.Local!, ct);
        return jids.Count == 0 ? Blocklist.Empty : new Blocklist(jids.Select(Jid.Parse));
    }
}

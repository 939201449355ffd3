using System.Collections.Concurrent;
using Parley.Protocol;
using Parley.Server.Sessions;

namespace Parley.Modules.Blocking;

/// <summary>
/// The blocklists in memory for accounts with a session (every stanza to or from them is checked), read from the
/// store for the others. The blocking module changes the store and then the copy here.
/// </summary>
public sealed class Blocklists(IBlocklistStore store, ISessionDirectory directory) : IBlocklists
{
    private readonly ConcurrentDictionary<Jid, Blocklist> _cached = new();

    public async ValueTask<Blocklist> GetAsync(Jid account, CancellationToken ct = default)
    {
        account = account.Bare;
        if (_cached.TryGetValue(account, out var list))
            return list;
        list = await LoadAsync(account, ct);
        // Only accounts with a session stay cached: the copy is dropped when the last one ends, so a list the
        // command line changes while nobody is online is never served stale.
        if ((await directory.GetSessionsAsync(account, ct)).Count > 0)
            _cached.TryAdd(account, list);
        return list;
    }

    internal async ValueTask<Blocklist> ReloadAsync(Jid account, CancellationToken ct)
    {
        account = account.Bare;
        var list = await LoadAsync(account, ct);
        _cached[account] = list;
        return list;
    }

    internal void Forget(Jid account) => _cached.TryRemove(account.Bare, out _);

    private async ValueTask<Blocklist> LoadAsync(Jid account, CancellationToken ct)
    {
        var jids = await store.GetAsync(account.Domain, account.Local!, ct);
        return jids.Count == 0 ? Blocklist.Empty : new Blocklist(jids.Select(Jid.Parse));
    }
}

using Parley.Protocol;

namespace Parley.Modules.Blocking;

/// <summary>
/// The blocklists of local accounts for the other modules (presence broadcasts and probes skip what the user
/// blocked, XEP-0191 §3.3). Reads are cheap: lists of accounts with sessions are kept in memory.
/// </summary>
public interface IBlocklists
{
    ValueTask<Blocklist> GetAsync(Jid account, CancellationToken ct = default);
}

using Parley.Protocol;

namespace Parley.Modules.Blocking;

/// <summary>
/// The blocklists of local accounts for the other modules (presence broadcasts and probes skip what the user
/// blocked, XEP-0191 §3.3). Reads are cheap: the lists are kept in memory (see <see cref="Blocklists"/>).
/// </summary>
public interface IBlocklists
{
    ValueTask<Blocklist> GetAsync(Jid account, CancellationToken ct = default);
}

using System.Collections.Concurrent;
using Parley.Modules.Blocking;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Presence;

/// <summary>
/// The presence of this node's sessions: the last broadcast presence of each, the entities each sent directed
/// presence to, and each account's last unavailable presence (to answer probes while it is offline, §4.3.2).
/// The presence module writes it; other modules read it through <see cref="IPresenceState"/>.
/// </summary>
public sealed class PresenceState(ISessionDirectory directory, IRouter router, IRosterStore roster, IBlocklists blocklists)
    : IPresenceState
{
    private readonly ConcurrentDictionary<SessionHandle, SessionPresence> _sessions = new();
    private readonly ConcurrentDictionary<Jid, Element> _lastUnavailable = new();

    /// <summary>One session's presence. Only its own stream's read loop changes it, so a lock suffices for readers.</summary>
    internal sealed class SessionPresence(Jid jid)
    {
        private readonly HashSet<Jid> _directed = [];

        public Jid Jid { get; } = jid;

        /// <summary>The last available presence broadcast (no 'to'), or null while not available.</summary>
        public Element? Available { get; set; }

        public void AddDirected(Jid to)
        {
            lock (_directed)
                _directed.Add(to);
        }

        public void RemoveDirected(Jid to)
        {
            lock (_directed)
                _directed.Remove(to);
        }

        public Jid[] TakeDirected()
        {
            lock (_directed)
            {
                var all = _directed.ToArray();
                _directed.Clear();
                return all;
            }
        }

        public Jid[] Directed()
        {
            lock (_directed)
                return [.. _directed];
        }
    }

    internal SessionPresence Session(SessionHandle handle, Jid jid) => _sessions.GetOrAdd(handle, _ => new SessionPresence(jid));

    internal SessionPresence? Find(SessionHandle handle) => _sessions.GetValueOrDefault(handle);

    internal SessionPresence? Remove(SessionHandle handle) => _sessions.TryRemove(handle, out var s) ? s : null;

    internal void SetLastUnavailable(Jid account, Element presence) => _lastUnavailable[account.Bare] = presence;

    internal Element? LastUnavailable(Jid account) => _lastUnavailable.GetValueOrDefault(account.Bare);

    internal void Forget(Jid account) => _lastUnavailable.TryRemove(account.Bare, out _);

    public async ValueTask<IReadOnlyList<Element>> GetAvailableAsync(Jid account, CancellationToken ct = default)
    {
        var result = new List<Element>();
        foreach (var s in await directory.GetSessionsAsync(account.Bare, ct))
        {
            if (s.Available && Find(s.Handle)?.Available is { } presence)
                result.Add(presence);
        }
        return result;
    }

    public async ValueTask<bool> MaySeeAsync(Jid account, Jid viewer, CancellationToken ct = default)
    {
        account = account.Bare;
        if (viewer.Bare == account)
            return true;
        if (account.Local is null)
            return false;
        var contact = await roster.GetContactAsync(account.Domain, account.Local, viewer.Bare, ct);
        return contact.State.HasFrom && !(await blocklists.GetAsync(account, ct)).Blocks(viewer);
    }

    public async ValueTask<bool> IsAvailableToAsync(Jid account, Jid viewer, CancellationToken ct = default)
        => (await GetAvailableAsync(account, ct)).Count > 0 && await MaySeeAsync(account, viewer, ct);

    public async ValueTask SendPresenceAsync(Jid account, Jid to, bool unavailable, CancellationToken ct = default)
    {
        foreach (var presence in await GetAvailableAsync(account, ct))
        {
            var sent = unavailable
                ? X.E("presence", Namespaces.Client, X.A("from", presence.Attribute("from")), X.A("type", "unavailable"))
                : presence;
            await router.RouteAsync(sent.WithAttribute("to", to.ToString()), ct);
        }
    }

    public IReadOnlyList<Jid> GetDirectedPresence(Jid account)
    {
        var result = new HashSet<Jid>();
        foreach (var s in _sessions.Values)
        {
            if (s.Jid.Bare == account.Bare)
                result.UnionWith(s.Directed());
        }
        return [.. result];
    }
}

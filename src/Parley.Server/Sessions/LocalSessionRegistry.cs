using System.Collections.Concurrent;

namespace Parley.Server.Sessions;

/// <summary>Handles of this node's sessions → their live connections (DESIGN §6.4).</summary>
public sealed class LocalSessionRegistry
{
    private readonly ConcurrentDictionary<long, ILocalSession> _sessions = new();
    private long _nextId;

    public LocalSessionRegistry(int nodeId = 0) => NodeId = nodeId;

    public int NodeId { get; }

    public int Count => _sessions.Count;

    public SessionHandle NewHandle() => new(NodeId, Interlocked.Increment(ref _nextId));

    public void Register(ILocalSession session) => _sessions[session.Handle.Id] = session;

    public void Unregister(SessionHandle handle) => _sessions.TryRemove(handle.Id, out _);

    public bool TryGet(SessionHandle handle, out ILocalSession? session)
    {
        if (handle.Node == NodeId && _sessions.TryGetValue(handle.Id, out var s))
        {
            session = s;
            return true;
        }
        session = null;
        return false;
    }

    public IEnumerable<ILocalSession> All => _sessions.Values;
}

using System.Collections.Concurrent;
using System.Net;
namespace Parley.Server.Connections;

/// <summary>
/// Counts open connections per remote address, for <c>c2s.max_connections_per_ip</c> and (one instance of its own)
/// <c>s2s.max_connections_per_ip</c>; a limit of 0 counts nothing.
/// </summary>
internal sealed class ConnectionsPerAddress(int limit)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();
    private readonly int _limit = limit;

    /// <summary>Counts the connection in; false when its address is already at the limit (it is not counted then).</summary>
    public bool TryEnter(EndPoint? remote, out IPAddress? address)
    {
        address = (remote as IPEndPoint)?.Address;
        if (_limit == 0 || address is null)
            return true;
        while (true)
        {
            var current = _open.GetOrAdd(address, 0);
            if (current >= _limit)
                return false;
            if (_open.TryUpdate(address, current + 1, current))
                return true;
        }
    }

    public void Leave(IPAddress? address)
    {
        if (_limit == 0 || address is null)
            return;
        while (true)
        {
            var current = _open.GetValueOrDefault(address);
            if (current <= 1)
            {
                // Remove only if still 1, so a concurrent TryEnter is never lost.
                if (_open.TryRemove(new KeyValuePair<IPAddress, int>(address, current)) || current == 0)
                    return;
                continue;
            }
            if (_open.TryUpdate(address, current - 1, current))
                return;
        }
    }
}

namespace Parley.Server.Federation;

/// <summary>
/// The RFC 2782 order of SRV records: lowest priority first; within a priority, a weighted random draw (records
/// of weight 0 stand a small chance, placed first before the running sums as the RFC describes; when only zero
/// weights are left, any of them is equally likely).
/// </summary>
public static class SrvOrdering
{
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> records, Func<T, int> priority, Func<T, int> weight, Random random)
    {
        var result = new List<T>();
        foreach (var group in records.GroupBy(priority).OrderBy(g => g.Key))
        {
            // RFC 2782: arrange the zero-weight records first, then draw by running sum until none are left.
            var pending = group.OrderBy(r => weight(r) == 0 ? 0 : 1).ToList();
            while (pending.Count > 0)
            {
                var total = pending.Sum(r => (long)weight(r));
                if (total == 0)
                {
                    // Only zero weights left: "no server selection to do", so any order; a random one spreads load
                    // where the DNS answer's own order would send everyone to the same target.
                    var any = random.Next(pending.Count);
                    result.Add(pending[any]);
                    pending.RemoveAt(any);
                    continue;
                }
                var draw = random.NextInt64(total + 1);
                long running = 0;
                var chosen = pending.Count - 1;
                for (var i = 0; i < pending.Count; i++)
                {
                    running += weight(pending[i]);
                    if (running >= draw)
                    {
                        chosen = i;
                        break;
                    }
                }
                result.Add(pending[chosen]);
                pending.RemoveAt(chosen);
            }
        }
        return result;
    }
}

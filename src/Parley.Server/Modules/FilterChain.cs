using System.Collections.Immutable;

namespace Parley.Server.Modules;

/// <summary>The filters of one point, in priority order (highest first; ties in registration order).</summary>
public sealed class FilterChain
{
    private readonly List<(int Priority, int Order, StanzaFilter Filter)> _building = [];
    private ImmutableArray<StanzaFilter> _filters = [];

    internal void Add(StanzaFilter filter, int priority) => _building.Add((priority, _building.Count, filter));

    internal void Freeze() => _filters = [.. _building.OrderByDescending(f => f.Priority).ThenBy(f => f.Order).Select(f => f.Filter)];

    public async ValueTask<FilterResult> RunAsync(StanzaContext context, CancellationToken cancellationToken)
    {
        foreach (var f in _filters)
        {
            var r = await f(context, cancellationToken);
            if (r.Verdict != FilterVerdict.Continue)
                return r;
        }
        return FilterResult.Continue;
    }
}

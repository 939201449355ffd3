using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Events;

/// <summary>Delivers past-tense events to observers. An observer's exception is logged, never propagated.</summary>
public sealed class EventBus(ILogger<EventBus> logger)
{
    private readonly ConcurrentDictionary<Type, ImmutableArray<Delegate>> _handlers = new();

    public void Subscribe<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler)
        => _handlers.AddOrUpdate(typeof(TEvent), [handler], (_, list) => list.Add(handler));

    public async ValueTask PublishAsync<TEvent>(TEvent ev, CancellationToken cancellationToken = default)
    {
        if (!_handlers.TryGetValue(typeof(TEvent), out var handlers))
            return;
        foreach (var h in handlers)
        {
            try
            {
                await ((Func<TEvent, CancellationToken, ValueTask>)h)(ev, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Observer of {Event} failed", typeof(TEvent).Name);
            }
        }
    }
}

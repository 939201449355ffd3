using System.Collections.Concurrent;
using System.Security.Cryptography;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.Server.Routing;

/// <summary>
/// Server-originated IQs waiting for their answer, by id. Shared by <see cref="IqClient"/>, which sends, and the
/// router, which hands over results and errors addressed to the server.
/// </summary>
internal sealed class PendingIqs
{
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);

    private sealed record Waiting(Jid To, TaskCompletionSource<Element> Answer);

    public int Count => _waiting.Count;

    /// <summary>A fresh id (random, so it cannot be guessed by someone who would answer in another's place).</summary>
    public (string Id, Task<Element> Answer) Add(Jid to)
    {
        while (true)
        {
            var id = "parley-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var waiting = new Waiting(to, new TaskCompletionSource<Element>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_waiting.TryAdd(id, waiting))
                return (id, waiting.Answer.Task);
        }
    }

    public void Remove(string id) => _waiting.TryRemove(id, out _);

    /// <summary>
    /// Completes the request this answers; false when none is waiting for it. RFC 6120 §8.2.3: the answer comes
    /// from the entity the request went to; one from anyone else is not the answer, whatever its id.
    /// </summary>
    public bool TryComplete(Element answer, Jid from)
    {
        var id = answer.Attribute("id");
        if (id is null || !_waiting.TryGetValue(id, out var waiting) || waiting.To != from)
            return false;
        if (!_waiting.TryRemove(new KeyValuePair<string, Waiting>(id, waiting)))
            return false;
        waiting.Answer.TrySetResult(answer);
        return true;
    }
}

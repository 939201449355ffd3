using System.Collections.Frozen;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>IQ handlers by (type, addressing, payload name, payload namespace): a table, frozen at start-up.</summary>
public sealed class IqDispatcher
{
    public delegate ValueTask<IqResponse> Handler(Element iq, Element payload, Protocol.Jid from, Protocol.Jid to,
        CancellationToken cancellationToken);

    private readonly Dictionary<Key, Handler> _building = [];
    private FrozenDictionary<Key, Handler>? _table;

    private readonly record struct Key(IqType Type, Addressed Addressing, string Name, string Namespace);

    internal void Add(IqType type, Addressed addressing, string name, string ns, Handler handler)
    {
        if (_table is not null)
            throw new InvalidOperationException("IQ handlers are registered at start-up only.");
        foreach (var a in new[] { Addressed.Host, Addressed.Account })
        {
            if (!addressing.HasFlag(a))
                continue;
            if (!_building.TryAdd(new Key(type, a, name, ns), handler))
                throw new InvalidOperationException($"Two modules handle IQ {type} {{{ns}}}{name} for {a}.");
        }
    }

    internal void Freeze() => _table = _building.ToFrozenDictionary();

    public bool TryGet(IqType type, Addressed addressing, Element payload, out Handler? handler)
        => (_table ?? throw new InvalidOperationException("Not started."))
            .TryGetValue(new Key(type, addressing, payload.Name, payload.Namespace), out handler);
}

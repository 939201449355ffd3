using Parley.Protocol;
using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>Stream features that modules offer once a client is authenticated (next to bind), e.g. caps or XEP-0198.</summary>
public sealed class StreamFeatures
{
    private readonly List<Func<Jid, Element?>> _features = [];

    internal void Add(Func<Jid, Element?> feature) => _features.Add(feature);

    /// <summary>The features for an authenticated account (bare JID), in registration order.</summary>
    public IEnumerable<Element> For(Jid account)
    {
        foreach (var f in _features)
        {
            if (f(account) is { } element)
                yield return element;
        }
    }
}

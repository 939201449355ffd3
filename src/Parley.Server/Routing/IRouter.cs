using Parley.Xml;

namespace Parley.Server.Routing;

/// <summary>
/// The only way stanzas move between entities (DESIGN §6.5). The stanza is an immutable value whose 'from' the
/// caller has already stamped; the router delivers it, hands it to a module, or bounces it.
/// </summary>
public interface IRouter
{
    ValueTask RouteAsync(Element stanza, CancellationToken cancellationToken = default);
}

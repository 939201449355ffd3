using Parley.Protocol;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Roster;

/// <summary>
/// &lt;query xmlns='jabber:iq:roster'/&gt; as a client sends it: the version it has (§2.6.2) and the items of a
/// roster set, read as written so that the module can tell apart the errors §2.3.3 asks for.
/// </summary>
public sealed record RosterQuery(string? Version, IReadOnlyList<Element> Items) : IPayload<RosterQuery>
{
    public static string ElementName => "query";

    public static string Namespace => Namespaces.Roster;

    public static RosterQuery? Parse(Element element)
        => element.Nodes.OfType<Text>().Any(t => !string.IsNullOrWhiteSpace(t.Value))
            ? null
            : new(element.Attribute("ver"), [.. element.Elements()]);
}

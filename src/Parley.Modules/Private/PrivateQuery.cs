using Parley.Protocol;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Private;

/// <summary>&lt;query xmlns='jabber:iq:private'/&gt; and the elements in it.</summary>
public sealed record PrivateQuery(IReadOnlyList<Element> Items) : IPayload<PrivateQuery>
{
    public static string ElementName => "query";

    public static string Namespace => Namespaces.PrivateStorage;

    // The schema allows one element of another namespace after another and nothing else: text in the query is
    // malformed. An empty query or an element in the wrong namespace parses, to get the errors §2.3 asks for.
    public static PrivateQuery? Parse(Element element)
        => element.Nodes.OfType<Text>().Any(t => !string.IsNullOrWhiteSpace(t.Value)) ? null : new([.. element.Elements()]);

    /// <summary>
    /// §2.3: the fragment's root "is scoped by its own namespace": not jabber:iq:private (the schema's ##other)
    /// and not none at all.
    /// </summary>
    public static bool HasOwnNamespace(Element item) => item.Namespace.Length > 0 && item.Namespace != Namespaces.PrivateStorage;
}

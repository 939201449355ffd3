using Parley.Protocol;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Blocking;

/// <summary>The 'jid' attributes of the &lt;item/&gt; children of a blocking command, as written.</summary>
internal static class BlockingItems
{
    public static IReadOnlyList<string?>? Read(Element element)
    {
        if (element.Nodes.OfType<Text>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
            return null;
        var items = new List<string?>();
        foreach (var child in element.Elements())
        {
            // §5 (schema): only <item jid='...'/> children.
            if (!child.Is("item", Namespaces.Blocking))
                return null;
            items.Add(child.Attribute("jid"));
        }
        return items;
    }
}

/// <summary>&lt;blocklist xmlns='urn:xmpp:blocking'/&gt;: the get (XEP-0191 §3.2).</summary>
public sealed record BlocklistQuery : IPayload<BlocklistQuery>
{
    public static string ElementName => "blocklist";

    public static string Namespace => Namespaces.Blocking;

    public static BlocklistQuery? Parse(Element element) => new();
}

/// <summary>&lt;block/&gt; with the JIDs to block (§3.3).</summary>
public sealed record BlockCommand(IReadOnlyList<string?> Jids) : IPayload<BlockCommand>
{
    public static string ElementName => "block";

    public static string Namespace => Namespaces.Blocking;

    public static BlockCommand? Parse(Element element) => BlockingItems.Read(element) is { } jids ? new(jids) : null;
}

/// <summary>&lt;unblock/&gt; with the JIDs to unblock, or none for all of them (§3.4, §3.5).</summary>
public sealed record UnblockCommand(IReadOnlyList<string?> Jids) : IPayload<UnblockCommand>
{
    public static string ElementName => "unblock";

    public static string Namespace => Namespaces.Blocking;

    public static UnblockCommand? Parse(Element element) => BlockingItems.Read(element) is { } jids ? new(jids) : null;
}

using System.Collections.Immutable;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Inside the server every stanza is in jabber:client, whichever stream it came on; on the wire between servers
/// it is jabber:server (RFC 6120 §4.8.3). Moving a stanza across changes the namespace of the elements that
/// inherited the stream's default (the stanza itself, body, status, error...), never the payload namespaces.
/// </summary>
internal static class StanzaNamespace
{
    public static Element Rebase(Element element, string from, string to)
    {
        if (element.Namespace != from)
            return element;
        var nodes = element.Nodes;
        ImmutableArray<Node>.Builder? changed = null;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is not Element child || child.Namespace != from)
                continue;
            changed ??= nodes.ToBuilder();
            changed[i] = Rebase(child, from, to);
        }
        return new Element(element.Name, to, element.Attributes, changed?.ToImmutable() ?? nodes);
    }
}

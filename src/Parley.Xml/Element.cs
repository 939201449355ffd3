using System.Collections.Immutable;

namespace Parley.Xml;

/// <summary>
/// An immutable XML element with namespaces resolved. Stanzas are values: they cross the router as-is, and
/// every change (stamping <c>from</c>, say) makes a new element that shares the unchanged parts.
/// </summary>
public sealed class Element : Node
{
    public const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    public Element(string name, string ns, ImmutableArray<XmlAttribute> attributes = default,
        ImmutableArray<Node> nodes = default)
    {
        Name = name;
        Namespace = ns;
        Attributes = attributes.IsDefault ? [] : attributes;
        Nodes = nodes.IsDefault ? [] : nodes;
    }

    /// <summary>Local name, without prefix.</summary>
    public string Name { get; }

    /// <summary>Namespace URI; empty when the element is in no namespace.</summary>
    public string Namespace { get; }

    public ImmutableArray<XmlAttribute> Attributes { get; }

    public ImmutableArray<Node> Nodes { get; }

    /// <summary>Value of an attribute in no namespace, or null.</summary>
    public string? Attribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Namespace.Length == 0 && a.Name == name)
                return a.Value;
        }
        return null;
    }

    /// <summary>The <c>xml:lang</c> written on this element (not inherited), or null.</summary>
    public string? Lang
    {
        get
        {
            foreach (var a in Attributes)
            {
                if (a.Name == "lang" && a.Namespace == XmlNamespace)
                    return a.Value;
            }
            return null;
        }
    }

    public IEnumerable<Element> Elements()
    {
        foreach (var n in Nodes)
        {
            if (n is Element e)
                yield return e;
        }
    }

    /// <summary>First child element with this name and namespace, or null.</summary>
    public Element? Child(string name, string ns)
    {
        foreach (var n in Nodes)
        {
            if (n is Element e && e.Name == name && e.Namespace == ns)
                return e;
        }
        return null;
    }

    /// <summary>First child element in this namespace, or null.</summary>
    public Element? FirstChild(string? ns = null)
    {
        foreach (var n in Nodes)
        {
            if (n is Element e && (ns is null || e.Namespace == ns))
                return e;
        }
        return null;
    }

    /// <summary>Concatenated character data of the direct children.</summary>
    public string Text
    {
        get
        {
            string? single = null;
            System.Text.StringBuilder? sb = null;
            foreach (var n in Nodes)
            {
                if (n is not Text t)
                    continue;
                if (single is null)
                {
                    single = t.Value;
                }
                else
                {
                    sb ??= new System.Text.StringBuilder(single);
                    sb.Append(t.Value);
                }
            }
            return sb?.ToString() ?? single ?? "";
        }
    }

    public bool Is(string name, string ns) => Name == name && Namespace == ns;

    /// <summary>A copy with the attribute (in no namespace) set, or removed when value is null.</summary>
    public Element WithAttribute(string name, string? value)
    {
        var builder = ImmutableArray.CreateBuilder<XmlAttribute>(Attributes.Length + 1);
        foreach (var a in Attributes)
        {
            if (a.Namespace.Length == 0 && a.Name == name)
                continue;
            builder.Add(a);
        }
        if (value is not null)
            builder.Add(new XmlAttribute(name, value));
        return new Element(Name, Namespace, builder.ToImmutable(), Nodes);
    }

    public Element WithNodes(ImmutableArray<Node> nodes) => new(Name, Namespace, Attributes, nodes);

    public Element WithNamespace(string ns) => ns == Namespace ? this : new Element(Name, ns, Attributes, Nodes);

    public override string ToString() => XmlSerializer.ToXmlString(this);
}

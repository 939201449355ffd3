using System.Collections.Immutable;

namespace Parley.Xml;

/// <summary>Terse construction of elements in code: <c>X.E("iq", ns, X.A("type", "result"), child)</c>.</summary>
public static class X
{
    public static Element E(string name, string ns, params object?[] content)
    {
        var attributes = ImmutableArray.CreateBuilder<XmlAttribute>();
        var nodes = ImmutableArray.CreateBuilder<Node>();
        foreach (var c in content)
            Add(c, attributes, nodes);
        return new Element(name, ns, attributes.ToImmutable(), nodes.ToImmutable());
    }

    public static XmlAttribute? A(string name, string? value) => value is null ? null : new XmlAttribute(name, value);

    private static void Add(object? c, ImmutableArray<XmlAttribute>.Builder attributes, ImmutableArray<Node>.Builder nodes)
    {
        switch (c)
        {
            case null:
                break;
            case XmlAttribute a:
                attributes.Add(a);
                break;
            case Node n:
                nodes.Add(n);
                break;
            case string s:
                nodes.Add(new Text(s));
                break;
            case IEnumerable<object?> many:
                foreach (var m in many)
                    Add(m, attributes, nodes);
                break;
            default:
                throw new ArgumentException($"Cannot add {c.GetType().Name} to an element.", nameof(c));
        }
    }
}

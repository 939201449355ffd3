namespace Parley.Xml.Tests.Support;

/// <summary>Structural equality of element trees: names, namespaces, attributes in order, nodes in order.</summary>
internal sealed class ElementComparer : IEqualityComparer<Element>
{
    public static readonly ElementComparer Instance = new();

    public bool Equals(Element? x, Element? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null || x.Name != y.Name || x.Namespace != y.Namespace
            || !x.Attributes.SequenceEqual(y.Attributes) || x.Nodes.Length != y.Nodes.Length)
            return false;
        for (var i = 0; i < x.Nodes.Length; i++)
        {
            var same = (x.Nodes[i], y.Nodes[i]) switch
            {
                (Text a, Text b) => a.Value == b.Value,
                (Element a, Element b) => Equals(a, b),
                _ => false,
            };
            if (!same)
                return false;
        }
        return true;
    }

    public int GetHashCode(Element obj) => HashCode.Combine(obj.Name, obj.Namespace, obj.Nodes.Length);
}

internal static class ElementAssert
{
    /// <summary>Structural equality, reported as the two canonical dumps when it fails.</summary>
    public static void Equal(Element expected, Element actual)
    {
        if (!ElementComparer.Instance.Equals(expected, actual))
            Assert.Equal(Dump.Of(expected), Dump.Of(actual));
    }
}

using System.Text;

namespace Parley.Xml.Tests.Support;

/// <summary>A canonical text form of an element tree, independent of the serializer, for comparisons.</summary>
internal static class Dump
{
    public static string Of(Element e)
    {
        var sb = new StringBuilder();
        Write(e, sb);
        return sb.ToString();
    }

    private static void Write(Element e, StringBuilder sb)
    {
        sb.Append('{').Append(e.Namespace).Append('}').Append(e.Name);
        foreach (var a in e.Attributes)
        {
            sb.Append(' ');
            if (a.Namespace.Length > 0)
                sb.Append('{').Append(a.Namespace).Append('}');
            sb.Append(a.Name).Append("=\"").Append(Escape(a.Value)).Append('"');
        }
        sb.Append('[');
        foreach (var n in e.Nodes)
        {
            if (n is Text t)
                sb.Append('"').Append(Escape(t.Value)).Append('"');
            else
                Write((Element)n, sb);
        }
        sb.Append(']');
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20 || c is >= (char)0x7F and <= (char)0x9F)
                sb.Append($"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}

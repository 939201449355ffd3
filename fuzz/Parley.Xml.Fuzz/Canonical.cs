using System.Text;

namespace Parley.Xml.Fuzz;

/// <summary>A canonical text form of an element tree, to compare trees and event streams.</summary>
internal static class Canonical
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
            sb.Append(" {").Append(a.Namespace).Append('}').Append(a.Name).Append('=').Append(Quote(a.Value));
        sb.Append('[');
        foreach (var n in e.Nodes)
        {
            if (n is Text t)
                sb.Append(Quote(t.Value));
            else
                Write((Element)n, sb);
        }
        sb.Append(']');
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

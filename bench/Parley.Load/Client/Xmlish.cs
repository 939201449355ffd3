namespace Parley.Load.Client;

/// <summary>Attribute look-up on one start tag, for the few places the generator must read a server's stanza.</summary>
internal static class Xmlish
{
    public static string? Attribute(string xml, string name)
    {
        var tagEnd = xml.IndexOf('>');
        var tag = tagEnd < 0 ? xml : xml[..tagEnd];
        foreach (var quote in new[] { '\'', '"' })
        {
            var key = " " + name + "=" + quote;
            var at = tag.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var start = at + key.Length;
            var end = tag.IndexOf(quote, start);
            if (end > start)
                return tag[start..end];
        }
        return null;
    }
}

using System.Text;

namespace Parley.Xml.Fuzz;

/// <summary>
/// Generates mostly well-formed streams with rare deliberate faults, so mutations start deep inside stanzas
/// rather than dying at the header.
/// </summary>
internal sealed class Grammar(Random random)
{
    private static readonly string[] s_names = ["a", "m", "body", "x", "é", "名", "_", "a-b.c", "q\u0300", "p:a", "xml:q", "stream:features", "ß\u00B7"];
    private static readonly string[] s_namespaces = ["jabber:client", "urn:a", "", "urn:é", "a&amp;b", "http://www.w3.org/XML/1998/namespace"];

    private static readonly string[] s_text =
    [
        "hi", " ", "\t", "\r\n", "\r", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#x1F600;", "é", "\U0001F600",
        "<![CDATA[x<y]]>", "<![CDATA[]]>", "]", "]]", ">", "'", "\"", "\u0085", "\uFFFD", "&#x9;", "&#13;",
    ];

    private static readonly string[] s_faults =
    [
        "&nbsp;", "&#0;", "<!-- c -->", "<?pi?>", "]]>", "&", "<", "\u0001", "&#xFFFE;", "<!DOCTYPE x>", "xmlns:p=''",
    ];

    public byte[] Stream()
    {
        var sb = new StringBuilder();
        if (random.Next(3) == 0)
            sb.Append("<?xml version='1.0'?>");
        sb.Append("<stream:stream xmlns='").Append(Pick(s_namespaces[..2])).Append("' xmlns:stream='http://etherx.jabber.org/streams' xmlns:p='urn:p'");
        if (random.Next(2) == 0)
            sb.Append(" xml:lang='en' to='example.org'");
        sb.Append('>');
        var stanzas = 1 + random.Next(3);
        for (var i = 0; i < stanzas; i++)
        {
            if (random.Next(3) == 0)
                sb.Append(' ', random.Next(1, 4));
            Element(sb, 1);
        }
        if (random.Next(2) == 0)
            sb.Append("</stream:stream>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private void Element(StringBuilder sb, int depth)
    {
        var name = Pick(s_names);
        sb.Append('<').Append(name);
        var attributes = random.Next(4);
        for (var i = 0; i < attributes; i++)
        {
            sb.Append(' ');
            switch (random.Next(5))
            {
                case 0:
                    sb.Append("xmlns='").Append(Pick(s_namespaces)).Append('\'');
                    break;
                case 1:
                    sb.Append("xmlns:q='").Append(Pick(s_namespaces)).Append('\'');
                    break;
                default:
                    var quote = random.Next(2) == 0 ? '\'' : '"';
                    sb.Append(Pick(s_names)).Append(i).Append('=').Append(quote).Append(Text(3).Replace(quote.ToString(), "", StringComparison.Ordinal)).Append(quote);
                    break;
            }
        }
        if (depth > 4 || random.Next(3) == 0)
        {
            sb.Append("/>");
            return;
        }
        sb.Append('>');
        var children = random.Next(4);
        for (var i = 0; i < children; i++)
        {
            if (random.Next(2) == 0)
                sb.Append(Text(4));
            else
                Element(sb, depth + 1);
        }
        sb.Append("</").Append(name).Append('>');
    }

    private string Text(int pieces)
    {
        var sb = new StringBuilder();
        var n = random.Next(pieces + 1);
        for (var i = 0; i < n; i++)
            sb.Append(random.Next(40) == 0 ? Pick(s_faults) : Pick(s_text));
        return sb.ToString().Replace("<![CDATA[", random.Next(2) == 0 ? "<![CDATA[" : "", StringComparison.Ordinal);
    }

    private string Pick(string[] options) => options[random.Next(options.Length)];
}

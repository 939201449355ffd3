using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Parley.Xml;

/// <summary>
/// Writes elements as UTF-8 straight into an output buffer (design §1.5: every stanza that leaves is written from
/// its tree, never forwarded as received bytes).
/// </summary>
/// <remarks>
/// The output is always well-formed XML 1.0. Strings built by code may hold characters XML cannot carry: C0
/// controls other than tab, LF and CR, and U+FFFE/U+FFFF are dropped, and an unpaired surrogate is written as
/// U+FFFD. The parser never produces these, so a parsed tree round-trips exactly. Names that are not NCNames,
/// an attribute named xmlns or in the xmlns namespace, and duplicate attributes are programming errors and
/// throw <see cref="ArgumentException"/>: no escaping could make them well-formed.
/// </remarks>
public static class XmlSerializer
{
    public const string StreamNamespace = "http://etherx.jabber.org/streams";

    // Text: '>' too, so "]]>" never appears; CR as a reference, or the reader's §2.11 line-end handling would
    // turn it into LF.
    private static readonly SearchValues<char> s_textSpecial = SearchValues.Create(
        "&<>\r\uFFFE\uFFFF\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    // Attribute values: also both quotes, and tab/LF as references, which §3.3.3 normalization would make spaces.
    private static readonly SearchValues<char> s_attributeSpecial = SearchValues.Create(
        "&<>'\"\t\n\r\uFFFE\uFFFF\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>Writes an element; its namespace is declared only when it differs from the inherited default.</summary>
    public static void Write(Element element, IBufferWriter<byte> output, string inheritedDefaultNamespace = "")
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        WriteElement(element, output, inheritedDefaultNamespace ?? "");
    }

    public static string ToXmlString(Element element, string inheritedDefaultNamespace = "")
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(element, buffer, inheritedDefaultNamespace);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <c>&lt;?xml version='1.0'?&gt;&lt;stream:stream xmlns='…' xmlns:stream='…' …&gt;</c>.</summary>
    public static void WriteStreamHeader(IBufferWriter<byte> output, string defaultNamespace,
        IEnumerable<XmlAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(attributes);
        CheckDefaultNamespace(defaultNamespace);
        var list = attributes as IReadOnlyList<XmlAttribute> ?? [.. attributes];
        Raw(output, "<?xml version='1.0'?><stream:stream xmlns='"u8);
        Escaped(output, defaultNamespace, s_attributeSpecial);
        Raw(output, "' xmlns:stream='http://etherx.jabber.org/streams'"u8);
        for (var j = 0; j < list.Count; j++)
            WriteAttribute(output, list, j);
        Raw(output, ">"u8);
    }

    /// <summary>
    /// A stream header that also declares namespace prefixes, e.g. <c>xmlns:db='jabber:server:dialback'</c> on
    /// server-to-server streams (XEP-0220 §2.4.1 advertises dialback by that declaration).
    /// </summary>
    public static void WriteStreamHeader(IBufferWriter<byte> output, string defaultNamespace,
        IEnumerable<XmlAttribute> attributes, IEnumerable<(string Prefix, string Namespace)> prefixes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(prefixes);
        CheckDefaultNamespace(defaultNamespace);
        var list = attributes as IReadOnlyList<XmlAttribute> ?? [.. attributes];
        Raw(output, "<?xml version='1.0'?><stream:stream xmlns='"u8);
        Escaped(output, defaultNamespace, s_attributeSpecial);
        Raw(output, "' xmlns:stream='http://etherx.jabber.org/streams'"u8);
        foreach (var (prefix, ns) in prefixes)
        {
            CheckName(prefix);
            if (prefix is "xml" or "xmlns" or "stream")
                throw new ArgumentException($"'{prefix}' cannot be declared here.", nameof(prefixes));
            Raw(output, " xmlns:"u8);
            WriteUtf8(output, prefix);
            Raw(output, "='"u8);
            Escaped(output, ns, s_attributeSpecial);
            Raw(output, "'"u8);
        }
        for (var j = 0; j < list.Count; j++)
            WriteAttribute(output, list, j);
        Raw(output, ">"u8);
    }

    /// <summary>
    /// Writes an element under a prefix that the stream header declared for its namespace (the caller's promise),
    /// its children as usual within <paramref name="inheritedDefaultNamespace"/>: <c>&lt;db:result …/&gt;</c>.
    /// </summary>
    public static void WritePrefixed(Element element, IBufferWriter<byte> output, string prefix, string inheritedDefaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        CheckName(prefix);
        CheckName(element.Name);
        Raw(output, "<"u8);
        WriteUtf8(output, prefix);
        Raw(output, ":"u8);
        WriteUtf8(output, element.Name);
        var attributes = element.Attributes;
        for (var j = 0; j < attributes.Length; j++)
            WriteAttribute(output, attributes, j);
        if (element.Nodes.IsEmpty)
        {
            Raw(output, "/>"u8);
            return;
        }
        Raw(output, ">"u8);
        foreach (var node in element.Nodes)
        {
            if (node is Element child)
                WriteElement(child, output, inheritedDefaultNamespace);
            else
                Escaped(output, ((Text)node).Value, s_textSpecial);
        }
        Raw(output, "</"u8);
        WriteUtf8(output, prefix);
        Raw(output, ":"u8);
        WriteUtf8(output, element.Name);
        Raw(output, ">"u8);
    }

    /// <summary>Writes <c>&lt;/stream:stream&gt;</c>.</summary>
    public static void WriteStreamClose(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Raw(output, "</stream:stream>"u8);
    }

    private static void WriteElement(Element e, IBufferWriter<byte> output, string inherited)
    {
        CheckName(e.Name);
        // Namespaces in XML §3: the xml namespace is never a default, so its elements keep their prefix.
        var xmlPrefixed = e.Namespace == Element.XmlNamespace;
        Raw(output, xmlPrefixed ? "<xml:"u8 : "<"u8);
        WriteUtf8(output, e.Name);
        var scope = inherited;
        if (!xmlPrefixed && e.Namespace != inherited)
        {
            if (e.Namespace == XmlChars.XmlnsNamespace)
                throw new ArgumentException("No element is in the xmlns namespace.", nameof(e));
            Raw(output, " xmlns='"u8);
            Escaped(output, e.Namespace, s_attributeSpecial);
            Raw(output, "'"u8);
            scope = e.Namespace;
        }
        var attributes = e.Attributes;
        for (var j = 0; j < attributes.Length; j++)
            WriteAttribute(output, attributes, j);
        if (e.Nodes.IsEmpty)
        {
            Raw(output, "/>"u8);
            return;
        }
        Raw(output, ">"u8);
        foreach (var node in e.Nodes)
        {
            if (node is Element child)
                WriteElement(child, output, scope);
            else
                Escaped(output, ((Text)node).Value, s_textSpecial);
        }
        Raw(output, xmlPrefixed ? "</xml:"u8 : "</"u8);
        WriteUtf8(output, e.Name);
        Raw(output, ">"u8);
    }

    /// <summary>
    /// Writes attribute <paramref name="j"/>. Elements always use the default namespace, so attributes in a
    /// namespace get prefixes ns1, ns2… numbered per element in order of first use, declared at first use.
    /// </summary>
    private static void WriteAttribute<TList>(IBufferWriter<byte> output, TList attributes, int j)
        where TList : IReadOnlyList<XmlAttribute>
    {
        var a = attributes[j];
        var ns = a.Namespace ?? "";
        CheckName(a.Name);
        if ((ns.Length == 0 && a.Name == "xmlns") || ns == XmlChars.XmlnsNamespace)
            throw new ArgumentException("Namespace declarations are not attributes.", nameof(attributes));
        var prefix = 0;
        var distinct = 0;
        for (var k = 0; k < j; k++)
        {
            var other = attributes[k];
            var otherNs = other.Namespace ?? "";
            if (other.Name == a.Name && otherNs == ns)
                throw new ArgumentException($"Duplicate attribute '{a.Name}'.", nameof(attributes));
            if (otherNs.Length == 0 || otherNs == Element.XmlNamespace || FirstUse(attributes, k) != k)
                continue;
            distinct++;
            if (otherNs == ns)
                prefix = distinct;
        }
        Raw(output, " "u8);
        if (ns == Element.XmlNamespace)
        {
            Raw(output, "xml:"u8);
        }
        else if (ns.Length > 0)
        {
            if (prefix == 0)
            {
                prefix = distinct + 1;
                Raw(output, "xmlns:ns"u8);
                Number(output, prefix);
                Raw(output, "='"u8);
                Escaped(output, ns, s_attributeSpecial);
                Raw(output, "' "u8);
            }
            Raw(output, "ns"u8);
            Number(output, prefix);
            Raw(output, ":"u8);
        }
        WriteUtf8(output, a.Name); // an NCName, checked: nothing to escape
        Raw(output, "='"u8);
        Escaped(output, a.Value ?? "", s_attributeSpecial);
        Raw(output, "'"u8);
    }

    private static int FirstUse<TList>(TList attributes, int k) where TList : IReadOnlyList<XmlAttribute>
    {
        var ns = attributes[k].Namespace ?? "";
        for (var m = 0; m < k; m++)
        {
            if ((attributes[m].Namespace ?? "") == ns)
                return m;
        }
        return k;
    }

    private static void CheckName(string name)
    {
        var i = 0;
        if (string.IsNullOrEmpty(name) || !XmlChars.ScanQName(name, ref i, out var colon) || colon >= 0 || i != name.Length)
            throw new ArgumentException($"'{name}' is not an XML NCName.", nameof(name));
    }

    private static void CheckDefaultNamespace(string ns)
    {
        // Namespaces in XML 1.0 §3: neither reserved namespace may be the stream's default.
        if (ns == Element.XmlNamespace || ns == XmlChars.XmlnsNamespace)
            throw new ArgumentException($"'{ns}' cannot be an element's namespace.", nameof(ns));
    }

    private static void Raw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void Number(IBufferWriter<byte> output, int n)
    {
        var span = output.GetSpan(11);
        n.TryFormat(span, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void Escaped(IBufferWriter<byte> output, string value, SearchValues<char> special)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var i = rest.IndexOfAny(special);
            if (i < 0)
            {
                WriteUtf8(output, rest);
                return;
            }
            WriteUtf8(output, rest[..i]);
            switch (rest[i])
            {
                case '&': Raw(output, "&amp;"u8); break;
                case '<': Raw(output, "&lt;"u8); break;
                case '>': Raw(output, "&gt;"u8); break;
                case '\'': Raw(output, "&apos;"u8); break;
                case '"': Raw(output, "&quot;"u8); break;
                case '\t': Raw(output, "&#x9;"u8); break;
                case '\n': Raw(output, "&#xA;"u8); break;
                case '\r': Raw(output, "&#xD;"u8); break;
                default: break; // a character XML 1.0 §2.2 forbids: dropped
            }
            rest = rest[(i + 1)..];
        }
    }

    /// <summary>UTF-16 to UTF-8 straight into the output; an unpaired surrogate becomes U+FFFD.</summary>
    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            var dest = output.GetSpan(Math.Min(chars.Length * 3, 4096));
            Utf8.FromUtf16(chars, dest, out var read, out var written, replaceInvalidSequences: true);
            output.Advance(written);
            chars = chars[read..];
        }
    }
}

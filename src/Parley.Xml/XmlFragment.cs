using System.Buffers;
using System.Text;

namespace Parley.Xml;

/// <summary>
/// One element as text and back, for storage: a vCard or private XML is kept as the text the serializer wrote and
/// read back with the same parser as the streams, so what leaves the server is always re-serialized from a tree.
/// </summary>
public static class XmlFragment
{
    private static readonly byte[] Open = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"u8.ToArray();
    private static readonly byte[] Close = "</stream:stream>"u8.ToArray();

    // What was stored passed the stream limits once; re-serializing may add namespace declarations (one per
    // element where a prefix stood), so reading it back must not be held to the same counts.
    private static readonly XmlLimits StoredLimits = new()
    {
        MaxStanzaBytes = int.MaxValue,
        MaxDepth = 1000,
        MaxAttributes = 100_000,
        MaxNamespaceDeclarations = 1_000_000,
    };

    /// <summary>The element as UTF-8 XML text, with its namespace declared on it.</summary>
    public static string ToText(Element element) => XmlSerializer.ToXmlString(element);

    /// <summary>Bytes of <see cref="ToText"/> in UTF-8, without building the string.</summary>
    public static int ByteCount(Element element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        XmlSerializer.Write(element, buffer);
        return buffer.WrittenCount;
    }

    /// <summary>Parses text holding exactly one element.</summary>
    /// <exception cref="FormatException">Not exactly one well-formed element.</exception>
    public static Element Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[Open.Length + Encoding.UTF8.GetByteCount(text) + Close.Length];
        Open.CopyTo(bytes, 0);
        var written = Encoding.UTF8.GetBytes(text, bytes.AsSpan(Open.Length));
        Close.CopyTo(bytes, Open.Length + written);

        var parser = new XmlStreamParser(StoredLimits);
        var buffer = new ReadOnlySequence<byte>(bytes);
        if (parser.Parse(ref buffer) != XmlParseStatus.StreamOpened)
            throw Bad(parser);
        if (parser.Parse(ref buffer) != XmlParseStatus.Element)
            throw Bad(parser);
        var element = parser.Element!;
        // The wrapper's close must be the end: text that closed it early and went on is not one element.
        if (parser.Parse(ref buffer) != XmlParseStatus.StreamClosed || !buffer.IsEmpty)
            throw Bad(parser);
        return element;
    }

    private static FormatException Bad(XmlStreamParser parser)
        => new($"Not one well-formed element: {parser.Error?.Message ?? "no element, or more than one"}");
}

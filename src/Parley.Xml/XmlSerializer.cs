using System.Buffers;

namespace Parley.Xml;

// STUB: replaced by the Parley.Xml work (see docs/architecture.md).
public static class XmlSerializer
{
    public const string StreamNamespace = "http://etherx.jabber.org/streams";

    /// <summary>Writes an element; its namespace is declared only when it differs from the inherited default.</summary>
    public static void Write(Element element, IBufferWriter<byte> output, string inheritedDefaultNamespace = "")
        => throw new NotImplementedException();

    public static string ToXmlString(Element element, string inheritedDefaultNamespace = "")
        => throw new NotImplementedException();

    /// <summary>Writes <c>&lt;?xml version='1.0'?&gt;&lt;stream:stream xmlns='…' xmlns:stream='…' …&gt;</c>.</summary>
    public static void WriteStreamHeader(IBufferWriter<byte> output, string defaultNamespace,
        IEnumerable<XmlAttribute> attributes) => throw new NotImplementedException();

    /// <summary>Writes <c>&lt;/stream:stream&gt;</c>.</summary>
    public static void WriteStreamClose(IBufferWriter<byte> output) => throw new NotImplementedException();
}

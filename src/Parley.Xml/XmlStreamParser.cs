using System.Buffers;

namespace Parley.Xml;

public enum XmlParseStatus
{
    /// <summary>All of the buffer was examined; call again with more bytes appended.</summary>
    NeedMoreData,
    StreamOpened,
    Element,
    StreamClosed,
    Error,
}

// STUB: replaced by the Parley.Xml work.
public sealed class XmlStreamParser(XmlLimits limits)
{
    public XmlLimits Limits { get; set; } = limits;

    /// <summary>The stream header after <see cref="XmlParseStatus.StreamOpened"/> (no children).</summary>
    public Element? Header { get; private set; }

    /// <summary>The default namespace declared on the stream header (e.g. jabber:client).</summary>
    public string DefaultNamespace { get; private set; } = "";

    /// <summary>The completed depth-1 element after <see cref="XmlParseStatus.Element"/>.</summary>
    public Element? Element { get; private set; }

    public XmlError? Error { get; private set; }

    /// <summary>
    /// Parses until one event completes, an error, or the end of <paramref name="buffer"/>. On return
    /// <paramref name="buffer"/> starts at the first byte not yet consumed: the caller releases what precedes
    /// it (PipeReader.AdvanceTo(buffer.Start, buffer.End) after NeedMoreData).
    /// </summary>
    public XmlParseStatus Parse(ref ReadOnlySequence<byte> buffer) => throw new NotImplementedException();

    /// <summary>Forgets all state: a stream restart after STARTTLS or SASL.</summary>
    public void Reset() => throw new NotImplementedException();
}

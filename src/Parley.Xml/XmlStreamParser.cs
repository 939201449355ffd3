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

/// <summary>
/// Reads an XMPP stream (RFC 6120 §4) push-style: the stream header, then each complete depth-1 element, then
/// the stream close. Only complete tokens are consumed; a partly received token stays in the caller's buffer
/// and is re-presented on the next call, so a connection between stanzas holds no buffer of ours.
/// </summary>
/// <remarks>
/// Accepts the XMPP subset of XML 1.0 + Namespaces (RFC 6120 §11): UTF-8 only; DTDs, comments, processing
/// instructions and entities other than the five predefined ones are refused as restricted XML. CDATA sections
/// are well-formed XML that RFC 6120 does not forbid, so they are accepted and merged into the text around them.
/// The partial files split the work by concern: token boundaries (Scan), tags and namespaces (Tags),
/// character data (Text), and the element tree (Tree).
/// </remarks>
public sealed partial class XmlStreamParser(XmlLimits limits)
{
    private enum State : byte
    {
        Prolog,
        InStream,
        InStanza,
        Closed,
        Failed,
    }

    // Sentinel for "keep going" inside the parse loop; never returned to callers.
    private const XmlParseStatus Continue = (XmlParseStatus)(-1);

    private readonly NameTable _names = new();
    private State _state;
    private bool _atDocumentStart = true;
    private bool _bomSeen;
    private bool _pendingClose;

    // Raw bytes of the current depth-1 element (or of the XML declaration and stream header) consumed so far.
    private long _stanzaBytes;
    private int _namespaceDeclarations;

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
    public XmlParseStatus Parse(ref ReadOnlySequence<byte> buffer)
    {
        if (_state == State.Failed)
            return XmlParseStatus.Error;
        if (_pendingClose)
        {
            // <stream:stream/>: the open was reported on the previous call, the close now.
            _pendingClose = false;
            ClearTree();
            _state = State.Closed;
            return XmlParseStatus.StreamClosed;
        }
        var reader = new SequenceReader<byte>(buffer);
        var status = Continue;
        while (status == Continue)
            status = Step(ref reader);
        buffer = buffer.Slice(reader.Position);
        return status;
    }

    /// <summary>Forgets all state: a stream restart after STARTTLS or SASL.</summary>
    public void Reset()
    {
        ReleaseScratch();
        ClearTree();
        _state = State.Prolog;
        _atDocumentStart = true;
        _bomSeen = false;
        _pendingClose = false;
        _stanzaBytes = 0;
        _namespaceDeclarations = 0;
        _scanned = 0;
        _quote = 0;
        Header = null;
        DefaultNamespace = "";
        Element = null;
        Error = null;
    }

    private XmlParseStatus Step(ref SequenceReader<byte> reader)
    {
        if (_state == State.Prolog && _atDocumentStart)
        {
            var start = ReadDocumentStart(ref reader);
            if (start != Continue)
                return start;
        }
        if (_state != State.InStanza)
        {
            // Whitespace outside stanzas: before the header (XML 1.0 §2.8 Misc), keepalives between stanzas
            // (RFC 6120 §4.6.1), after the close. Consumed at once so it costs nothing to hold.
            reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
        }
        if (!reader.TryPeek(out var b))
            return XmlParseStatus.NeedMoreData;
        if (b == '<')
        {
            if (_state == State.Closed)
                return Fail(XmlErrorKind.NotWellFormed, "Content after the stream was closed.");
            return ReadMarkup(ref reader);
        }
        return _state switch
        {
            State.InStanza => ReadText(ref reader),
            State.InStream => Fail(XmlErrorKind.BadFormat, "Character data between stanzas."),
            State.Prolog => Fail(XmlErrorKind.NotWellFormed, "Character data before the stream header."),
            _ => Fail(XmlErrorKind.NotWellFormed, "Content after the stream was closed."),
        };
    }

    /// <summary>The optional byte order mark and XML declaration (XML 1.0 §2.8, §4.3.3).</summary>
    private XmlParseStatus ReadDocumentStart(ref SequenceReader<byte> reader)
    {
        if (!reader.TryPeek(out var b))
            return XmlParseStatus.NeedMoreData;
        if (b == 0xEF && !_bomSeen)
        {
            if (reader.Remaining < 3)
                return XmlParseStatus.NeedMoreData;
            if (reader.IsNext([0xEF, 0xBB, 0xBF], advancePast: true))
            {
                _bomSeen = true;
                return ReadDocumentStart(ref reader);
            }
        }
        if (b is 0xFE or 0xFF && !_bomSeen)
        {
            if (reader.Remaining < 2)
                return XmlParseStatus.NeedMoreData;
            if (reader.IsNext([0xFE, 0xFF]) || reader.IsNext([0xFF, 0xFE]))
                return Fail(XmlErrorKind.UnsupportedEncoding, "UTF-16 is not supported; XMPP streams are UTF-8.");
        }
        if (b == '<')
        {
            // "<?xml" followed by whitespace; anything else starting "<?" is a processing instruction.
            if (reader.Remaining < 6)
                return XmlParseStatus.NeedMoreData;
            if (reader.IsNext("<?xml"u8) && reader.TryPeek(5, out var s) && s is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                return ReadToken(ref reader, Token.XmlDecl);
        }
        _atDocumentStart = false;
        return Continue;
    }

    private XmlParseStatus ReadMarkup(ref SequenceReader<byte> reader)
    {
        if (!reader.TryPeek(1, out var b1))
            return NeedMore(ref reader);
        switch (b1)
        {
            case (byte)'/':
                return ReadToken(ref reader, Token.EndTag);
            case (byte)'?':
                return Fail(XmlErrorKind.RestrictedXml, "Processing instructions are not allowed (RFC 6120 §11.1).");
            case (byte)'!':
                if (!reader.TryPeek(2, out var b2))
                    return NeedMore(ref reader);
                if (b2 != '[')
                    return Fail(XmlErrorKind.RestrictedXml, "Comments and declarations are not allowed (RFC 6120 §11.1).");
                if (reader.Remaining < 9)
                    return NeedMore(ref reader);
                if (!reader.IsNext("<![CDATA["u8))
                    return Fail(XmlErrorKind.NotWellFormed, "Malformed markup declaration.");
                if (_state == State.InStream)
                    return Fail(XmlErrorKind.BadFormat, "Character data between stanzas.");
                if (_state != State.InStanza)
                    return Fail(XmlErrorKind.NotWellFormed, "Character data outside the root element.");
                return ReadToken(ref reader, Token.CData);
            default:
                return ReadToken(ref reader, Token.StartTag);
        }
    }

    private XmlParseStatus ReadText(ref SequenceReader<byte> reader) => ReadToken(ref reader, Token.Text);

    private XmlParseStatus NeedMore(ref SequenceReader<byte> reader)
    {
        // A token too short to classify still counts against the stanza limit.
        return _stanzaBytes + reader.Remaining > Limits.MaxStanzaBytes ? Oversized() : XmlParseStatus.NeedMoreData;
    }

    private XmlParseStatus Oversized() =>
        Fail(XmlErrorKind.PolicyViolation, "Stanza exceeds the size limit.");

    private XmlParseStatus Fail(XmlErrorKind kind, string message)
    {
        Error = new XmlError(kind, message);
        _state = State.Failed;
        ReleaseScratch();
        ClearTree();
        return XmlParseStatus.Error;
    }
}

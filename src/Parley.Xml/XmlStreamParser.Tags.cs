namespace Parley.Xml;

// Start tags, end tags and the XML declaration, decoded to UTF-16 in a pooled scratch and parsed there.
public sealed partial class XmlStreamParser
{
    private struct RawAttribute
    {
        public int Name;
        public int NameLength;
        public int Colon; // index of ':' in the name, or -1
        public int Value;
        public int ValueLength;
    }

    private static readonly System.Buffers.SearchValues<char> s_encodingNameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    private RawAttribute[] _raw = []; // rented while a stanza is in progress, like the stacks in Tree

    private XmlParseStatus ReadStartTag(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecode(bytes, out var c))
            return XmlParseStatus.Error;

        // XML 1.0 §3.1 [40] STag ::= '<' Name (S Attribute)* S? '>'   [44] EmptyElemTag ends in '/>'.
        // The scanner guarantees c[^1] == '>' and that no '>' occurs earlier outside quotes.
        var i = 1;
        if (!XmlChars.ScanQName(c, ref i, out var colon))
            return Fail(XmlErrorKind.NotWellFormed, "Invalid element name.");
        var nameEnd = i;
        var count = 0;
        var empty = false;
        while (true)
        {
            var beforeSpace = i;
            while (XmlChars.IsWhitespace(c[i]))
                i++;
            if (c[i] == '>')
                break;
            if (c[i] == '/')
            {
                if (i != c.Length - 2)
                    return Fail(XmlErrorKind.NotWellFormed, "Malformed start tag.");
                empty = true;
                break;
            }
            if (i == beforeSpace)
                return Fail(XmlErrorKind.NotWellFormed, "Attributes must be separated by whitespace.");

            // §3.1 [41] Attribute ::= Name Eq AttValue
            var a = new RawAttribute { Name = i };
            if (!XmlChars.ScanQName(c, ref i, out a.Colon))
                return Fail(XmlErrorKind.NotWellFormed, "Invalid attribute name.");
            a.NameLength = i - a.Name;
            while (XmlChars.IsWhitespace(c[i]))
                i++;
            if (c[i] != '=')
                return Fail(XmlErrorKind.NotWellFormed, "Attribute without a value.");
            i++;
            while (XmlChars.IsWhitespace(c[i]))
                i++;
            var quote = c[i];
            if (quote is not ('\'' or '"'))
                return Fail(XmlErrorKind.NotWellFormed, "Attribute value must be quoted.");
            var close = c[(i + 1)..^1].IndexOf(quote);
            if (close < 0)
                return Fail(XmlErrorKind.NotWellFormed, "Unterminated attribute value.");
            a.Value = i + 1;
            if (!TryDecodeAttributeValue(c.Slice(a.Value, close), out a.ValueLength))
                return XmlParseStatus.Error;
            i = a.Value + close + 1;

            if (++count > Limits.MaxAttributes)
                return Fail(XmlErrorKind.PolicyViolation, "Too many attributes on one element.");
            if (count > _raw.Length)
                Grow(ref _raw, 8);
            _raw[count - 1] = a;
        }
        return StartElement(c, nameEnd, colon, _raw.AsSpan(0, count), empty);
    }

    private XmlParseStatus ReadEndTag(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecode(bytes, out var c))
            return XmlParseStatus.Error;
        // §3.1 [42] ETag ::= '</' Name S? '>'
        var i = 2;
        if (!XmlChars.ScanQName(c, ref i, out _))
            return Fail(XmlErrorKind.NotWellFormed, "Invalid end tag name.");
        var name = c[2..i];
        while (XmlChars.IsWhitespace(c[i]))
            i++;
        if (i != c.Length - 1)
            return Fail(XmlErrorKind.NotWellFormed, "Malformed end tag.");
        return EndElement(name);
    }

    /// <summary>XML 1.0 §2.8 [23] XMLDecl; RFC 6120 §11.6 requires UTF-8.</summary>
    private XmlParseStatus ReadXmlDeclaration(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecode(bytes, out var c))
            return XmlParseStatus.Error;
        _atDocumentStart = false;
        var i = 5; // after "<?xml"
        if (!PseudoAttribute(c, ref i, "version", out var version))
            return Fail(XmlErrorKind.NotWellFormed, "Malformed XML declaration.");
        if (!version.SequenceEqual("1.0"))
            return Fail(XmlErrorKind.NotWellFormed, "Only XML version 1.0 is supported.");
        if (PseudoAttribute(c, ref i, "encoding", out var encoding))
        {
            // §4.3.3 [81] EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
            if (encoding.IsEmpty || !char.IsAsciiLetter(encoding[0])
                || encoding.IndexOfAnyExcept(s_encodingNameChars) >= 0)
                return Fail(XmlErrorKind.NotWellFormed, "Malformed encoding name.");
            if (!encoding.Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
                return Fail(XmlErrorKind.UnsupportedEncoding, "Only UTF-8 is supported (RFC 6120 §11.6).");
        }
        if (PseudoAttribute(c, ref i, "standalone", out var standalone) && !standalone.SequenceEqual("yes")
            && !standalone.SequenceEqual("no"))
            return Fail(XmlErrorKind.NotWellFormed, "Malformed standalone declaration.");
        while (XmlChars.IsWhitespace(c[i]))
            i++;
        if (i != c.Length - 2)
            return Fail(XmlErrorKind.NotWellFormed, "Malformed XML declaration.");
        return Continue;
    }

    /// <summary>S name Eq quoted-value, as in the XML declaration; leaves <paramref name="i"/> unmoved when absent.</summary>
    private static bool PseudoAttribute(ReadOnlySpan<char> c, ref int i, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        var j = i;
        while (XmlChars.IsWhitespace(c[j]))
            j++;
        if (j == i || !c[j..].StartsWith(name, StringComparison.Ordinal))
            return false;
        j += name.Length;
        while (XmlChars.IsWhitespace(c[j]))
            j++;
        if (c[j] != '=')
            return false;
        j++;
        while (XmlChars.IsWhitespace(c[j]))
            j++;
        var quote = c[j];
        if (quote is not ('\'' or '"'))
            return false;
        var close = c[(j + 1)..].IndexOf(quote);
        if (close < 0)
            return false;
        value = c.Slice(j + 1, close);
        i = j + close + 2;
        return true;
    }

    /// <summary>Strict UTF-8 (RFC 3629: no overlongs, surrogates or code points past U+10FFFF) then XML 1.0 §2.2 Char.</summary>
    private bool TryDecode(ReadOnlySpan<byte> bytes, out Span<char> chars)
    {
        EnsureChars(bytes.Length);
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, _chars, out _, out var written,
            replaceInvalidSequences: false, isFinalBlock: true);
        chars = _chars.AsSpan(0, written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            Fail(XmlErrorKind.NotWellFormed, "Invalid UTF-8.");
            return false;
        }
        if (!XmlChars.AllLegal(chars))
        {
            Fail(XmlErrorKind.NotWellFormed, "A character not allowed in XML 1.0.");
            return false;
        }
        return true;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Parley.Xml;

// Character data, CDATA sections and attribute values: decoding, references, line ends and normalization.
// All rewriting happens in place: the output of each rule is never longer than its input.
public sealed partial class XmlStreamParser
{
    private static readonly SearchValues<char> s_textSpecial = SearchValues.Create("&\r]");
    private static readonly SearchValues<char> s_valueSpecial = SearchValues.Create("&<\t\n\r");

    /// <summary>Character data inside a stanza, appended to the pending text node.</summary>
    private XmlParseStatus AppendText(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecodeIntoText(bytes, out var c))
            return XmlParseStatus.Error;
        var w = 0;
        var r = 0;
        while (r < c.Length)
        {
            var run = c[r..].IndexOfAny(s_textSpecial);
            if (run < 0)
                run = c.Length - r;
            c.Slice(r, run).CopyTo(c[w..]);
            w += run;
            r += run;
            if (r == c.Length)
                break;
            switch (c[r])
            {
                case '\r':
                    // XML 1.0 §2.11: CRLF and lone CR become LF.
                    c[w++] = '\n';
                    r += r + 1 < c.Length && c[r + 1] == '\n' ? 2 : 1;
                    break;
                case ']':
                    // §2.4 [14]: "]]>" may not appear in character data.
                    if (r + 2 < c.Length && c[r + 1] == ']' && c[r + 2] == '>')
                        return Fail(XmlErrorKind.NotWellFormed, "']]>' in character data.");
                    c[w++] = ']';
                    r++;
                    break;
                default:
                    if (!TryReference(c, ref r, ref w))
                        return XmlParseStatus.Error;
                    break;
            }
        }
        _textLength += w;
        return Continue;
    }

    /// <summary>§2.7: the content of a CDATA section is character data taken literally (line ends still normalized).</summary>
    private XmlParseStatus AppendCData(ReadOnlySpan<byte> content)
    {
        if (!TryDecodeIntoText(content, out var c))
            return XmlParseStatus.Error;
        var w = 0;
        var r = 0;
        while (r < c.Length)
        {
            var run = c[r..].IndexOf('\r');
            if (run < 0)
                run = c.Length - r;
            c.Slice(r, run).CopyTo(c[w..]);
            w += run;
            r += run;
            if (r == c.Length)
                break;
            c[w++] = '\n';
            r += r + 1 < c.Length && c[r + 1] == '\n' ? 2 : 1;
        }
        _textLength += w;
        return Continue;
    }

    /// <summary>
    /// §3.1 [10] AttValue may not contain '&lt;'; §3.3.3 normalization for CDATA-type attributes (all of them,
    /// without a DTD): a literal tab, CR, LF or CRLF becomes one space, a character reference is kept as is.
    /// </summary>
    private bool TryDecodeAttributeValue(Span<char> c, out int length)
    {
        var w = 0;
        var r = 0;
        length = 0;
        while (r < c.Length)
        {
            var run = c[r..].IndexOfAny(s_valueSpecial);
            if (run < 0)
                run = c.Length - r;
            c.Slice(r, run).CopyTo(c[w..]);
            w += run;
            r += run;
            if (r == c.Length)
                break;
            switch (c[r])
            {
                case '<':
                    Fail(XmlErrorKind.NotWellFormed, "'<' in an attribute value.");
                    return false;
                case '&':
                    if (!TryReference(c, ref r, ref w))
                        return false;
                    break;
                case '\r':
                    c[w++] = ' ';
                    r += r + 1 < c.Length && c[r + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    c[w++] = ' ';
                    r++;
                    break;
            }
        }
        length = w;
        return true;
    }

    /// <summary>
    /// A reference at c[r] ('&amp;'): §4.1 [66] CharRef or [68] EntityRef. Only the five predefined entities
    /// exist without a DTD (§4.6); any other is refused as restricted XML (RFC 6120 §11.1).
    /// </summary>
    private bool TryReference(Span<char> c, ref int r, ref int w)
    {
        var semicolon = c[(r + 1)..].IndexOf(';');
        if (semicolon < 0)
        {
            Fail(XmlErrorKind.NotWellFormed, "Unterminated reference.");
            return false;
        }
        ReadOnlySpan<char> body = c.Slice(r + 1, semicolon);
        r += semicolon + 2;
        if (body.Length > 0 && body[0] == '#')
        {
            if (!TryCharReference(body[1..], out var cp))
            {
                Fail(XmlErrorKind.NotWellFormed, "Invalid character reference.");
                return false;
            }
            // The reference is at least 4 chars ("&#9;") and yields at most 2, so w stays behind r.
            w += new Rune(cp).EncodeToUtf16(c[w..]);
            return true;
        }
        char ch;
        switch (body)
        {
            case "lt": ch = '<'; break;
            case "gt": ch = '>'; break;
            case "amp": ch = '&'; break;
            case "apos": ch = '\''; break;
            case "quot": ch = '"'; break;
            default:
                if (XmlChars.IsName(body))
                    Fail(XmlErrorKind.RestrictedXml, "Entity references other than the predefined five are not allowed.");
                else
                    Fail(XmlErrorKind.NotWellFormed, "Malformed reference.");
                return false;
        }
        c[w++] = ch;
        return true;
    }

    private static bool TryCharReference(ReadOnlySpan<char> digits, out int cp)
    {
        cp = 0;
        var hex = digits.Length > 0 && digits[0] == 'x';
        if (hex)
            digits = digits[1..];
        if (digits.IsEmpty)
            return false;
        foreach (var d in digits)
        {
            int v;
            if (char.IsAsciiDigit(d))
                v = d - '0';
            else if (hex && char.IsAsciiHexDigit(d))
                v = (d | 0x20) - 'a' + 10;
            else
                return false;
            // Saturate: leading zeros are allowed, but anything past U+10FFFF is not a Char.
            cp = cp > 0x10FFFF ? cp : (cp * (hex ? 16 : 10)) + v;
        }
        return XmlChars.IsChar(cp);
    }

    private bool TryDecodeIntoText(ReadOnlySpan<byte> bytes, out Span<char> chars)
    {
        EnsureText(_textLength + bytes.Length);
        var status = Utf8.ToUtf16(bytes, _text.AsSpan(_textLength), out _, out var written,
            replaceInvalidSequences: false, isFinalBlock: true);
        chars = _text.AsSpan(_textLength, written);
        if (status != OperationStatus.Done)
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

using System.Buffers;

namespace Parley.Xml;

// Token boundaries: finds where the token at the start of the buffer ends, without decoding it.
public sealed partial class XmlStreamParser
{
    private enum Token : byte
    {
        XmlDecl,
        StartTag,
        EndTag,
        Text,
        CData,
    }

    private const long Incomplete = -1;
    private const long TooLong = -2;

    // The partly received token is re-presented on each call. What of it was already examined (and, in a start
    // tag, whether that point is inside a quoted value) is remembered, so a large token trickling in is scanned
    // once in total rather than once per call, which a slow sender could otherwise make quadratic.
    private long _scanned;
    private byte _quote;

    private XmlParseStatus ReadToken(ref SequenceReader<byte> reader, Token kind)
    {
        var allowance = Limits.MaxStanzaBytes - _stanzaBytes;
        var length = FindEnd(reader, kind, allowance);
        if (length == TooLong)
            return Oversized();
        if (length == Incomplete)
            return XmlParseStatus.NeedMoreData;
        _scanned = 0;
        _quote = 0;
        _stanzaBytes += length;
        var bytes = TokenBytes(in reader, (int)length);
        var status = kind switch
        {
            Token.XmlDecl => ReadXmlDeclaration(bytes),
            Token.StartTag => ReadStartTag(bytes),
            Token.EndTag => ReadEndTag(bytes),
            Token.Text => AppendText(bytes),
            _ => AppendCData(bytes[9..^3]),
        };
        if (status != XmlParseStatus.Error)
            reader.Advance(length);
        return status;
    }

    /// <summary>Length of the token at the reader, <see cref="Incomplete"/>, or <see cref="TooLong"/>.</summary>
    private long FindEnd(SequenceReader<byte> r, Token kind, long allowance)
    {
        var tokenStart = r;
        var start = r.Consumed;
        r.Advance(_scanned);
        while (true)
        {
            var scanned = r.Consumed - start;
            var span = r.UnreadSpan;
            if (span.IsEmpty)
            {
                _scanned = scanned;
                return scanned > allowance ? TooLong : Incomplete;
            }
            // Never look past the limit: an oversized token fails without being scanned (or buffered) whole.
            var room = allowance - scanned;
            if (room <= 0)
                return TooLong;
            if (span.Length > room)
                span = span[..(int)room];

            if (kind == Token.StartTag)
            {
                // XML 1.0 §3.1: '>' may appear inside a quoted attribute value, so quotes are tracked.
                var i = _quote == 0 ? span.IndexOfAny((byte)'>', (byte)'\'', (byte)'"') : span.IndexOf(_quote);
                if (i < 0)
                {
                    r.Advance(span.Length);
                    continue;
                }
                r.Advance(i + 1);
                if (_quote != 0)
                    _quote = 0;
                else if (span[i] == '>')
                    return r.Consumed - start;
                else
                    _quote = span[i];
                continue;
            }

            var target = kind == Token.Text ? (byte)'<' : (byte)'>';
            var at = span.IndexOf(target);
            if (at < 0)
            {
                r.Advance(span.Length);
                continue;
            }
            r.Advance(at + 1);
            var end = r.Consumed - start;
            switch (kind)
            {
                case Token.Text:
                    return end - 1;
                case Token.EndTag:
                    return end;
                case Token.XmlDecl:
                    if (ByteAt(tokenStart, end - 2) == '?')
                        return end;
                    break;
                default:
                    // "<![CDATA[" is 9 bytes; the "]]>" must follow it.
                    if (end >= 12 && ByteAt(tokenStart, end - 2) == ']' && ByteAt(tokenStart, end - 3) == ']')
                        return end;
                    break;
            }
        }
    }

    private static byte ByteAt(SequenceReader<byte> tokenStart, long offset)
    {
        tokenStart.TryPeek(offset, out var b);
        return b;
    }

    /// <summary>The token as one span: in place when it lies in one segment, else copied to a pooled scratch.</summary>
    private ReadOnlySpan<byte> TokenBytes(in SequenceReader<byte> reader, int length)
    {
        var span = reader.UnreadSpan;
        if (span.Length >= length)
            return span[..length];
        if (_bytes is null || _bytes.Length < length)
        {
            if (_bytes is not null)
                ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = ArrayPool<byte>.Shared.Rent(length);
        }
        reader.UnreadSequence.Slice(0, length).CopyTo(_bytes);
        return _bytes.AsSpan(0, length);
    }
}

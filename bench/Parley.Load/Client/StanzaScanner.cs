namespace Parley.Load.Client;

internal enum ScanResult
{
    NeedMore,
    StreamHeader,
    Element,
    StreamClosed,
}

/// <summary>
/// Cuts a server's XMPP stream into its header, depth-1 elements and close by counting tag depth. It does not
/// check well-formedness: the servers under test are trusted, and the generator must stay far cheaper than they
/// are. Resumable: bytes already scanned in an incomplete element are not scanned again.
/// </summary>
internal sealed class StanzaScanner
{
    private readonly int _initialDepth;
    private int _depth;
    private int _scanned;

    /// <param name="inStream">Start inside the stream (depth 1): the relay sends elements without a header.</param>
    public StanzaScanner(bool inStream = false)
    {
        _initialDepth = inStream ? 1 : 0;
        _depth = _initialDepth;
    }

    /// <summary>Forgets everything: a stream restart (after STARTTLS or SASL).</summary>
    public void Reset()
    {
        _depth = _initialDepth;
        _scanned = 0;
    }

    /// <summary>
    /// Looks for the next unit at the start of <paramref name="data"/> (which must begin where the previous unit
    /// ended). <paramref name="length"/> is the unit's length, leading whitespace included.
    /// </summary>
    public ScanResult Next(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        var i = _scanned;
        while (true)
        {
            var lt = data[i..].IndexOf((byte)'<');
            if (lt < 0)
            {
                _scanned = data.Length;
                return ScanResult.NeedMore;
            }
            var p = i + lt;
            if (p + 1 >= data.Length)
            {
                _scanned = p;
                return ScanResult.NeedMore;
            }
            var kind = data[p + 1];
            var end = kind == (byte)'?' ? FindPiEnd(data, p) : FindTagEnd(data, p);
            if (end < 0)
            {
                _scanned = p;
                return ScanResult.NeedMore;
            }
            i = end + 1;
            if (kind == (byte)'?' || kind == (byte)'!')
                continue;
            if (kind == (byte)'/')
            {
                _depth--;
                if (_depth <= 0)
                    return Done(ScanResult.StreamClosed, i, out length);
                if (_depth == 1)
                    return Done(ScanResult.Element, i, out length);
                continue;
            }
            var selfClosing = data[end - 1] == (byte)'/';
            if (_depth == 0)
            {
                _depth = 1;
                return Done(selfClosing ? ScanResult.StreamClosed : ScanResult.StreamHeader, i, out length);
            }
            if (selfClosing)
            {
                if (_depth == 1)
                    return Done(ScanResult.Element, i, out length);
                continue;
            }
            _depth++;
        }
    }

    private ScanResult Done(ScanResult result, int end, out int length)
    {
        length = end;
        _scanned = 0;
        return result;
    }

    // Index of the '>' closing the tag that starts at p, skipping quoted attribute values; -1 if not yet received.
    private static int FindTagEnd(ReadOnlySpan<byte> data, int p)
    {
        byte quote = 0;
        for (var j = p + 1; j < data.Length; j++)
        {
            var b = data[j];
            if (quote != 0)
            {
                if (b == quote)
                    quote = 0;
            }
            else if (b == (byte)'>')
            {
                return j;
            }
            else if (b is (byte)'\'' or (byte)'"')
            {
                quote = b;
            }
        }
        return -1;
    }

    private static int FindPiEnd(ReadOnlySpan<byte> data, int p)
    {
        var at = data[(p + 2)..].IndexOf("?>"u8);
        return at < 0 ? -1 : p + 2 + at + 1;
    }
}

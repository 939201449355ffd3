using System.Buffers;

namespace Parley.Xml.Fuzz;

/// <summary>
/// One fuzz case: the first two bytes choose how the rest is split into chunks and which limits apply. Checks
/// that the parser never throws, always makes progress, never holds more than a stanza's worth of input,
/// gives the same events however the input is split, and that every accepted stanza and header re-serializes
/// and re-parses to the same tree.
/// </summary>
internal static class FuzzTarget
{
    private static readonly XmlLimits s_tiny = new() { MaxStanzaBytes = 300, MaxDepth = 3, MaxAttributes = 4, MaxNamespaceDeclarations = 3 };

    private static readonly XmlLimits s_generous = new()
    {
        MaxStanzaBytes = 1 << 24, MaxDepth = 10_000, MaxAttributes = 10_000, MaxNamespaceDeclarations = 100_000,
    };

    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
            return;
        var splitMode = data[0];
        var limits = (data[1] & 3) switch
        {
            0 => XmlLimits.Authenticated,
            1 => XmlLimits.Unauthenticated,
            2 => s_tiny,
            _ => s_generous,
        };
        var input = data[2..].ToArray();
        var whole = Feed(input, [], limits);
        var split = Feed(input, Cuts(input.Length, splitMode), limits);
        if (!whole.SequenceEqual(split))
            throw new FuzzFailure($"Events depend on the split:\n  whole: {string.Join(" | ", whole)}\n  split: {string.Join(" | ", split)}");
    }

    /// <summary>Mode 0: byte by byte; 1–63: fixed chunk size; otherwise pseudo-random cuts seeded by the mode.</summary>
    private static List<int> Cuts(int length, byte mode)
    {
        var cuts = new List<int>();
        if (mode < 64)
        {
            var size = Math.Max(1, (int)mode);
            for (var i = size; i < length; i += size)
                cuts.Add(i);
            return cuts;
        }
        var random = new Random(mode);
        for (var i = random.Next(1, 40); i < length; i += random.Next(1, 40))
            cuts.Add(i);
        return cuts;
    }

    private static List<string> Feed(byte[] input, List<int> cuts, XmlLimits limits)
    {
        var parser = new XmlStreamParser(limits);
        var events = new List<string>();
        var pending = new List<ReadOnlyMemory<byte>>();
        var from = 0;
        foreach (var cut in cuts.Append(input.Length))
        {
            pending.Add(input.AsMemory(from, cut - from));
            from = cut;
            var buffer = Chunks.Sequence(pending);
            if (Drain(parser, ref buffer, events, limits))
                break;
            pending.Clear();
            foreach (var m in buffer)
                pending.Add(m);
        }
        return events;
    }

    private static bool Drain(XmlStreamParser parser, ref ReadOnlySequence<byte> buffer, List<string> events, XmlLimits limits)
    {
        // Every call consumes bytes or reports an event; an empty stream element is the one event without bytes.
        var guard = buffer.Length + 4;
        while (guard-- > 0)
        {
            var before = buffer.Length;
            var status = parser.Parse(ref buffer);
            if (buffer.Length > before)
                throw new FuzzFailure("The buffer grew.");
            switch (status)
            {
                case XmlParseStatus.NeedMoreData:
                    // A partly received token is never longer than the stanza limit allows (a few bytes at most
                    // to tell what markup starts).
                    if (buffer.Length > Math.Max(limits.MaxStanzaBytes, 16))
                        throw new FuzzFailure($"Holding {buffer.Length} bytes with a limit of {limits.MaxStanzaBytes}.");
                    return false;
                case XmlParseStatus.StreamOpened:
                    var header = parser.Header ?? throw new FuzzFailure("No header.");
                    CheckHeaderRoundTrip(header, parser.DefaultNamespace);
                    events.Add("open " + Canonical.Of(header) + " " + parser.DefaultNamespace);
                    break;
                case XmlParseStatus.Element:
                    var element = parser.Element ?? throw new FuzzFailure("No element.");
                    CheckRoundTrip(element, parser.DefaultNamespace);
                    events.Add("element " + Canonical.Of(element));
                    break;
                case XmlParseStatus.StreamClosed:
                    events.Add("close");
                    break;
                case XmlParseStatus.Error:
                    var error = parser.Error ?? throw new FuzzFailure("No error.");
                    events.Add("error " + error.Kind + " " + error.Message);
                    if (parser.Parse(ref buffer) != XmlParseStatus.Error)
                        throw new FuzzFailure("Parsing went on after an error.");
                    return true;
                default:
                    throw new FuzzFailure("Unknown status " + status);
            }
        }
        throw new FuzzFailure("No progress.");
    }

    private static void CheckRoundTrip(Element element, string defaultNamespace)
    {
        var output = new ArrayBufferWriter<byte>();
        XmlSerializer.WriteStreamHeader(output, defaultNamespace, []);
        XmlSerializer.Write(element, output, defaultNamespace);
        var again = Reparse(output.WrittenMemory, expectElement: true);
        if (Canonical.Of(again) != Canonical.Of(element))
            throw new FuzzFailure($"Round trip changed the stanza:\n  {Canonical.Of(element)}\n  {Canonical.Of(again)}");
    }

    private static void CheckHeaderRoundTrip(Element header, string defaultNamespace)
    {
        var output = new ArrayBufferWriter<byte>();
        XmlSerializer.WriteStreamHeader(output, defaultNamespace, header.Attributes);
        var again = Reparse(output.WrittenMemory, expectElement: false);
        if (Canonical.Of(again) != Canonical.Of(header))
            throw new FuzzFailure($"Round trip changed the header:\n  {Canonical.Of(header)}\n  {Canonical.Of(again)}");
    }

    private static Element Reparse(ReadOnlyMemory<byte> bytes, bool expectElement)
    {
        var parser = new XmlStreamParser(s_generous);
        var buffer = new ReadOnlySequence<byte>(bytes);
        if (parser.Parse(ref buffer) != XmlParseStatus.StreamOpened)
            throw new FuzzFailure("Our own header did not parse: " + parser.Error);
        if (!expectElement)
            return parser.Header!;
        var status = parser.Parse(ref buffer);
        if (status != XmlParseStatus.Element)
            throw new FuzzFailure($"Our own output did not parse ({status}): {parser.Error}");
        return parser.Element!;
    }
}

internal sealed class FuzzFailure(string message) : Exception(message);

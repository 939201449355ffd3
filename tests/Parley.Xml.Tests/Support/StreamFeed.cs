using System.Buffers;
using System.Text;

namespace Parley.Xml.Tests.Support;

/// <summary>
/// Feeds a parser the way a PipeReader would: unconsumed bytes are re-presented with each new chunk appended
/// as its own segment. Records every event as a line of text so runs can be compared.
/// </summary>
internal static class StreamFeed
{
    public static List<string> Run(byte[] input, IEnumerable<int> cuts, XmlLimits? limits = null)
    {
        var parser = new XmlStreamParser(limits ?? XmlLimits.Authenticated);
        var events = new List<string>();
        var pending = new List<ReadOnlyMemory<byte>>();
        var from = 0;
        foreach (var cut in cuts.Append(input.Length))
        {
            if (cut < from)
                continue;
            pending.Add(input.AsMemory(from, cut - from));
            from = cut;
            var buffer = Segments.Of(pending);
            if (Drain(parser, ref buffer, events))
                return events;
            pending.Clear();
            foreach (var m in buffer)
                pending.Add(m);
        }
        return events;
    }

    /// <summary>Parses until more data is needed; true when the parser failed.</summary>
    public static bool Drain(XmlStreamParser parser, ref ReadOnlySequence<byte> buffer, List<string> events)
    {
        while (true)
        {
            var before = buffer.Length;
            var status = parser.Parse(ref buffer);
            switch (status)
            {
                case XmlParseStatus.NeedMoreData:
                    return false;
                case XmlParseStatus.StreamOpened:
                    events.Add("open " + Dump.Of(parser.Header!) + " default=" + parser.DefaultNamespace);
                    break;
                case XmlParseStatus.Element:
                    events.Add("element " + Dump.Of(parser.Element!));
                    break;
                case XmlParseStatus.StreamClosed:
                    events.Add("close");
                    break;
                case XmlParseStatus.Error:
                    events.Add("error " + parser.Error!.Kind);
                    return true;
            }
            Assert.True(buffer.Length <= before);
        }
    }

    public static List<string> Whole(string input, XmlLimits? limits = null) =>
        Run(Encoding.UTF8.GetBytes(input), [], limits);

    /// <summary>
    /// Runs the input whole, split in two at every position, and byte by byte; asserts all runs agree and
    /// returns the events.
    /// </summary>
    public static List<string> AtEverySplit(byte[] input, XmlLimits? limits = null)
    {
        var whole = Run(input, [], limits);
        for (var i = 1; i < input.Length; i++)
        {
            var split = Run(input, [i], limits);
            Assert.True(whole.SequenceEqual(split),
                $"Split at {i} gave [{string.Join(" | ", split)}] instead of [{string.Join(" | ", whole)}]");
        }
        var bytewise = Run(input, Enumerable.Range(1, Math.Max(0, input.Length - 1)), limits);
        Assert.True(whole.SequenceEqual(bytewise),
            $"Byte by byte gave [{string.Join(" | ", bytewise)}] instead of [{string.Join(" | ", whole)}]");
        return whole;
    }

    public static List<string> AtEverySplit(string input, XmlLimits? limits = null) =>
        AtEverySplit(Encoding.UTF8.GetBytes(input), limits);
}

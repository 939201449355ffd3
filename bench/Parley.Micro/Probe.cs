using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parley.Xml;

namespace Parley.Micro;

/// <summary>
/// `--probe`: a quick table per stanza of the mix, outside BenchmarkDotNet: bytes allocated to parse it (measured
/// with GC.GetAllocatedBytesForCurrentThread), its tokens (tags and text runs), and what serializing it allocates.
/// Timings belong to the BenchmarkDotNet classes; this is about allocations per stanza and per token.
/// </summary>
internal static class Probe
{
    public static void Run()
    {
        Console.WriteLine("| stanza | bytes | tokens | parse: B allocated | B per token | serialize: B allocated |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var stanza in StanzaMix.Stanzas.Where(s => s.Trim().Length > 0))
        {
            var bytes = Encoding.UTF8.GetBytes(stanza);
            var parser = new XmlStreamParser(XmlLimits.Authenticated);
            var header = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(StanzaMix.Header));
            parser.Parse(ref header);
            Element? element = null;
            const int N = 20_000;
            // Long enough for tiered compilation to reach its optimized code.
            for (var w = Stopwatch.StartNew(); w.ElapsedMilliseconds < 400;)
                element = ParseOne(parser, bytes);
            var allocBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < N; i++)
                element = ParseOne(parser, bytes);
            var alloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)N;

            var output = new ArrayBufferWriter<byte>(4096);
            for (var w = Stopwatch.StartNew(); w.ElapsedMilliseconds < 400;)
            {
                output.ResetWrittenCount();
                XmlSerializer.Write(element!, output, "jabber:client");
            }
            allocBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < N; i++)
            {
                output.ResetWrittenCount();
                XmlSerializer.Write(element!, output, "jabber:client");
            }
            var writeAlloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)N;
            var tokens = CountTokens(stanza);
            var name = stanza.Length > 48 ? stanza[..45] + "…" : stanza;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{name.Replace("|", "\\|", StringComparison.Ordinal)}` | {bytes.Length} | {tokens} | {alloc:F0} | {alloc / tokens:F0} | {writeAlloc:F0} |"));
        }
    }

    private static Element ParseOne(XmlStreamParser parser, byte[] bytes)
    {
        var seq = new ReadOnlySequence<byte>(bytes);
        return parser.Parse(ref seq) == XmlParseStatus.Element ? parser.Element! : throw new InvalidOperationException(parser.Error?.Message);
    }

    // Start tags, end tags (a self-closed tag counts once) and runs of text between tags.
    private static int CountTokens(string xml)
    {
        var tokens = 0;
        for (var i = 0; i < xml.Length; i++)
        {
            if (xml[i] == '<')
            {
                tokens++;
                i = xml.IndexOf('>', i);
            }
            else if (i == 0 || xml[i - 1] == '>')
            {
                tokens++;
            }
        }
        return tokens;
    }
}

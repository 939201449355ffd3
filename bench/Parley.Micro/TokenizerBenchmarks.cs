using System.Buffers;
using BenchmarkDotNet.Attributes;
using Parley.Xml;

namespace Parley.Micro;

/// <summary>
/// XmlStreamParser over the stanza mix, as a connection sees it: the bytes arrive in pipe-sized segments and each
/// complete depth-1 element is built. Mean is per pass over ~64 KiB; MB/s and bytes allocated per pass are shown.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks : IHasBytesPerOperation
{
    private byte[] _header = [];
    private byte[] _body = [];
    private ReadOnlySequence<byte> _segmented;
    private XmlStreamParser _parser = null!;

    [Params(4096)]
    public int SegmentBytes { get; set; } = 4096;

    public int Elements { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        (_header, _body, var elements) = StanzaMix.Build(64 * 1024);
        Elements = elements;
        _segmented = Segments.Split(_body, SegmentBytes);
        _parser = new XmlStreamParser(XmlLimits.Authenticated);
        var header = new ReadOnlySequence<byte>(_header);
        if (_parser.Parse(ref header) != XmlParseStatus.StreamOpened)
            throw new InvalidOperationException("The header did not parse.");
    }

    /// <summary>Parses the whole mix; returns the number of elements (checked against the mix).</summary>
    [Benchmark]
    public int ParseStanzaMix()
    {
        var buffer = _segmented;
        var count = 0;
        while (true)
        {
            var status = _parser.Parse(ref buffer);
            if (status == XmlParseStatus.Element)
                count++;
            else if (status == XmlParseStatus.NeedMoreData)
                break;
            else
                throw new InvalidOperationException($"Unexpected {status}: {_parser.Error}");
        }
        return count;
    }

    // Called on a fresh instance by the MB/s column, outside the benchmark: no parser needed.
    public long BytesPerOperation(string method) => StanzaMix.Build(64 * 1024).Body.Length;
}

/// <summary>Splits bytes into a multi-segment sequence, as a pipe hands them over.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (data.Length <= size)
            return new ReadOnlySequence<byte>(data);
        var first = new Segment(data.AsMemory(0, size), 0);
        var last = first;
        for (var at = size; at < data.Length; at += size)
            last = last.Append(data.AsMemory(at, Math.Min(size, data.Length - at)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

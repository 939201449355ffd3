using System.Buffers;

namespace Parley.Xml.Tests.Support;

/// <summary>Builds a ReadOnlySequence with one segment per memory, as a pipe hands them out.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Of(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var nonEmpty = parts.Where(p => !p.IsEmpty).ToList();
        if (nonEmpty.Count == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        for (var i = 1; i < nonEmpty.Count; i++)
            last = last.Append(nonEmpty[i]);
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

using System.Buffers;

namespace Parley.Xml.Fuzz;

/// <summary>A ReadOnlySequence with one segment per chunk, as a PipeReader hands out buffers.</summary>
internal static class Chunks
{
    public static ReadOnlySequence<byte> Sequence(List<ReadOnlyMemory<byte>> parts)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (var part in parts)
        {
            if (part.IsEmpty)
                continue;
            if (last is null)
                first = last = new Segment(part, 0);
            else
                last = last.Append(part);
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
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

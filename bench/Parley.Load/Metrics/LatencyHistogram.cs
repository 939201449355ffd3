using System.Numerics;

namespace Parley.Load.Metrics;

/// <summary>
/// Latencies in microseconds, recorded from many threads without locks: log-linear buckets (64 per power of two,
/// under 1.6% relative error), so recording is one increment and a percentile is one pass.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 5; // 32 sub-buckets per octave above the first 64 exact values
    private const int Linear = 64;
    private readonly long[] _counts = new long[Linear + (64 - 6) * 32];
    private long _total;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMicroseconds => Interlocked.Read(ref _max);

    public void Record(long microseconds)
    {
        if (microseconds < 0)
            microseconds = 0;
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _total);
        long max;
        while (microseconds > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, microseconds, max) != max)
        {
        }
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _max, 0);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), as the middle of its bucket; 0 when empty.</summary>
    public double Percentile(double q)
    {
        var total = Count;
        if (total == 0)
            return 0;
        var rank = (long)Math.Ceiling(q * total);
        if (rank < 1)
            rank = 1;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
                return Math.Min(Middle(i), MaxMicroseconds);
        }
        return MaxMicroseconds;
    }

    internal static int IndexOf(long v)
    {
        if (v < Linear)
            return (int)v;
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)v);
        var top = (int)(v >> (msb - SubBits)); // 32..63
        return Linear + (msb - 6) * 32 + (top - 32);
    }

    internal static long LowerBound(int index)
    {
        if (index < Linear)
            return index;
        var octave = (index - Linear) / 32;
        var sub = (index - Linear) % 32;
        var msb = octave + 6;
        return (long)(32 + sub) << (msb - SubBits);
    }

    private static double Middle(int index)
    {
        if (index < Linear)
            return index;
        var low = LowerBound(index);
        var high = LowerBound(index + 1);
        return (low + high - 1) / 2.0;
    }
}

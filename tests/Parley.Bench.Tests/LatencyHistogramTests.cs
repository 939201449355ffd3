using Parley.Load.Metrics;

namespace Parley.Bench.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Empty_histogram_reports_zero() => Assert.Equal(0, new LatencyHistogram().Percentile(0.99));

    [Fact]
    public void Small_values_are_exact()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 50; v++)
            h.Record(v);
        Assert.Equal(25, h.Percentile(0.5));
        Assert.Equal(50, h.Percentile(1.0));
        Assert.Equal(1, h.Percentile(0.0));
    }

    [Fact]
    public void Percentiles_of_a_uniform_range_are_within_two_percent()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 100_000; v++)
            h.Record(v);
        Assert.InRange(h.Percentile(0.50), 50_000 * 0.98, 50_000 * 1.02);
        Assert.InRange(h.Percentile(0.99), 99_000 * 0.98, 99_000 * 1.02);
        Assert.InRange(h.Percentile(0.999), 99_900 * 0.98, 99_900 * 1.02);
    }

    [Fact]
    public void A_tail_shows_in_p99_but_not_in_p50()
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < 980; i++)
            h.Record(200);
        for (var i = 0; i < 20; i++)
            h.Record(500_000);
        Assert.InRange(h.Percentile(0.50), 196, 204);
        Assert.InRange(h.Percentile(0.99), 490_000, 510_000);
    }

    [Fact]
    public void Percentile_never_exceeds_the_largest_value()
    {
        var h = new LatencyHistogram();
        h.Record(1_000_001);
        Assert.Equal(1_000_001, h.Percentile(0.99));
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var h = new LatencyHistogram();
        h.Record(123);
        h.Reset();
        Assert.Equal(0, h.Count);
        Assert.Equal(0, h.Percentile(0.5));
    }

    [Fact]
    public void Bucket_bounds_cover_every_value_once()
    {
        for (long v = 0; v < 5_000_000; v = v < 1000 ? v + 1 : (long)(v * 1.01))
        {
            var i = LatencyHistogram.IndexOf(v);
            Assert.InRange(v, LatencyHistogram.LowerBound(i), LatencyHistogram.LowerBound(i + 1) - 1);
        }
    }

    [Fact]
    public void Recording_from_many_threads_loses_nothing()
    {
        var h = new LatencyHistogram();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
                h.Record(i);
        });
        Assert.Equal(80_000, h.Count);
    }
}

using Parley.Server.Connections;

namespace Parley.Server.Tests.Connections;

public sealed class ReadRateLimiter_Tests
{
    /// <summary>A clock that moves only when told: the bucket's arithmetic without waiting.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public void A_new_connection_starts_with_the_full_burst()
    {
        var clock = new ManualClock();
        var limiter = new ReadRateLimiter(bytesPerSecond: 1000, burstBytes: 5000, clock);
        limiter.Charge(5000);
        Assert.False(limiter.Exhausted);
        Assert.Equal(TimeSpan.Zero, limiter.Deficit());
    }

    [Fact]
    public void Going_over_the_budget_owes_the_deficit_at_the_configured_rate()
    {
        var clock = new ManualClock();
        var limiter = new ReadRateLimiter(bytesPerSecond: 1000, burstBytes: 5000, clock);
        limiter.Charge(7000);
        Assert.True(limiter.Exhausted);
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.Deficit());

        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), limiter.Deficit());
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.Zero, limiter.Deficit());
        Assert.False(limiter.Exhausted);
    }

    [Fact]
    public void A_quiet_connection_refills_up_to_the_burst_and_no_further()
    {
        var clock = new ManualClock();
        var limiter = new ReadRateLimiter(bytesPerSecond: 1000, burstBytes: 5000, clock);
        limiter.Charge(5000);
        clock.Advance(TimeSpan.FromHours(1));
        limiter.Charge(5000);
        Assert.False(limiter.Exhausted);
        limiter.Charge(1);
        Assert.True(limiter.Exhausted);
    }

    [Fact]
    public void Without_a_burst_one_second_of_the_rate_is_allowed()
    {
        var clock = new ManualClock();
        var limiter = new ReadRateLimiter(bytesPerSecond: 1000, burstBytes: 0, clock);
        limiter.Charge(1000);
        Assert.False(limiter.Exhausted);
        limiter.Charge(1);
        Assert.True(limiter.Exhausted);
    }

    [Fact]
    public void A_rate_of_zero_means_no_limiter_at_all()
    {
        Assert.Null(ReadRateLimiter.Create(0, 1000, new ManualClock()));
        Assert.NotNull(ReadRateLimiter.Create(1, 0, new ManualClock()));
    }

    [Fact]
    public async Task Waiting_within_budget_does_not_count_as_throttled()
    {
        var counter = new ThrottleCounter();
        var limiter = new ReadRateLimiter(1000, 5000, new ManualClock(), counter);
        limiter.Charge(10);
        await limiter.WaitAsync();
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task Closing_the_stream_ends_a_wait_for_budget()
    {
        var counter = new ThrottleCounter();
        // One byte a second and a 1000-byte debt: the wait would last a quarter of an hour.
        var limiter = new ReadRateLimiter(1, 1, TimeProvider.System, counter);
        limiter.Charge(1000);
        var wait = limiter.WaitAsync().AsTask();
        limiter.Cancel();
        await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, counter.Count);
        // Once closed, no further wait happens at all.
        await limiter.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}

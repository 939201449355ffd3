namespace Parley.Server.Connections;

/// <summary>
/// A token bucket on what one connection's read loop consumes ([limits] c2s_read_* and s2s_read_*). No timer per
/// connection: the refill is computed from the monotonic clock when bytes are charged. A peer over its budget is
/// only slowed down: the read loop stops reading until the deficit has refilled, the pipe and then the kernel's
/// socket buffer fill, and TCP flow control holds the sender back. Nothing is dropped and nothing is answered.
/// Used by one read loop at a time; <see cref="Cancel"/> may come from any thread.
/// </summary>
internal sealed class ReadRateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _bytesPerSecond;
    private readonly double _burst;
    private readonly ThrottleCounter? _counter;
    private double _tokens;
    private long _stamp;
    private int _cancelled;
    private CancellationTokenSource? _waits;

    public ReadRateLimiter(int bytesPerSecond, int burstBytes, TimeProvider time, ThrottleCounter? counter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        _time = time;
        _bytesPerSecond = bytesPerSecond;
        // No burst given: one second's worth.
        _burst = burstBytes > 0 ? burstBytes : bytesPerSecond;
        _counter = counter;
        // A new connection starts with a full bucket (its negotiation is not slowed down).
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>A limiter for the configured rate, or null when the rate is 0 (unlimited).</summary>
    public static ReadRateLimiter? Create(int bytesPerSecond, int burstBytes, TimeProvider time, ThrottleCounter? counter = null)
        => bytesPerSecond == 0 ? null : new ReadRateLimiter(bytesPerSecond, burstBytes, time, counter);

    /// <summary>The budget is overdrawn: the read loop should stop and <see cref="WaitAsync"/> before reading on.</summary>
    public bool Exhausted => _tokens < 0;

    /// <summary>Counts bytes the read loop has consumed. The bucket may go into debt: a stanza already read is never refused.</summary>
    public void Charge(long bytes)
    {
        Refill();
        _tokens -= bytes;
    }

    /// <summary>How long until the debt is paid back (zero when the budget is not overdrawn).</summary>
    public TimeSpan Deficit()
    {
        Refill();
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
    }

    /// <summary>Waits out the deficit; returns early (without throwing) once the stream is closing.</summary>
    public async ValueTask WaitAsync()
    {
        var delay = Deficit();
        if (delay == TimeSpan.Zero || Volatile.Read(ref _cancelled) != 0)
            return;
        _counter?.Increment();
        // The token source exists only for connections that were throttled once: an idle or polite one has none.
        // Published with a full fence, and Cancel sets its flag with one, so one of the two always sees the other.
        var waits = _waits;
        if (waits is null)
        {
            waits = new CancellationTokenSource();
            Interlocked.CompareExchange(ref _waits, waits, null);
        }
        if (Volatile.Read(ref _cancelled) != 0)
            return;
        try
        {
            await Task.Delay(delay, _time, waits.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The stream is closing: a wait in progress ends now.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _cancelled, 1) != 0)
            return;
        try
        {
            Volatile.Read(ref _waits)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        if (elapsed > 0)
            _tokens = Math.Min(_burst, _tokens + elapsed * _bytesPerSecond);
    }
}

/// <summary>How many times read loops waited for their budget: the observable sign that a limit engaged.</summary>
internal sealed class ThrottleCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>The configured read limits, handing each new connection its own bucket.</summary>
internal sealed class ReadRateLimits(Config.ParleyOptions options, TimeProvider time)
{
    public ThrottleCounter C2sWaits { get; } = new();

    public ThrottleCounter S2sWaits { get; } = new();

    public ReadRateLimiter? ForC2s()
        => ReadRateLimiter.Create(options.Limits.C2sReadBytesPerSecond, options.Limits.C2sReadBurstBytes, time, C2sWaits);

    public ReadRateLimiter? ForS2s()
        => ReadRateLimiter.Create(options.Limits.S2sReadBytesPerSecond, options.Limits.S2sReadBurstBytes, time, S2sWaits);
}

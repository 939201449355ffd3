namespace Parley.Load.Metrics;

/// <summary>What one step of offered load produced.</summary>
/// <param name="Offered">Messages per second the generator tried to send.</param>
/// <param name="Sent">Messages per second actually written to the server (lower when its sockets push back).</param>
/// <param name="Delivered">Messages per second received by the recipients during the step.</param>
internal sealed record StepResult(double Offered, double Sent, double Delivered, double P50Ms, double P99Ms, long Errors = 0);

/// <summary>
/// Steps the offered rate up by a factor until the server falls behind, then narrows the gap between the last
/// sustained and the first failed rate by geometric bisection.
/// </summary>
/// <remarks>
/// "Sustained" means the server took what was offered (writes kept up), delivered nearly all of it within the
/// step, and p99 latency stayed under a bound: a server that queues looks fine on throughput for a while but not
/// on latency.
/// </remarks>
internal sealed class RateStepper(double start, double factor = 1.5, int maxSteps = 12, int refinements = 2,
    double deliveredFraction = 0.95, double maxP99Ms = 1000)
{
    private readonly List<StepResult> _steps = [];
    private double? _lastGood;
    private double? _firstBad;
    private int _refinementsLeft = refinements;

    public IReadOnlyList<StepResult> Steps => _steps;

    public double Start { get; } = start > 0 ? start : throw new ArgumentOutOfRangeException(nameof(start));

    public bool IsSustained(StepResult step) =>
        step.Sent >= step.Offered * deliveredFraction
        && step.Delivered >= step.Offered * deliveredFraction
        && step.P99Ms <= maxP99Ms
        && step.Errors == 0;

    /// <summary>Records a step; returns the next rate to offer, or null when done.</summary>
    public double? Next(StepResult step)
    {
        _steps.Add(step);
        if (IsSustained(step))
            _lastGood = Math.Max(_lastGood ?? 0, step.Offered);
        else
            _firstBad = Math.Min(_firstBad ?? double.MaxValue, step.Offered);
        if (_steps.Count >= maxSteps)
            return null;
        if (_firstBad is null)
            return step.Offered * factor;
        if (_lastGood is null || _refinementsLeft == 0 || _firstBad.Value / _lastGood.Value < 1.1)
            return null;
        _refinementsLeft--;
        return Math.Round(Math.Sqrt(_lastGood.Value * _firstBad.Value));
    }

    /// <summary>Delivered messages/s at the highest sustained rate; the best delivered rate when none was sustained.</summary>
    public StepResult? Saturation()
    {
        var sustained = _steps.Where(IsSustained).ToList();
        if (sustained.Count > 0)
            return sustained.MaxBy(s => s.Offered);
        return _steps.MaxBy(s => s.Delivered);
    }
}

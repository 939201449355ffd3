namespace Parley.Load.Scenarios;

/// <summary>What one scenario run does, from the command line.</summary>
internal sealed record RunSettings
{
    /// <summary>Which server this run measured ("parley", "prosody", "ejabberd", "relay", "sink"): the results' column.</summary>
    public string Label { get; init; } = "server";

    public int RunNumber { get; init; } = 1;

    public int Users { get; init; } = 1000;

    public int Concurrency { get; init; } = 64;

    public int SettleAfterMs { get; init; } = 3000;

    public double RateStart { get; init; } = 1000;

    public double RateFactor { get; init; } = 1.5;

    public double StepSeconds { get; init; } = 5;

    public double WarmupSeconds { get; init; } = 1;

    /// <summary>`login`: logins done first and not measured, so every server is measured warm (code loaded and,
    /// for .NET, compiled by its optimizing tier; caches and pools grown).</summary>
    public int WarmupUsers { get; init; } = 500;

    public int MaxSteps { get; init; } = 12;

    public int Refinements { get; init; } = 2;

    public double MaxP99Ms { get; init; } = 1000;

    /// <summary>How long to wait for messages still in flight after a step before calling the server stuck.</summary>
    public double DrainSeconds { get; init; } = 10;
}

using Parley.Load.Client;
using Parley.Load.Metrics;

namespace Parley.Load.Scenarios;

/// <summary>`login`: N users log in as fast as the server lets them (bounded concurrency); logins per second.</summary>
internal static class LoginScenario
{
    public static async Task<RunResult> RunAsync(ClientOptions options, RunSettings run, ProcessSampler sampler, CancellationToken ct)
    {
        if (run.WarmupUsers > 0)
        {
            var warm = await Fleet.LoginAsync(options, Math.Min(run.WarmupUsers, run.Users), run.Concurrency, null, ct);
            warm.AbortAll();
            await Task.Delay(1000, ct);
        }
        var latencies = new LatencyHistogram();
        var cpuBefore = sampler.Enabled ? sampler.CpuSeconds() : 0;
        var fleet = await Fleet.LoginAsync(options, run.Users, run.Concurrency, latencies, ct);
        var cpu = sampler.Enabled ? sampler.CpuSeconds() - cpuBefore : 0;
        var ok = run.Users - fleet.Failures;
        var rss = sampler.Enabled ? sampler.RssKb() : 0;
        fleet.AbortAll();
        var result = new RunResult
        {
            Server = run.Label,
            Scenario = "login",
            Run = run.RunNumber,
            Metrics =
            {
                [MetricNames.LoginsPerSecond] = ok / fleet.Elapsed.TotalSeconds,
                [MetricNames.LoginP50Ms] = latencies.Percentile(0.50) / 1000,
                [MetricNames.LoginP99Ms] = latencies.Percentile(0.99) / 1000,
                [MetricNames.CpuMsPerLogin] = ok > 0 ? cpu * 1000 / ok : 0,
                [MetricNames.LoginsPerCpuSecond] = cpu > 0 ? ok / cpu : 0,
                [MetricNames.Failures] = fleet.Failures,
                [MetricNames.Connections] = ok,
                [MetricNames.PeakRssKb] = rss,
            },
            Note = fleet.FirstError,
        };
        Console.WriteLine($"login {run.Label}: {ok} logins in {fleet.Elapsed.TotalSeconds:F2} s = " +
            $"{result.Metrics[MetricNames.LoginsPerSecond]:F0}/s, p50 {latencies.Percentile(0.5) / 1000:F1} ms, " +
            $"p99 {latencies.Percentile(0.99) / 1000:F1} ms, server CPU {cpu:F2} s, failures {fleet.Failures}");
        await Task.Delay(run.SettleAfterMs, ct);
        return result;
    }
}

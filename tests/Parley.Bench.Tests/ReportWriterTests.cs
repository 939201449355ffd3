using Parley.Load.Metrics;
using Parley.Load.Report;

namespace Parley.Bench.Tests;

public class ReportWriterTests
{
    private static RunResult R(string server, string scenario, int run, params (string, double)[] metrics) =>
        new()
        {
            Server = server,
            Scenario = scenario,
            Run = run,
            Metrics = metrics.ToDictionary(m => m.Item1, m => m.Item2),
            Steps = scenario is "chat" or "relay"
                ? [new StepResult(1000, 1000, 1000, 1, server == "parley" ? 2 : 10), new StepResult(2000, 2000, 2000, 2, 20)]
                : [],
        };

    private static readonly List<RunResult> Results =
    [
        R("parley", "chat", 1, (MetricNames.SaturationDelivered, 30_000)),
        R("parley", "chat", 2, (MetricNames.SaturationDelivered, 33_000)),
        R("parley", "chat", 3, (MetricNames.SaturationDelivered, 90_000)),
        R("prosody", "chat", 1, (MetricNames.SaturationDelivered, 4_000)),
        R("ejabberd", "chat", 1, (MetricNames.SaturationDelivered, 2_000)),
        R("ejabberd", "chat", 2, (MetricNames.SaturationDelivered, 20_000)),
        R("relay", "relay", 1, (MetricNames.SaturationDelivered, 50_000)),
        R("parley", "idle", 1, (MetricNames.KbPerConnection, 20)),
        R("prosody", "idle", 1, (MetricNames.KbPerConnection, 38)),
        R("ejabberd", "idle", 1, (MetricNames.KbPerConnection, 50)),
        R("parley", "login", 1, (MetricNames.LoginsPerSecond, 900)),
        R("ejabberd", "login", 1, (MetricNames.LoginsPerSecond, 300)),
        R("sink", "login", 1, (MetricNames.LoginsPerSecond, 1200)),
    ];

    [Fact]
    public void Medians_take_the_middle_run_or_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(33_000, ReportWriter.Median(Results, "parley", "chat", MetricNames.SaturationDelivered));
        Assert.Equal(11_000, ReportWriter.Median(Results, "ejabberd", "chat", MetricNames.SaturationDelivered));
        Assert.Null(ReportWriter.Median(Results, "prosody", "login", MetricNames.LoginsPerSecond));
    }

    [Fact]
    public void Targets_compare_Parley_with_the_better_peer()
    {
        var targets = ReportWriter.Targets(Results).ToDictionary(t => t.Name);
        var chat = targets["chat: delivered msgs/s ≥ 3× the better of Prosody and ejabberd"];
        Assert.Equal(3.0, chat.Ratio!.Value, 3);           // 33,000 vs ejabberd's median 11,000
        Assert.True(chat.Met);
        Assert.Contains("ejabberd", chat.Measured);
        var idle = targets["idle: KiB per connection ≤ ½ of the better peer"];
        Assert.Equal(20 / 38.0, idle.Ratio!.Value, 3);     // the better peer is the lower one
        Assert.False(idle.Met);
        Assert.True(targets["idle: ≤ 24 KiB per connection"].Met);
        Assert.Equal(3.0, targets["login: logins/s ≥ 2× the better peer"].Ratio!.Value, 3);
        Assert.Null(targets["login (per server CPU-second): ≥ 2× the better peer"].Met);
    }

    [Fact]
    public void The_table_has_a_column_per_server_in_a_fixed_order_and_flags_missed_targets()
    {
        var markdown = ReportWriter.Render(Results, new ReportContext("bench/compare.sh --runs 3", "2 cores"));
        Assert.Contains("| scenario | metric | parley | prosody | ejabberd | relay | sink |", markdown);
        Assert.Contains("| chat | delivered msgs/s at saturation | 33,000 (3) | 4,000 (1) | 11,000 (2) |  |  |", markdown);
        Assert.Contains("bench/compare.sh --runs 3", markdown);
        Assert.Contains("**no**", markdown);
        Assert.Contains("| parley | 2000 | 2000 | 2000 | 2.0 | 20.0 | 0 |  |", markdown);
    }

    [Theory]
    [InlineData(12345.6, "12,346")]
    [InlineData(123.4, "123")]
    [InlineData(12.34, "12.3")]
    [InlineData(1.234, "1.23")]
    public void Numbers_keep_three_significant_digits_or_more(double value, string text) =>
        Assert.Equal(text, ReportWriter.F(value));

    [Fact]
    public void Results_round_trip_through_json_lines()
    {
        var line = Results[0].ToJsonLine();
        Assert.Contains("\"sat_delivered_per_s\":30000", line);
        var back = RunResult.FromJsonLine(line);
        Assert.Equal(Results[0].Metrics, back.Metrics);
        Assert.Equal(Results[0].Steps, back.Steps);
    }
}

public class StepVerdictTests
{
    [Theory]
    [InlineData(1000, 900, 900, 10, 0, "generator, delivery")]
    [InlineData(1000, 1000, 800, 10, 0, "delivery")]
    [InlineData(1000, 1000, 1000, 2000, 0, "p99")]
    [InlineData(1000, 1000, 1000, 10, 2, "errors")]
    [InlineData(1000, 1000, 1000, 10, 0, "")]
    public void A_step_says_why_it_fell_behind(double offered, double sent, double delivered, double p99, long errors, string why) =>
        Assert.Equal(why, Parley.Load.Report.ReportWriter.Behind(new Parley.Load.Metrics.StepResult(offered, sent, delivered, 1, p99, errors)));
}

public class GeneratorBoundTests
{
    private static Parley.Load.Metrics.RunResult Run(string server, params double[] sent) => new()
    {
        Server = server,
        Scenario = server == "relay" ? "relay" : "chat",
        Steps = [.. sent.Select(s => new Parley.Load.Metrics.StepResult(1000, s, s, 1, 1))],
        Metrics = { [Parley.Load.Metrics.MetricNames.SaturationDelivered] = 1000 },
    };

    [Fact]
    public void A_reference_the_generator_could_not_saturate_gives_no_verdict()
    {
        var results = new List<Parley.Load.Metrics.RunResult> { Run("parley", 1000), Run("relay", 1000, 600), Run("relay", 500) };
        Assert.True(Parley.Load.Report.ReportWriter.GeneratorBound(results, "relay"));
        Assert.False(Parley.Load.Report.ReportWriter.GeneratorBound(results, "parley"));
        var target = Parley.Load.Report.ReportWriter.Targets(results).Single(t => t.Name.Contains("relay reference"));
        Assert.Null(target.Met);
        Assert.Contains("bounded by the generator", target.Measured);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Load.Metrics;

/// <summary>One scenario run against one server: a line of the results file (JSON lines).</summary>
internal sealed record RunResult
{
    public required string Server { get; init; }

    public required string Scenario { get; init; }

    public int Run { get; init; }

    public Dictionary<string, double> Metrics { get; init; } = [];

    public List<StepResult> Steps { get; init; } = [];

    public string? Note { get; init; }

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJsonLine() => JsonSerializer.Serialize(this, s_json);

    public static RunResult FromJsonLine(string line) =>
        JsonSerializer.Deserialize<RunResult>(line, s_json) ?? throw new FormatException("Empty result line.");

    public static List<RunResult> ReadAll(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(FromJsonLine)];

    public void AppendTo(string path) => File.AppendAllText(path, ToJsonLine() + "\n");
}

/// <summary>Names of the metrics scenarios write, shared with the report.</summary>
internal static class MetricNames
{
    public const string LoginsPerSecond = "logins_per_s";
    public const string LoginP50Ms = "login_p50_ms";
    public const string LoginP99Ms = "login_p99_ms";
    public const string CpuMsPerLogin = "cpu_ms_per_login";
    public const string Connections = "connections";
    public const string KbPerConnection = "kb_per_conn";
    public const string RssBeforeKb = "rss_before_kb";
    public const string RssAfterKb = "rss_after_kb";
    public const string Failures = "failures";
    public const string SaturationDelivered = "sat_delivered_per_s";
    public const string SaturationOffered = "sat_offered_per_s";
    public const string SaturationP50Ms = "sat_p50_ms";
    public const string SaturationP99Ms = "sat_p99_ms";
    public const string CpuUsPerMessage = "cpu_us_per_msg";
    public const string PeakRssKb = "peak_rss_kb";
    public const string LoginsPerCpuSecond = "logins_per_cpu_s";
    public const string MessagesPerCpuSecond = "msgs_per_cpu_s";
    public const string MessagesSent = "messages_sent";
    public const string MessagesDelivered = "messages_delivered";
}

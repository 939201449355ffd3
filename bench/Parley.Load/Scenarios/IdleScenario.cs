using Parley.Load.Client;
using Parley.Load.Metrics;

namespace Parley.Load.Scenarios;

/// <summary>
/// `idle`: N users log in and stay online doing nothing; the server's resident memory before and after gives the
/// cost of one idle authenticated TLS connection.
/// </summary>
internal static class IdleScenario
{
    /// <param name="relay">Idle connections to the reference relay (TLS only, no XMPP): the floor for this stack.</param>
    public static async Task<RunResult> RunAsync(ClientOptions options, RunSettings run, ProcessSampler sampler, bool relay,
        CancellationToken ct)
    {
        Func<int, Task<XmppConnection>>? connect = relay ? i => RelayClient.ConnectAsync(options, i, ct) : null;
        if (!sampler.Enabled)
            throw new InvalidOperationException("idle needs --server-pid to sample the server's memory.");

        // Warm-up: the first logins load code and grow pools that every later connection shares.
        var warm = await Fleet.LoginAsync(options, Math.Min(200, run.Users), run.Concurrency, null, ct, connect);
        warm.AbortAll();
        await Task.Delay(2000, ct);
        var before = await sampler.SettledRssKbAsync();

        var cpuBefore = sampler.CpuSeconds();
        var fleet = await Fleet.LoginAsync(options, run.Users, run.Concurrency, null, ct, connect);
        var loops = fleet.Online.Select(c => c.ReceiveLoopAsync(AnswerPings, ct)).ToList();
        await Task.Delay(run.SettleAfterMs, ct);
        var after = await sampler.SettledRssKbAsync();
        var cpu = sampler.CpuSeconds() - cpuBefore;
        var online = fleet.Connections.Count(c => c is not null);
        var closedByServer = loops.Count(t => t.IsCompleted);
        fleet.AbortAll();

        var kb = (after - before) / (double)Math.Max(1, online);
        Console.WriteLine($"idle {run.Label}: {online} connections, RSS {before} → {after} KiB = {kb:F1} KiB/connection, " +
            $"CPU {cpu:F2} s, failures {fleet.Failures}, closed by server {closedByServer}");
        await Task.Delay(run.SettleAfterMs, ct);
        return new RunResult
        {
            Server = run.Label,
            Scenario = "idle",
            Run = run.RunNumber,
            Metrics =
            {
                [MetricNames.KbPerConnection] = kb,
                [MetricNames.Connections] = online,
                [MetricNames.RssBeforeKb] = before,
                [MetricNames.RssAfterKb] = after,
                [MetricNames.Failures] = fleet.Failures + closedByServer,
                [MetricNames.LoginsPerSecond] = online / fleet.Elapsed.TotalSeconds,
            },
            Note = fleet.FirstError,
        };
    }

    // XEP-0199: a server may ping an idle client; answering keeps it online as a real client would.
    private static void AnswerPings(XmppConnection connection, ReadOnlySpan<byte> element)
    {
        var trimmed = element.TrimStart(" \t\r\n"u8);
        if (!trimmed.StartsWith("<iq"u8) || trimmed.IndexOf("urn:xmpp:ping"u8) < 0)
            return;
        var xml = System.Text.Encoding.UTF8.GetString(trimmed);
        var id = Xmlish.Attribute(xml, "id");
        var from = Xmlish.Attribute(xml, "from");
        var output = connection.Output ?? connection.StartOutput();
        output.Enqueue(System.Text.Encoding.UTF8.GetBytes(
            $"<iq type='result' id='{id}'{(from is null ? "" : $" to='{from}'")}/>"));
    }
}

using System.Diagnostics;
using Parley.Load.Client;
using Parley.Load.Metrics;

namespace Parley.Load.Scenarios;

/// <summary>Logs in many clients with bounded concurrency; the connections stay open for the scenario.</summary>
internal sealed class Fleet
{
    private int _failures;

    public required XmppConnection?[] Connections { get; init; }

    public int Failures => _failures;

    public string? FirstError { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public IEnumerable<XmppConnection> Online => Connections.Where(c => c is not null)!;

    public static async Task<Fleet> LoginAsync(ClientOptions options, int count, int concurrency,
        LatencyHistogram? latencies, CancellationToken ct, Func<int, Task<XmppConnection>>? connect = null)
    {
        var fleet = new Fleet { Connections = new XmppConnection?[count] };
        connect ??= async i =>
        {
            var c = new XmppConnection(options, i);
            try
            {
                await c.LoginAsync(ct);
                return c;
            }
            catch
            {
                c.Abort();
                throw;
            }
        };
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !ct.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    fleet.Connections[i] = await connect(i);
                    latencies?.Record((long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref fleet._failures) <= 3)
                    {
                        fleet.FirstError ??= e.Message;
                        Console.Error.WriteLine($"login {options.Username(i)} failed: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }, ct));
        await Task.WhenAll(workers);
        fleet.Elapsed = Stopwatch.GetElapsedTime(started);
        return fleet;
    }

    /// <summary>Drops every connection at once (RST), so that the next scenario starts from a quiet server.</summary>
    public void AbortAll()
    {
        foreach (var c in Connections)
            c?.Abort();
    }
}

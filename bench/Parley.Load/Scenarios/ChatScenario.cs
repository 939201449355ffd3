using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Parley.Load.Client;
using Parley.Load.Metrics;

namespace Parley.Load.Scenarios;

/// <summary>
/// `chat` (and `relay`): U online users send one-to-one messages to random other online users at a fixed offered
/// rate, stepped up until the server falls behind. Each body carries the send time, so the receiver measures the
/// delivery latency on the same monotonic clock.
/// </summary>
internal sealed class ChatScenario
{
    private readonly LatencyHistogram _latency = new();
    private readonly bool _relay;
    private long _received;
    private long _errors;
    private long _sentTotal;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    private ChatScenario(bool relay) => _relay = relay;

    public static async Task<RunResult> RunAsync(ClientOptions options, RunSettings run, ProcessSampler sampler,
        bool relay, CancellationToken ct)
    {
        var scenario = new ChatScenario(relay);
        return await scenario.RunCoreAsync(options, run, sampler, ct);
    }

    private async Task<RunResult> RunCoreAsync(ClientOptions options, RunSettings run, ProcessSampler sampler, CancellationToken ct)
    {
        var fleet = await Fleet.LoginAsync(options, run.Users, run.Concurrency, null, ct,
            _relay ? i => RelayClient.ConnectAsync(options, i, ct) : null);
        var online = fleet.Online.ToArray();
        if (online.Length < 2)
            throw new InvalidOperationException($"Only {online.Length} users online: {fleet.FirstError}");
        Console.WriteLine($"{Name} {run.Label}: {online.Length} users online ({fleet.Failures} failed) in {fleet.Elapsed.TotalSeconds:F1} s");
        foreach (var c in online)
        {
            c.StartOutput(e => Interlocked.Increment(ref _errors));
            _ = c.ReceiveLoopAsync(OnElement, ct, releaseWhenIdle: false);
        }
        var targets = online.Select(c => Encoding.UTF8.GetBytes(c.Jid ?? options.Username(c.Index) + "@" + options.Host)).ToArray();
        await Task.Delay(1000, ct); // let presence and the like settle

        var stepper = new RateStepper(run.RateStart, run.RateFactor, run.MaxSteps, run.Refinements, maxP99Ms: run.MaxP99Ms);
        var cpuBefore = sampler.Enabled ? sampler.CpuSeconds() : 0;
        long totalSent = 0;
        double? rate = run.RateStart;
        var peakRss = 0L;
        while (rate is { } r && !ct.IsCancellationRequested)
        {
            var partial = await RunStepAsync(online, targets, r, run, ct);
            totalSent += partial.SentCount;
            peakRss = Math.Max(peakRss, sampler.Enabled ? sampler.RssKb() : 0);
            var drained = await DrainAsync(run.DrainSeconds, ct);
            // Messages sent in the window but delivered after it count too: a queueing server shows its tail here.
            var step = partial with
            {
                Result = partial.Result with { P50Ms = _latency.Percentile(0.50) / 1000, P99Ms = _latency.Percentile(0.99) / 1000 },
            };
            Console.WriteLine($"{Name} {run.Label}: offered {r:F0}/s sent {step.Result.Sent:F0}/s delivered {step.Result.Delivered:F0}/s " +
                $"p50 {step.Result.P50Ms:F1} ms p99 {step.Result.P99Ms:F1} ms errors {step.Result.Errors}" +
                (stepper.IsSustained(step.Result) ? "" : $"  (falls behind: {Report.ReportWriter.Behind(step.Result)})"));
            rate = stepper.Next(step.Result);
            if (!drained)
            {
                Console.WriteLine($"{Name} {run.Label}: messages still in flight after {run.DrainSeconds} s; stopping");
                break;
            }
        }
        var cpu = sampler.Enabled ? sampler.CpuSeconds() - cpuBefore : 0;
        fleet.AbortAll();
        await Task.Delay(run.SettleAfterMs, CancellationToken.None);

        var sat = stepper.Saturation();
        return new RunResult
        {
            Server = run.Label,
            Scenario = Name,
            Run = run.RunNumber,
            Steps = [.. stepper.Steps],
            Metrics =
            {
                [MetricNames.SaturationDelivered] = sat?.Delivered ?? 0,
                [MetricNames.SaturationOffered] = sat?.Offered ?? 0,
                [MetricNames.SaturationP50Ms] = sat?.P50Ms ?? 0,
                [MetricNames.SaturationP99Ms] = sat?.P99Ms ?? 0,
                [MetricNames.CpuUsPerMessage] = totalSent > 0 ? cpu * 1e6 / totalSent : 0,
                [MetricNames.MessagesPerCpuSecond] = cpu > 0 ? totalSent / cpu : 0,
                [MetricNames.Connections] = online.Length,
                [MetricNames.PeakRssKb] = peakRss,
                [MetricNames.MessagesSent] = totalSent,
                [MetricNames.MessagesDelivered] = Interlocked.Read(ref _received),
            },
        };
    }

    private string Name => _relay ? "relay" : "chat";

    private sealed record StepOutcome(StepResult Result, long SentCount);

    private async Task<StepOutcome> RunStepAsync(XmppConnection[] online, byte[][] targets, double rate, RunSettings run, CancellationToken ct)
    {
        var total = run.WarmupSeconds + run.StepSeconds;
        long receivedAtStart = 0, sentAtStart = 0, errorsAtStart = 0, receivedAtEnd = 0;
        long openedAt = 0, closedAt = 0;
        var sent = 0L;
        var random = new Random();
        var buffer = new byte[1024];
        var burst = Math.Max(1, (long)(rate * 0.005));

        // One thread paces all senders: every millisecond it sends what the offered rate says is due by now, at
        // most 5 ms worth at a time so that the clock is read often. Sending never waits for the server (writes
        // queue per connection), so "sent" below the offered rate means the generator itself could not keep up.
        await Task.Factory.StartNew(() =>
        {
            var started = Stopwatch.GetTimestamp();
            var windowStartTicks = started + (long)(run.WarmupSeconds * Stopwatch.Frequency);
            while (!ct.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                var elapsed = (now - started) / (double)Stopwatch.Frequency;
                if (elapsed >= total)
                {
                    closedAt = now;
                    receivedAtEnd = Interlocked.Read(ref _received);
                    break;
                }
                if (openedAt == 0 && now >= windowStartTicks)
                {
                    openedAt = now;
                    _latency.Reset();
                    Volatile.Write(ref _windowEnd, now + (long)(run.StepSeconds * Stopwatch.Frequency));
                    Volatile.Write(ref _windowStart, now);
                    receivedAtStart = Interlocked.Read(ref _received);
                    errorsAtStart = Interlocked.Read(ref _errors);
                    sentAtStart = sent;
                }
                var due = Math.Min((long)(rate * elapsed), sent + burst);
                while (sent < due)
                {
                    var from = random.Next(online.Length);
                    var to = random.Next(online.Length - 1);
                    if (to >= from)
                        to++;
                    var length = Format(buffer, targets[to], Stopwatch.GetTimestamp(), sent, _relay, to);
                    online[from].Output!.Enqueue(buffer.AsSpan(0, length));
                    sent++;
                }
                if (sent >= (long)(rate * elapsed))
                    Thread.Sleep(1);
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var window = (closedAt - openedAt) / (double)Stopwatch.Frequency;
        Volatile.Write(ref _windowEnd, closedAt);
        Interlocked.Add(ref _sentTotal, sent);
        var result = new StepResult(rate, (sent - sentAtStart) / window, (receivedAtEnd - receivedAtStart) / window, 0, 0,
            Interlocked.Read(ref _errors) - errorsAtStart);
        return new StepOutcome(result, sent);
    }

    /// <summary>
    /// Waits until everything sent so far has arrived (or bounced). False when messages are still arriving at the
    /// deadline: the server is queueing more than a step's worth, and higher rates would only measure the queue.
    /// </summary>
    private async Task<bool> DrainAsync(double seconds, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var last = -1L;
        var stalledSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var arrived = Interlocked.Read(ref _received) + Interlocked.Read(ref _errors);
            if (arrived >= Interlocked.Read(ref _sentTotal))
                return true;
            if (arrived != last)
            {
                last = arrived;
                stalledSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(stalledSince).TotalSeconds > 1)
            {
                Console.WriteLine($"{Name}: {Interlocked.Read(ref _sentTotal) - arrived} messages never arrived");
                Interlocked.Exchange(ref _sentTotal, arrived); // count them lost, once
                return true;
            }
            await Task.Delay(50, ct);
        }
        return false;
    }

    private void OnElement(XmppConnection connection, ReadOnlySpan<byte> element)
    {
        var e = element.TrimStart(" \t\r\n"u8);
        if (!e.StartsWith("<message"u8))
            return;
        var tagEnd = e.IndexOf((byte)'>');
        if (tagEnd > 0 && (e[..tagEnd].IndexOf("type='error'"u8) >= 0 || e[..tagEnd].IndexOf("type=\"error\""u8) >= 0))
        {
            Interlocked.Increment(ref _errors);
            return;
        }
        var body = e.IndexOf("<body>"u8);
        if (body < 0 || !Utf8Parser.TryParse(e[(body + 6)..], out long sentAt, out _))
            return;
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        if (sentAt >= Volatile.Read(ref _windowStart) && sentAt < Volatile.Read(ref _windowEnd))
            _latency.Record((long)((now - sentAt) * 1_000_000.0 / Stopwatch.Frequency));
    }

    /// <summary>The message stanza (prefixed by the relay's frame header in relay mode); returns its length.</summary>
    internal static int Format(Span<byte> buffer, ReadOnlySpan<byte> to, long timestamp, long sequence, bool relay, int relayTarget)
    {
        var at = relay ? RelayClient.HeaderLength : 0;
        var start = at;
        Append(buffer, ref at, "<message to='"u8);
        Append(buffer, ref at, to);
        Append(buffer, ref at, "' type='chat' id='m'><body>"u8);
        Utf8Formatter.TryFormat(timestamp, buffer[at..], out var n);
        at += n;
        buffer[at++] = (byte)' ';
        Utf8Formatter.TryFormat(sequence, buffer[at..], out n);
        at += n;
        buffer[at++] = (byte)' ';
        // The filler is text, so '&' and '<' are escaped as a real client would.
        Append(buffer, ref at, "Are we still on for tonight? I'll bring the maps &amp; the snacks &lt;3"u8);
        Append(buffer, ref at, "</body></message>"u8);
        if (relay)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, relayTarget);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[4..], at - start);
        }
        return at;
    }

    private static void Append(Span<byte> buffer, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer[at..]);
        at += bytes.Length;
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Load.Client;
using Parley.Load.Metrics;
using Parley.Load.Reference;
using Parley.Load.Scenarios;

namespace Parley.Bench.Tests;

// The generator end to end against its own references on loopback: STARTTLS + SCRAM against the login sink, and
// chat steps through the relay. Small and bounded; nothing here asserts a duration. One at a time: they share the
// machine's loopback and thread pool.
[Collection("loopback")]
public class LoopbackTests
{
    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench.example", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("bench.example");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static ClientOptions Options(IPEndPoint server, X509Certificate2 cert, TlsMode tls = TlsMode.StartTls) => new()
    {
        Server = server,
        Host = "bench.example",
        Tls = tls,
        PinnedCertificate = X509CertificateLoader.LoadCertificate(cert.RawData),
        Timeout = TimeSpan.FromSeconds(30),
    };

    [Theory]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public async Task Clients_log_in_to_the_sink_with_starttls_and_scram(string mechanism)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cert = Certificate();
        await using var sink = new LoginSink(new IPEndPoint(IPAddress.Loopback, 0), cert, "bench.example", "bench-password", 4096);
        sink.Start(cts.Token);
        var run = new RunSettings { Label = "sink", Users = 20, Concurrency = 4, SettleAfterMs = 0 };
        var result = await Task.Run(() => LoginScenario.RunAsync(Options(sink.EndPoint, cert) with { Mechanism = mechanism }, run,
            new ProcessSampler([]), cts.Token));
        Assert.Equal(0, result.Metrics[MetricNames.Failures]);
        Assert.Equal(20, result.Metrics[MetricNames.Connections]);
    }

    [Fact]
    public async Task A_wrong_pinned_certificate_fails_every_login()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cert = Certificate();
        await using var sink = new LoginSink(new IPEndPoint(IPAddress.Loopback, 0), cert, "bench.example", "bench-password", 4096);
        sink.Start(cts.Token);
        var run = new RunSettings { Users = 2, Concurrency = 2, SettleAfterMs = 0 };
        var result = await LoginScenario.RunAsync(Options(sink.EndPoint, Certificate()), run, new ProcessSampler([]), cts.Token);
        Assert.Equal(2, result.Metrics[MetricNames.Failures]);
    }

    [Fact]
    public async Task Messages_flow_through_the_relay_and_every_step_is_recorded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var cert = Certificate();
        await using var relay = new RelayServer(new IPEndPoint(IPAddress.Loopback, 0), cert);
        relay.Start(cts.Token);
        var run = new RunSettings
        {
            Label = "relay", Users = 10, Concurrency = 5, SettleAfterMs = 0, RateStart = 50, RateFactor = 2,
            StepSeconds = 0.5, WarmupSeconds = 0.2, MaxSteps = 2, MaxP99Ms = 60_000,
        };
        // Off xUnit's synchronization context, as in the console generator: its few threads are shared with the
        // tests running in parallel and would hold the receive loops' continuations back.
        var result = await Task.Run(() => ChatScenario.RunAsync(Options(relay.EndPoint, cert, TlsMode.Direct), run,
            new ProcessSampler([]), relay: true, cts.Token));
        // Whether the second step runs depends on the first keeping up within half a second on a busy test host;
        // the stepping rules themselves are RateStepperTests'.
        Assert.InRange(result.Steps.Count, 1, 2);
        Assert.Equal(50.0, result.Steps[0].Offered);
        // Per-step delivery depends on timing (a busy test host can hold a whole short step back); the totals do not:
        // every message sent arrives, because each step drains before the next.
        Assert.All(result.Steps, s => Assert.Equal(0, s.Errors));
        Assert.True(result.Metrics[MetricNames.MessagesSent] > 0);
        Assert.Equal(result.Metrics[MetricNames.MessagesSent], result.Metrics[MetricNames.MessagesDelivered]);
        Assert.Equal(0, relay.Dropped);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Parley.Load.Cli;
using Parley.Load.Client;
using Parley.Load.Metrics;
using Parley.Load.Provisioning;
using Parley.Load.Reference;
using Parley.Load.Report;
using Parley.Load.Scenarios;

namespace Parley.Load;

internal static class Program
{
    private const string Usage = """
        parley-load VERB [options]     (see bench/README.md)
          login | idle | chat | relay  run a scenario against a server (relay: against serve-relay)
          serve-relay                  the reference relay (TLS, framed byte forwarding, no XML)
          serve-sink                   the trivial login responder
          provision                    write the benchmark accounts for parley | prosody | ejabberd
          report                       render results (JSON lines) as the Markdown of docs/benchmarks.md
        """;

    public static async Task<int> Main(string[] argv)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            var args = new Args(argv);
            return await RunAsync(args, cts.Token);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    private static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        switch (args.Verb)
        {
            case "login" or "idle" or "chat" or "relay":
                return await ScenarioAsync(args, ct);
            case "serve-relay":
            {
                var relay = new RelayServer(Args.EndPoint(args.Required("listen")), LoadServerCertificate(args), args.Flag("release-tls-buffers"));
                args.RefuseUnknown();
                relay.Start(ct);
                Console.WriteLine($"relay listening on {relay.EndPoint}");
                await WaitForeverAsync(ct);
                return 0;
            }
            case "serve-sink":
            {
                var sink = new LoginSink(Args.EndPoint(args.Required("listen")), LoadServerCertificate(args),
                    args.Get("host", "bench.example"), args.Get("password", "bench-password"), args.Int("iterations", 4096));
                args.RefuseUnknown();
                sink.Start(ct);
                Console.WriteLine($"login sink listening on {sink.EndPoint}");
                await WaitForeverAsync(ct);
                return 0;
            }
            case "provision":
            {
                var accounts = new BenchAccounts(args.Get("host", "bench.example"), args.Int("users", 1000),
                    args.Get("password", "bench-password"), args.Int("iterations", 4096));
                var target = args.Required("target");
                var path = args.Required("path");
                args.RefuseUnknown();
                switch (target)
                {
                    case "parley": await ParleyProvisioner.RunAsync(accounts, path, ct); break;
                    case "prosody": ProsodyProvisioner.Run(accounts, path); break;
                    case "ejabberd": EjabberdProvisioner.Run(accounts, path); break;
                    default: throw new ArgumentException("--target is parley, prosody or ejabberd.");
                }
                Console.WriteLine($"provisioned {accounts.Count} accounts for {target} at {path}");
                return 0;
            }
            case "report":
            {
                var results = RunResult.ReadAll(args.Required("results"));
                var markdown = ReportWriter.Render(results, new ReportContext(args.Get("command", ""), args.Get("environment", "")));
                var output = args.Required("out");
                args.RefuseUnknown();
                await File.WriteAllTextAsync(output, markdown, ct);
                Console.WriteLine($"wrote {output}");
                return 0;
            }
            default:
                throw new ArgumentException($"Unknown verb '{args.Verb}'.");
        }
    }

    private static async Task<int> ScenarioAsync(Args args, CancellationToken ct)
    {
        var relayMode = args.Verb == "relay" || args.Flag("relay");
        var inProcess = args.Flag("in-process");
        await using var reference = inProcess ? await StartInProcessAsync(args, relayMode, ct) : null;
        var server = reference?.EndPoint ?? Args.EndPoint(args.Required("server"));
        var options = new ClientOptions
        {
            Server = server,
            Host = args.Get("host", "bench.example"),
            Tls = relayMode || args.Get("tls", "starttls") == "direct" ? TlsMode.Direct : TlsMode.StartTls,
            Mechanism = args.Get("mechanism", "SCRAM-SHA-256"),
            Password = args.Get("password", "bench-password"),
            Sources = Args.Sources(args.Get("sources", "127.0.0.1")),
            PinnedCertificate = args.Get("cert") is { } pem ? X509Certificate2.CreateFromPem(File.ReadAllText(pem)) : null,
            SendInitialPresence = !args.Flag("no-presence"),
        };
        var run = new RunSettings
        {
            Label = args.Get("label", inProcess ? (relayMode ? "relay-in-process" : "sink-in-process") : "server"),
            RunNumber = args.Int("run", 1),
            Users = args.Int("users", 1000),
            Concurrency = args.Int("concurrency", 64),
            SettleAfterMs = args.Int("settle-ms", 3000),
            RateStart = args.Double("rate-start", 1000),
            RateFactor = args.Double("rate-factor", 1.5),
            StepSeconds = args.Double("step-seconds", 5),
            WarmupSeconds = args.Double("warmup-seconds", 1),
            WarmupUsers = args.Int("warmup-users", 500),
            MaxSteps = args.Int("max-steps", 12),
            Refinements = args.Int("refinements", 2),
            MaxP99Ms = args.Double("max-p99-ms", 1000),
            DrainSeconds = args.Double("drain-seconds", 10),
        };
        var sampler = new ProcessSampler(args.Ints("server-pid"));
        var resultsPath = args.Get("results");
        args.RefuseUnknown();

        var result = args.Verb switch
        {
            "login" => await LoginScenario.RunAsync(options, run, sampler, ct),
            "idle" => await IdleScenario.RunAsync(options, run, sampler, relayMode, ct),
            _ => await ChatScenario.RunAsync(options, run, sampler, relayMode, ct),
        };
        if (resultsPath is not null)
            result.AppendTo(resultsPath);
        return 0;
    }

    private static async Task<IInProcessReference> StartInProcessAsync(Args args, bool relay, CancellationToken ct)
    {
        var certificate = LoadServerCertificate(args);
        var listen = new IPEndPoint(IPAddress.Loopback, 0);
        if (relay)
        {
            var server = new RelayServer(listen, certificate);
            server.Start(ct);
            return new InProcess(server.EndPoint, server);
        }
        var sink = new LoginSink(listen, certificate, args.Get("host", "bench.example"), args.Get("password", "bench-password"),
            args.Int("iterations", 4096));
        sink.Start(ct);
        await Task.Yield();
        return new InProcess(sink.EndPoint, sink);
    }

    private static X509Certificate2 LoadServerCertificate(Args args)
    {
        var cert = X509Certificate2.CreateFromPemFile(args.Required("cert"), args.Required("key"));
        // SslStream on Linux wants a certificate whose key it can export to OpenSSL: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task WaitForeverAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private interface IInProcessReference : IAsyncDisposable
    {
        IPEndPoint EndPoint { get; }
    }

    private sealed class InProcess(IPEndPoint endPoint, IAsyncDisposable server) : IInProcessReference
    {
        public IPEndPoint EndPoint { get; } = endPoint;

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}

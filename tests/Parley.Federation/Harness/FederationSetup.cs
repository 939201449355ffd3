using System.Text;
using Xunit.Abstractions;

namespace Parley.Federation.Harness;

/// <summary>
/// One setup of the federation tests, shared by the tests of its collection: a private dnsmasq, certificates,
/// Prosody and ejabberd with their users. Everything lives under <see cref="Topology.Folder"/> (logs included),
/// which is left in place after the run for a look and cleaned up by the next run.
/// </summary>
public abstract class FederationSetup : IAsyncLifetime
{
    /// <summary>Accounts on each peer; every test uses its own, so that rosters and presence do not mix.</summary>
    public static readonly IReadOnlyList<string> PeerUsers = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];

    private Dnsmasq? _dns;
    private int _disposed;

    protected FederationSetup(Topology topology)
    {
        Topology = topology;
    }

    public Topology Topology { get; }

    public ProsodyPeer Prosody { get; private set; } = null!;

    public EjabberdPeer Ejabberd { get; private set; } = null!;

    public Pki Pki { get; private set; } = null!;

    public string DnsLog => _dns?.LogFile ?? "";

    public IEnumerable<Peer> Peers => [Prosody, Ejabberd];

    public Peer PeerNamed(string product) => Peers.Single(p => p.Product == product);

    public async Task InitializeAsync()
    {
        var t = Topology;
        ChildProcess.KillLeftovers(t.Folder);
        if (Directory.Exists(t.Folder))
            Directory.Delete(t.Folder, recursive: true);
        Directory.CreateDirectory(t.Folder);
        try
        {
            Pki = t.UseCa ? Pki.WithCa(Path.Combine(t.Folder, "pki")) : Pki.SelfSigned(Path.Combine(t.Folder, "pki"));
            // Parley first: its s2s port goes into the dnsmasq's SRV record.
            await StartParleyAsync();
            _dns = await Dnsmasq.StartAsync(t, Path.Combine(t.Folder, "dns"), ParleyServer.S2sPort);
            Prosody = new ProsodyPeer(t, Pki.Issue(t.ProsodyDomain));
            Ejabberd = new EjabberdPeer(t, Pki.Issue(t.EjabberdDomain), Pki.CaFile);
            await Prosody.RegisterAsync(PeerUsers);
            await Task.WhenAll(Prosody.StartAsync(), Ejabberd.StartAsync());
            await Ejabberd.RegisterAsync(PeerUsers);
        }
        catch (Exception e)
        {
            var logs = Logs(LogMark.Start);
            await DisposeAsync();
            throw new InvalidOperationException($"the {t.Name} federation setup did not start: {e.Message}\n{logs}", e);
        }
    }

    /// <summary>Parley in-process.</summary>
    public global::Parley.TestKit.TestServer ParleyServer { get; private set; } = null!;

    /// <summary>Accounts on Parley: each peer user's name prefixed by the peer ("p" Prosody, "e" ejabberd).</summary>
    public static string ParleyUser(Peer peer, string user) => (peer is ProsodyPeer ? "p" : "e") + user;

    private async Task StartParleyAsync()
    {
        var t = Topology;
        var users = PeerUsers.SelectMany(u => new[] { "p" + u, "e" + u });
        ParleyServer = await ParleyNode.StartAsync(t, Pki.Issue(t.ParleyDomain), Pki.CaFile, users);
    }

    /// <summary>Restarts Parley on the same data folder and s2s port (what a peer knows of it stays true).</summary>
    public async Task RestartParleyAsync() => ParleyServer = await ParleyServer.RestartAsync();

    private async Task StopParleyAsync()
    {
        if (ParleyServer is not null)
            await ParleyServer.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        // Also called after a failed start (from InitializeAsync), so it runs once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await StopParleyAsync();
        foreach (var peer in new Peer?[] { Prosody, Ejabberd })
        {
            if (peer is null)
                continue;
            try
            {
                await peer.StopAsync();
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
            }
        }
        if (_dns is not null)
            await _dns.StopAsync();
    }

    /// <summary>Where each log stands now, so that a failing test shows what was written during it.</summary>
    public LogMark Mark() => new(LogFiles().ToDictionary(f => f, f => File.Exists(f) ? new FileInfo(f).Length : 0),
        Parley.TestKit.TestLogProvider.Lines.Count);

    private IEnumerable<string> LogFiles()
    {
        var files = new List<string> { DnsLog };
        foreach (var peer in new Peer?[] { Prosody, Ejabberd })
        {
            if (peer is null)
                continue;
            files.Add(peer.LogFile);
            files.Add(Path.Combine(peer.Folder, "stdout.log"));
        }
        if (Prosody is not null)
            files.Add(Path.Combine(Prosody.Folder, "prosody.err"));
        return files.Where(f => f.Length > 0).Distinct();
    }

    /// <summary>What every log got since <paramref name="mark"/> (the last 400 lines of each).</summary>
    public string Logs(LogMark mark)
    {
        var text = new StringBuilder();
        foreach (var file in LogFiles())
        {
            if (!File.Exists(file))
                continue;
            var content = Peer.ReadShared(file);
            var from = (int)Math.Min(mark.Offsets.GetValueOrDefault(file), content.Length);
            var lines = content[from..].Split('\n');
            text.AppendLine($"===== {file} ({lines.Length} lines since the test started{(lines.Length > 400 ? ", last 400" : "")})");
            foreach (var line in lines.Skip(Math.Max(0, lines.Length - 400)))
                text.AppendLine(line);
        }
        var parley = Parley.TestKit.TestLogProvider.Lines.ToArray();
        var since = parley.Skip(Math.Min(mark.ParleyLines, parley.Length)).Where(l => l.Contains(Topology.ParleyDomain, StringComparison.Ordinal) || l.Contains("S2s", StringComparison.Ordinal) || l.Contains("Federation", StringComparison.Ordinal)).ToArray();
        text.AppendLine($"===== Parley log ({since.Length} federation lines since the test started, last 400)");
        foreach (var line in since.Skip(Math.Max(0, since.Length - 400)))
            text.AppendLine(line);
        return text.ToString();
    }

    /// <summary>Runs a test body; when it fails, writes the logs of the setup since it started to the test output.</summary>
    public async Task RunAsync(ITestOutputHelper output, Func<Task> body)
    {
        var mark = Mark();
        try
        {
            await body();
        }
        catch
        {
            output.WriteLine(Logs(mark));
            throw;
        }
    }
}

public sealed record LogMark(IReadOnlyDictionary<string, long> Offsets, int ParleyLines)
{
    public static readonly LogMark Start = new(new Dictionary<string, long>(), 0);
}

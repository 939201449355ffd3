namespace Parley.TestKit;

/// <summary>
/// Two Parley servers on loopback that federate: domains a.test and b.test, each finding the other through
/// <c>s2s.host_overrides</c> (no DNS), with certificates from a test CA both trust (SASL EXTERNAL) or self-signed
/// ones (dialback).
/// </summary>
public sealed class FederatedServers : IAsyncDisposable
{
    public const string DomainA = "a.test";
    public const string DomainB = "b.test";

    private readonly string _folder;

    private FederatedServers(string folder, FederationCertificates pki, TestServer a, TestServer b)
    {
        _folder = folder;
        Pki = pki;
        A = a;
        B = b;
    }

    /// <summary>The test CA (trusted by both servers when started with trusted certificates).</summary>
    public FederationCertificates Pki { get; }

    public TestServer A { get; private set; }

    public TestServer B { get; private set; }

    /// <summary>
    /// The settings that make a TestServer federate: its host with a certificate, s2s on, the peer domains at
    /// their loopback ports, the CA file (if any) as the only trust, DNS pointed at a loopback port nobody serves.
    /// </summary>
    public static Dictionary<string, string?> Settings(string domain, (string Certificate, string Key) certificate,
        IReadOnlyDictionary<string, int> peers, string? caFile, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"hosts:{domain}:certificate"] = certificate.Certificate,
            [$"hosts:{domain}:key"] = certificate.Key,
            ["s2s:enabled"] = "true",
            ["s2s:use_system_trust"] = "false",
            ["s2s:dns_servers:0"] = "127.0.0.1:9",
            ["s2s:connect_timeout_seconds"] = "3",
            ["s2s:negotiation_timeout_seconds"] = "10",
        };
        foreach (var (peer, port) in peers)
            settings[$"s2s:host_overrides:{peer}"] = $"127.0.0.1:{port}";
        if (caFile is not null)
            settings["s2s:ca_files:0"] = caFile;
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
            settings[k] = v;
        return settings;
    }

    /// <param name="trusted">CA-issued certificates (SASL EXTERNAL) or self-signed ones (dialback).</param>
    public static async Task<FederatedServers> StartAsync(bool trusted, IDictionary<string, string?>? extraA = null,
        IDictionary<string, string?>? extraB = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "parley-fed-" + Guid.NewGuid().ToString("N"));
        var pki = new FederationCertificates(folder);
        var ca = trusted ? pki.CaFile : null;
        var certA = trusted ? pki.Issue(DomainA) : pki.SelfSigned(DomainA);
        var certB = trusted ? pki.Issue(DomainB) : pki.SelfSigned(DomainB);
        for (var attempt = 1; ; attempt++)
        {
            var (portA, portB) = (TestServer.FreeLoopbackPort(), TestServer.FreeLoopbackPort());
            if (portA == portB)
                continue;
            TestServer? a = null;
            try
            {
                a = await TestServer.StartAsync(Settings(DomainA, certA, new Dictionary<string, int> { [DomainB] = portB }, ca, extraA), s2sPort: portA);
                var b = await TestServer.StartAsync(Settings(DomainB, certB, new Dictionary<string, int> { [DomainA] = portA }, ca, extraB), s2sPort: portB);
                return new FederatedServers(folder, pki, a, b);
            }
            catch (IOException) when (attempt < 5)
            {
                // A port was taken between the probe and the bind: try other ports.
                if (a is not null)
                    await a.DisposeAsync();
            }
        }
    }

    /// <summary>Restarts B on the same data folder and s2s port (A's override still points at it).</summary>
    public async Task RestartBAsync() => B = await B.RestartAsync();

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

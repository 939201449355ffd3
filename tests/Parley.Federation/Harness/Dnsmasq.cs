using System.Net;

namespace Parley.Federation.Harness;

/// <summary>
/// A private dnsmasq on one loopback address that answers for the setup's domains and forwards nothing
/// (<c>--local</c>: unknown names get NXDOMAIN/NODATA instead of REFUSED). Its query log shows who looked up what.
/// </summary>
public sealed class Dnsmasq
{
    private readonly ChildProcess _process;

    private Dnsmasq(ChildProcess process, string logFile)
    {
        _process = process;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public static async Task<Dnsmasq> StartAsync(Topology t, string folder, int parleyS2sPort)
    {
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "dns.log");
        var args = new List<string>
        {
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--user=root",
            $"--local=/{t.Suffix}/", "--bind-interfaces", $"--listen-address={t.DnsAddress}", "--port=53",
            "--pid-file=", "--log-queries", $"--log-facility={log}",
            // Prosody and Parley (whose s2s port TestKit picks) publish SRV records whose targets carry the address (no A record on the domain
            // itself: a peer that reaches them followed SRV); ejabberd has only an A record (peers fall back to 5269).
            // Prosody also listens for direct TLS (XEP-0368), preferred by its lower priority number.
            $"--srv-host=_xmpps-server._tcp.{t.ProsodyDomain},s2s.{t.ProsodyDomain},{Topology.S2sDirectTlsPort},0,5",
            $"--srv-host=_xmpp-server._tcp.{t.ProsodyDomain},s2s.{t.ProsodyDomain},{Topology.S2sPort},10,5",
            $"--host-record=s2s.{t.ProsodyDomain},{t.ProsodyAddress}",
            $"--host-record={t.EjabberdDomain},{t.EjabberdAddress}",
            $"--srv-host=_xmpp-server._tcp.{t.ParleyDomain},s2s.{t.ParleyDomain},{parleyS2sPort}",
            $"--host-record=s2s.{t.ParleyDomain},{IPAddress.Loopback}",
        };
        var process = ChildProcess.Start("dnsmasq " + string.Join(' ', args.Select(Sh.Quote)), folder,
            Path.Combine(folder, "dnsmasq.out"), Path.Combine(folder, "dnsmasq.pid"));
        await WaitForUdpAsync(t.DnsAddress, process);
        return new Dnsmasq(process, log);
    }

    // dnsmasq binds before it answers; wait until it does (bounded) by sending it a query.
    private static async Task WaitForUdpAsync(IPAddress address, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        // A query for "probe.invalid" type A, recursion desired.
        byte[] query = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, (byte)'p', (byte)'r', (byte)'o', (byte)'b', (byte)'e',
            7, (byte)'i', (byte)'n', (byte)'v', (byte)'a', (byte)'l', (byte)'i', (byte)'d', 0, 0, 1, 0, 1];
        while (true)
        {
            using var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            try
            {
                await udp.SendAsync(query, new IPEndPoint(address, 53));
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                await udp.ReceiveAsync(cts.Token);
                return;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline || process.HasExited)
                throw new TimeoutException($"dnsmasq did not answer on {address}:53");
        }
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));
}

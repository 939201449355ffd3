using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.TestKit;

/// <summary>
/// A private dnsmasq on one loopback address that answers only for <c>*.example</c> from the records given and
/// forwards nothing: tests resolve names without ever asking the system's resolver. Its query log shows which
/// names were asked. Needs dnsmasq (Debian: dnsmasq-base).
/// </summary>
public sealed class PrivateDns : IDisposable
{
    private readonly Process _process;

    private PrivateDns(Process process, IPEndPoint endPoint, string folder)
    {
        _process = process;
        EndPoint = endPoint;
        Folder = folder;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>For s2s.dns_servers: "ip:port".</summary>
    public string Server => EndPoint.ToString();

    public string Folder { get; }

    public string LogFile => Path.Combine(Folder, "dns.log");

    /// <param name="address">A loopback address of the caller's block, e.g. 127.0.30.53.</param>
    /// <param name="records">dnsmasq options such as <c>--srv-host=...</c> and <c>--host-record=...</c>.</param>
    public static PrivateDns Start(IPAddress address, IEnumerable<string> records)
    {
        var list = records.ToList();
        // Port 53 when we may bind it (root, as on CI); else a free unprivileged port on the same address.
        foreach (var port in new[] { 53, FreeUdpPort(address) })
        {
            var folder = Directory.CreateTempSubdirectory("parley-dns-").FullName;
            var psi = new ProcessStartInfo(Locate())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--local=/example/",
                "--bind-interfaces", $"--listen-address={address}", $"--port={port}", "--pid-file=", "--user=root",
                "--log-queries", $"--log-facility={Path.Combine(folder, "dns.log")}", "--cache-size=0",
            })
                psi.ArgumentList.Add(arg);
            foreach (var record in list)
                psi.ArgumentList.Add(record);
            var process = Process.Start(psi)!;
            var dns = new PrivateDns(process, new IPEndPoint(address, port), folder);
            if (dns.WaitUntilAnswering())
                return dns;
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no answer";
            dns.Dispose();
            if (port != 53)
                throw new InvalidOperationException($"dnsmasq did not start on {address}:{port}: {error}");
        }
        throw new InvalidOperationException("unreachable");
    }

    private static string Locate()
    {
        foreach (var path in new[] { "/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq" })
        {
            if (File.Exists(path))
                return path;
        }
        throw new InvalidOperationException("dnsmasq is not installed (Debian package dnsmasq-base)");
    }

    private static int FreeUdpPort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    // Ready when it answers a query (any answer: REFUSED for a name outside the zone will do).
    private bool WaitUntilAnswering()
    {
        var query = new byte[] { 0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, (byte)'p', (byte)'r', (byte)'o', (byte)'b', (byte)'e', 0, 0, 1, 0, 1 };
        using var socket = new Socket(EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
        var buffer = new byte[512];
        for (var attempt = 0; attempt < 50 && !_process.HasExited; attempt++)
        {
            try
            {
                socket.SendTo(query, EndPoint);
                if (socket.Receive(buffer) > 0)
                    return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        return false;
    }

    /// <summary>The query log so far (dnsmasq writes it line by line).</summary>
    public string Log()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    /// <summary>Waits until <paramref name="text"/> shows in the query log (a marker query proves earlier ones are logged).</summary>
    public async Task WaitForLogAsync(string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Log().Contains(text, StringComparison.OrdinalIgnoreCase))
            await Task.Delay(20, cts.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using System.Text;

namespace Parley.Federation.Harness;

/// <summary>
/// Debian's Prosody 0.12 with a private config (every machine-wide default overridden: pidfile, data, admin socket,
/// interfaces, ports), run as root in the foreground, resolving names through the setup's dnsmasq (libunbound).
/// </summary>
public sealed class ProsodyPeer : Peer
{
    private readonly Topology _topology;
    private readonly PemPair _certificate;
    private ChildProcess? _process;

    public ProsodyPeer(Topology t, PemPair certificate)
        : base("Prosody", t.ProsodyDomain, t.ProsodyAddress, Path.Combine(t.Folder, "prosody"))
    {
        _topology = t;
        _certificate = certificate;
        Directory.CreateDirectory(Path.Combine(Folder, "data"));
        File.Copy(certificate.CertificateFile, Path.Combine(Folder, "cert.pem"), overwrite: true);
        File.Copy(certificate.KeyFile, Path.Combine(Folder, "key.pem"), overwrite: true);
        if (t.UseCa)
            File.Copy(Path.Combine(Path.GetDirectoryName(certificate.CertificateFile)!, "ca.pem"), Path.Combine(Folder, "ca.pem"), overwrite: true);
        File.WriteAllText(ConfigFile, Config());
    }

    private string ConfigFile => Path.Combine(Folder, "prosody.cfg.lua");

    public override string LogFile => Path.Combine(Folder, "prosody.log");

    private string Config()
    {
        var t = _topology;
        var f = Folder;
        var a = t.ProsodyAddress;
        var c = new StringBuilder();
        c.AppendLine($$"""
            run_as_root = true
            prosody_user = "root"
            pidfile = "{{f}}/prosody.pidfile"
            data_path = "{{f}}/data"
            admin_socket = "{{f}}/prosody.sock"
            interfaces = { "{{a}}" }
            local_interfaces = { "{{a}}" }
            c2s_ports = { {{Topology.C2sPort}} }
            s2s_ports = { {{Topology.S2sPort}} }
            c2s_direct_tls_ports = { }
            s2s_direct_tls_ports = { {{Topology.S2sDirectTlsPort}} }
            component_ports = { }
            http_ports = { }
            https_ports = { }
            http_interfaces = { "{{a}}" }
            https_interfaces = { "{{a}}" }
            unbound = { resolvconf = false; hoststxt = false; forward = { "{{t.DnsAddress}}@53" };
                        options = { ["do-not-query-localhost:"] = "no" }; }
            s2s_require_encryption = true
            s2s_timeout = 10
            c2s_require_encryption = true
            authentication = "internal_hashed"
            storage = "internal"
            log = { debug = "{{f}}/prosody.log"; error = "{{f}}/prosody.err" }
            modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "presence"; {{(t.UseCa ? "" : "\"dialback\";")}} }
            modules_disabled = { "posix" }
            """);
        if (t.UseCa)
        {
            // Valid certificates required (no dialback module either): only SASL EXTERNAL can authenticate.
            c.AppendLine($$"""
                s2s_secure_auth = true
                ssl = { certificate = "{{f}}/cert.pem"; key = "{{f}}/key.pem"; cafile = "{{f}}/ca.pem"; }
                """);
        }
        else
        {
            c.AppendLine($$"""
                s2s_secure_auth = false
                ssl = { certificate = "{{f}}/cert.pem"; key = "{{f}}/key.pem"; }
                """);
        }
        c.AppendLine($"VirtualHost \"{t.ProsodyDomain}\"");
        return c.ToString();
    }

    public override async Task RegisterAsync(IReadOnlyList<string> users)
    {
        // prosodyctl works on the data folder while the server is stopped; one process per user, side by side.
        await Task.WhenAll(users.Select(async user =>
        {
            var (code, output) = await ChildProcess.RunAsync(
                $"prosodyctl --config {Sh.Quote(ConfigFile)} register {Sh.Quote(user)} {Sh.Quote(Domain)} {Sh.Quote(Password)}",
                TimeSpan.FromSeconds(30));
            if (code != 0)
                throw new InvalidOperationException($"prosodyctl register {user} failed ({code}): {output}");
        }));
    }

    public override async Task StartAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("Prosody is already running");
        _process = ChildProcess.Start($"prosody --config {Sh.Quote(ConfigFile)} -F", Path.Combine(Folder, "data"),
            Path.Combine(Folder, "stdout.log"), Path.Combine(Folder, "server.pid"));
        var process = _process;
        await ChildProcess.WaitForPortAsync(Address, Topology.C2sPort, TimeSpan.FromSeconds(20), () => process.HasExited);
        await ChildProcess.WaitForPortAsync(Address, Topology.S2sPort, TimeSpan.FromSeconds(20), () => process.HasExited);
        await ChildProcess.WaitForPortAsync(Address, Topology.S2sDirectTlsPort, TimeSpan.FromSeconds(20), () => process.HasExited);
    }

    public override async Task StopAsync()
    {
        if (_process is null)
            return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process = null;
        await ChildProcess.WaitForPortClosedAsync(Address, Topology.S2sPort, TimeSpan.FromSeconds(10));
    }

    public override bool Authenticated(string remote, bool incoming, bool external)
    {
        var log = Log();
        return (incoming, external) switch
        {
            (true, true) => log.Contains($"Accepting SASL EXTERNAL identity from {remote}", StringComparison.Ordinal),
            (false, true) => log.Contains($"SASL EXTERNAL with {remote} succeeded", StringComparison.Ordinal),
            (true, false) => SessionsWith(log, "s2sin", $"asking {remote} if key").Overlaps(SessionsWith(log, "s2sin", "is now authenticated for " + remote)),
            (false, false) => SessionsWith(log, "s2sout", "sent dialback key on outgoing s2s stream").Overlaps(SessionsWith(log, "s2sout", $"->{remote} is now authenticated")),
        };
    }

    // Prosody's debug log: "<time> <session id>\t<level>\t<message>"; the session ids whose lines contain text.
    private static HashSet<string> SessionsWith(string log, string prefix, string text)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in log.Split('\n'))
        {
            if (!line.Contains(text, StringComparison.Ordinal))
                continue;
            var first = line.Split('\t')[0];
            var id = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (id is not null && id.StartsWith(prefix, StringComparison.Ordinal))
                ids.Add(id);
        }
        return ids;
    }
}

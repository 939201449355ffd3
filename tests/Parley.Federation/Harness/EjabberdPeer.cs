using System.Text;

namespace Parley.Federation.Harness;

/// <summary>
/// Debian's ejabberd 23.01 with a private config, node name and distribution port, run as the ejabberd user inside
/// a private mount namespace whose /etc/hosts, resolv.conf and nsswitch.conf point at the setup's dnsmasq (its
/// A/AAAA lookups go through libc, which ignores the node's inetrc).
/// </summary>
public sealed class EjabberdPeer : Peer
{
    private readonly Topology _topology;
    private ChildProcess? _process;

    public EjabberdPeer(Topology t, PemPair certificate, string? caFile)
        : base("ejabberd", t.EjabberdDomain, t.EjabberdAddress, Path.Combine(t.Folder, "ejabberd"))
    {
        _topology = t;
        foreach (var sub in new[] { "conf", "spool", "logs", "etc" })
            Directory.CreateDirectory(Path.Combine(Folder, sub));
        File.WriteAllText(Path.Combine(Folder, "conf", "server.pem"), certificate.Combined());
        if (caFile is not null)
            File.Copy(caFile, Path.Combine(Folder, "conf", "ca.pem"), overwrite: true);
        File.WriteAllText(Path.Combine(Folder, "conf", "ejabberd.yml"), Config(caFile is not null));
        File.WriteAllText(Path.Combine(Folder, "conf", "ejabberdctl.cfg"), $"""
            ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
            ERL_DIST_PORT={t.ErlangDistPort}
            INET_DIST_INTERFACE=127.0.0.1
            ERLANG_NODE={Node}
            EJABBERD_PID_PATH={Folder}/beam.pid
            EJABBERD_BYPASS_WARNINGS=true

            """);
        File.WriteAllText(Path.Combine(Folder, "conf", "inetrc"), $$"""
            {lookup, [file, dns]}.
            {host, {127,0,0,1}, ["localhost"]}.
            {resolv_conf, ""}.
            {hosts_file, ""}.
            {nameserver, {{{t.DnsAddress.ToString().Replace('.', ',')}}}, 53}.
            {timeout, 2000}.
            {retry, 2}.

            """);
        File.WriteAllText(Path.Combine(Folder, "etc", "hosts"), "127.0.0.1 localhost\n");
        File.WriteAllText(Path.Combine(Folder, "etc", "resolv.conf"), $"nameserver {t.DnsAddress}\noptions timeout:2 attempts:2\n");
        File.WriteAllText(Path.Combine(Folder, "etc", "nsswitch.conf"), "hosts: files dns\n");
    }

    private string Node => $"fed{_topology.Name}@localhost";

    // The console output of the foreground node: the same lines as logs/ejabberd.log, but written at once (the
    // file handler writes in batches, so a line may reach the file only later).
    public override string LogFile => Path.Combine(Folder, "stdout.log");

    private string Config(bool ca)
    {
        var a = _topology.EjabberdAddress;
        var c = new StringBuilder();
        c.AppendLine($"""
            hosts: ["{Domain}"]
            loglevel: info
            log_rotate_count: 0
            certfiles: ["{Folder}/conf/server.pem"]
            s2s_use_starttls: required
            s2s_dns_timeout: 3
            s2s_dns_retries: 1
            s2s_max_retry_delay: 2
            listen:
              - {"{"}port: {Topology.C2sPort}, ip: "{a}", module: ejabberd_c2s, starttls_required: true{"}"}
              - {"{"}port: {Topology.S2sPort}, ip: "{a}", module: ejabberd_s2s_in{"}"}
            auth_method: internal
            acl: {"{"}local: {"{"}user_regexp: ""{"}"}{"}"}
            access_rules: {"{"}local: {"{"}allow: local{"}"}{"}"}
            api_permissions:
              "console commands": {"{"}from: [ejabberd_ctl], who: all, what: "*"{"}"}
            """);
        // CA setup: the peer's certificate must validate (no dialback module): only SASL EXTERNAL.
        if (ca)
            c.AppendLine($"ca_file: \"{Folder}/conf/ca.pem\"");
        c.AppendLine("""
            modules:
              mod_roster: {}
              mod_disco: {}
              mod_ping: {}
              mod_version: {}
              mod_offline: {}
            """);
        if (!ca)
            c.AppendLine("  mod_s2s_dialback: {}");
        return c.ToString();
    }

    private string Ctl(string args)
        => "setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd ejabberdctl"
           + $" --config-dir {Sh.Quote(Folder + "/conf")} --spool {Sh.Quote(Folder + "/spool")} --logs {Sh.Quote(Folder + "/logs")} --node {Node} {args}";

    public override async Task StartAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("ejabberd is already running");
        var (chown, chownOut) = await ChildProcess.RunAsync($"chown -R ejabberd:ejabberd {Sh.Quote(Folder)}", TimeSpan.FromSeconds(10));
        if (chown != 0)
            throw new InvalidOperationException("chown failed: " + chownOut);
        var etc = Folder + "/etc";
        var inner = $"mount --bind {Sh.Quote(etc + "/hosts")} /etc/hosts && mount --bind {Sh.Quote(etc + "/resolv.conf")} /etc/resolv.conf"
                    + $" && mount --bind {Sh.Quote(etc + "/nsswitch.conf")} /etc/nsswitch.conf && exec {Ctl("foreground")}";
        _process = ChildProcess.Start($"unshare --mount --propagation private sh -c {Sh.Quote(inner)}", Folder,
            Path.Combine(Folder, "stdout.log"), Path.Combine(Folder, "server.pid"));
        var process = _process;
        await ChildProcess.WaitForPortAsync(Address, Topology.C2sPort, TimeSpan.FromSeconds(60), () => process.HasExited);
        await ChildProcess.WaitForPortAsync(Address, Topology.S2sPort, TimeSpan.FromSeconds(60), () => process.HasExited);
    }

    public override async Task RegisterAsync(IReadOnlyList<string> users)
    {
        // Needs the running node; "already registered" (exit code 1) after a restart on the same spool is fine.
        foreach (var user in users)
        {
            var (code, output) = await ChildProcess.RunAsync(Ctl($"register {Sh.Quote(user)} {Sh.Quote(Domain)} {Sh.Quote(Password)}"), TimeSpan.FromSeconds(60));
            if (code != 0 && !output.Contains("already registered", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"ejabberdctl register {user} failed ({code}): {output}");
        }
    }

    public override async Task StopAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            try
            {
                await ChildProcess.RunAsync(Ctl("stop"), TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
            if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(20)))
            {
                // Last resort: the beam process by the PID ejabberd recorded, then the shell that started it.
                var beamPid = Path.Combine(Folder, "beam.pid");
                if (File.Exists(beamPid) && int.TryParse(File.ReadAllText(beamPid).Trim(), out var pid))
                    ChildProcess.Signal(pid, 9);
                await _process.StopAsync(TimeSpan.FromSeconds(5));
            }
        }
        _process = null;
        await ChildProcess.WaitForPortClosedAsync(Address, Topology.S2sPort, TimeSpan.FromSeconds(10));
    }

    public override bool Authenticated(string remote, bool incoming, bool external)
    {
        var direction = incoming ? "inbound" : "outbound";
        var method = external ? "EXTERNAL" : "dialback";
        var (from, to) = incoming ? (remote, Domain) : (Domain, remote);
        return Log().Contains($"Accepted {direction} s2s {method} authentication {from} -> {to}", StringComparison.Ordinal);
    }
}

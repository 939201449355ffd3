using System.Globalization;
using Parley.TestKit;

namespace Parley.Federation.Harness;

/// <summary>
/// Parley in-process (TestKit's <see cref="TestServer"/>): its domain's certificate from the setup, s2s on
/// 127.0.0.1 and a port peers find through the dnsmasq's SRV record, the peers reached through
/// the dnsmasq (CA setup) or static host overrides (self-signed setup), short s2s timeouts so that an unreachable
/// peer bounces quickly.
/// </summary>
public static class ParleyNode
{
    public const int ConnectTimeoutSeconds = 3;
    public const int NegotiationTimeoutSeconds = 10;

    public static Dictionary<string, string?> Settings(Topology t, PemPair certificate, string? caFile)
    {
        var d = t.ParleyDomain;
        var settings = new Dictionary<string, string?>
        {
            [$"hosts:{d}:certificate"] = certificate.CertificateFile,
            [$"hosts:{d}:key"] = certificate.KeyFile,
            ["s2s:enabled"] = "true",
            ["s2s:require_tls"] = "true",
            // CA setup: only valid certificates (SASL EXTERNAL); self-signed setup: dialback allowed.
            ["s2s:secure_auth"] = t.UseCa ? "true" : "false",
            ["s2s:use_system_trust"] = "false",
            ["s2s:connect_timeout_seconds"] = ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["s2s:negotiation_timeout_seconds"] = NegotiationTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (caFile is not null)
            settings["s2s:ca_files:0"] = caFile;
        if (t.UseCa)
        {
            // Through the setup's dnsmasq: SRV for Prosody, the A record fallback (port 5269) for ejabberd.
            settings["s2s:dns_servers:0"] = $"{t.DnsAddress}:53";
        }
        else
        {
            // Static host overrides, no DNS at all.
            settings[$"s2s:host_overrides:{t.ProsodyDomain}"] = $"{t.ProsodyAddress}:{Topology.S2sPort}";
            settings[$"s2s:host_overrides:{t.EjabberdDomain}"] = $"{t.EjabberdAddress}:{Topology.S2sPort}";
        }
        return settings;
    }

    /// <summary>
    /// Starts Parley with s2s on 127.0.0.1 and a port below the ephemeral range (TestKit's choice, so that the
    /// dnsmasq can publish it before the peers start); another port is tried if that one was taken meanwhile.
    /// </summary>
    public static async Task<TestServer> StartAsync(Topology t, PemPair certificate, string? caFile, IEnumerable<string> users)
    {
        for (var attempt = 1; ; attempt++)
        {
            TestServer server;
            try
            {
                server = await TestServer.StartAsync(Settings(t, certificate, caFile), s2sPort: TestServer.FreeLoopbackPort());
            }
            catch (IOException) when (attempt < 5)
            {
                continue;
            }
            foreach (var user in users)
                await server.AddUserAsync(user, Peer.Password);
            return server;
        }
    }
}

using System.Globalization;
using Parley.TestKit;

namespace Parley.Federation.Harness;

/// <summary>
/// Parley in-process (TestKit's <see cref="TestServer"/>): its domain's certificate from the setup, s2s on the
/// setup's Parley address and port 5269 (peers find it through the dnsmasq's SRV record), the peers reached through
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
            ["s2s:addresses:0"] = t.ParleyAddress.ToString(),
            ["s2s:port"] = Topology.S2sPort.ToString(CultureInfo.InvariantCulture),
            ["s2s:direct_tls_port"] = "0",
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

    public static async Task<TestServer> StartAsync(Topology t, PemPair certificate, string? caFile, IEnumerable<string> users)
    {
        var server = await TestServer.StartAsync(Settings(t, certificate, caFile));
        foreach (var user in users)
            await server.AddUserAsync(user, Peer.Password);
        return server;
    }
}

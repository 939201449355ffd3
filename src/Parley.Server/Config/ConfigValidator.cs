using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Protocol;

namespace Parley.Server.Config;

/// <summary>Start-up validation: every message names the key, so an admin can find it in parley.toml.</summary>
public static class ConfigValidator
{
    public static List<string> Validate(ParleyOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
                errors.Add(message);
        }

        foreach (var (name, host) in o.Hosts)
        {
            Check(Jid.TryNormalizeDomain(name, out _),
                $"hosts.\"{name}\": not a valid domain name");
            Check((host.Certificate is null) == (host.Key is null),
                $"hosts.\"{name}\": certificate and key must be given together");
            if (host.Certificate is not null)
                Check(File.Exists(host.Certificate), $"hosts.\"{name}\".certificate: file not found: {host.Certificate}");
            if (host.Key is not null)
                Check(File.Exists(host.Key), $"hosts.\"{name}\".key: file not found: {host.Key}");
        }
        foreach (var address in o.C2s.Addresses)
            Check(IPAddress.TryParse(address, out _), $"c2s.addresses: '{address}' is not an IP address");
        Check(o.C2s.Port is >= 0 and <= 65535, "c2s.port: must be 0..65535 (0 disables)");
        Check(o.C2s.DirectTlsPort is >= 0 and <= 65535, "c2s.direct_tls_port: must be 0..65535 (0 disables)");
        Check(o.C2s.Port == 0 || o.C2s.Port != o.C2s.DirectTlsPort, "c2s.port and c2s.direct_tls_port: must differ");
        Check(o.C2s.ResourceConflict is "replace" or "refuse", "c2s.resource_conflict: must be \"replace\" or \"refuse\"");
        Check(o.C2s.IdleTimeoutSeconds > 0, "c2s.idle_timeout_seconds: must be positive");
        Check(o.C2s.NegotiationTimeoutSeconds > 0, "c2s.negotiation_timeout_seconds: must be positive");
        Check(o.C2s.MaxConnectionsPerIp >= 0, "c2s.max_connections_per_ip: must be 0 (no limit) or positive");
        foreach (var address in o.S2s.Addresses)
            Check(IPAddress.TryParse(address, out _), $"s2s.addresses: '{address}' is not an IP address");
        Check(o.S2s.Port is >= 0 and <= 65535, "s2s.port: must be 0..65535 (0 disables)");
        Check(o.S2s.DirectTlsPort is >= 0 and <= 65535, "s2s.direct_tls_port: must be 0..65535 (0 disables)");
        Check(o.S2s.Port == 0 || o.S2s.Port != o.S2s.DirectTlsPort, "s2s.port and s2s.direct_tls_port: must differ");
        foreach (var domain in o.S2s.SecureDomains)
            Check(Jid.TryNormalizeDomain(domain, out _), $"s2s.secure_domains: '{domain}' is not a valid domain name");
        foreach (var domain in o.S2s.InsecureDomains)
            Check(Jid.TryNormalizeDomain(domain, out _), $"s2s.insecure_domains: '{domain}' is not a valid domain name");
        foreach (var file in o.S2s.CaFiles)
            Check(File.Exists(file), $"s2s.ca_files: file not found: {file}");
        foreach (var server in o.S2s.DnsServers)
            Check(IPEndPoint.TryParse(server, out _), $"s2s.dns_servers: '{server}' is not an IP address (optionally with :port)");
        foreach (var (domain, target) in o.S2s.HostOverrides)
        {
            Check(Jid.TryNormalizeDomain(domain, out _), $"s2s.host_overrides.\"{domain}\": not a valid domain name");
            Check(HostPort.TryParse(target, out _), $"s2s.host_overrides.\"{domain}\": '{target}' is not host:port");
        }
        Check(o.S2s.ConnectTimeoutSeconds > 0, "s2s.connect_timeout_seconds: must be positive");
        Check(o.S2s.NegotiationTimeoutSeconds > 0, "s2s.negotiation_timeout_seconds: must be positive");
        Check(o.S2s.IdleTimeoutSeconds > 0, "s2s.idle_timeout_seconds: must be positive");
        Check(o.S2s.Queue is >= 1 and <= 100_000, "s2s.queue: must be 1..100000");
        Check(o.S2s.MaxConnectionsPerIp >= 0, "s2s.max_connections_per_ip: must be 0 (no limit) or positive");
        Check(o.Limits.MaxStanzaBytes >= 10_000, "limits.max_stanza_bytes: must be at least 10000 (RFC 6120 §13.12)");
        Check(o.Limits.MaxStanzaBytesUnauthenticated >= 4096, "limits.max_stanza_bytes_unauthenticated: must be at least 4096");
        Check(o.Limits.MaxDepth is >= 4 and <= 1000, "limits.max_depth: must be 4..1000");
        Check(o.Limits.MaxAttributes is >= 8 and <= 10_000, "limits.max_attributes: must be 8..10000");
        Check(o.Limits.MaxNamespaceDeclarations is >= 4 and <= 10_000, "limits.max_namespace_declarations: must be 4..10000");
        Check(o.Limits.SessionQueue >= 16, "limits.session_queue: must be at least 16");
        Check(o.Limits.C2sReadBytesPerSecond >= 0, "limits.c2s_read_bytes_per_second: must be 0 (no limit) or positive");
        Check(o.Limits.C2sReadBurstBytes >= 0, "limits.c2s_read_burst_bytes: must be 0 (one second's worth) or positive");
        Check(o.Limits.S2sReadBytesPerSecond >= 0, "limits.s2s_read_bytes_per_second: must be 0 (no limit) or positive");
        Check(o.Limits.S2sReadBurstBytes >= 0, "limits.s2s_read_burst_bytes: must be 0 (one second's worth) or positive");
        Check(o.Sasl.ScramIterations is >= 4096 and <= 10_000_000, "sasl.scram_iterations: must be 4096..10000000 (RFC 7677 §4)");
        Check(o.Sasl.FailuresPerIpPerMinute > 0, "sasl.failures_per_ip_per_minute: must be positive");
        Check(o.Sasl.FailuresPerAccountPerMinute > 0, "sasl.failures_per_account_per_minute: must be positive");
        Check(o.Sasl.MaxAttemptsPerStream > 0, "sasl.max_attempts_per_stream: must be positive");
        Check(o.Storage.Driver == "sqlite", $"storage.driver: '{o.Storage.Driver}' is not supported (supported: sqlite)");
        Check(o.Storage.Path.Length > 0, "storage.path: must not be empty");
        // sockaddr_un holds 108 bytes on Linux (104 on the BSDs and macOS), the terminating NUL included.
        if (o.AdminSocketPath is { } admin)
            Check(System.Text.Encoding.UTF8.GetByteCount(admin) < 104, $"admin.socket: the path {admin} is too long for a Unix socket (at most 103 bytes)");
        Check(Enum.TryParse<LogLevel>(o.Logging.Level, ignoreCase: true, out _),
            $"logging.level: '{o.Logging.Level}' is not one of {string.Join(", ", Enum.GetNames<LogLevel>())}");
        return errors;
    }
}

using Microsoft.Extensions.Configuration;

namespace Parley.Server.Config;

// The whole configuration file, bound from IConfiguration. Keys are snake_case as written in parley.toml;
// every option here is documented in docs/admin.md and the example config.
public sealed class ParleyOptions
{
    [ConfigurationKeyName("data_dir")]
    public string DataDir { get; set; } = "./data";

    /// <summary>Virtual hosts by domain. Empty means the embedded default: one host, <c>localhost</c>.</summary>
    [ConfigurationKeyName("hosts")]
    public Dictionary<string, VirtualHostOptions> Hosts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [ConfigurationKeyName("c2s")]
    public C2sOptions C2s { get; set; } = new();

    [ConfigurationKeyName("s2s")]
    public S2sOptions S2s { get; set; } = new();

    [ConfigurationKeyName("limits")]
    public LimitOptions Limits { get; set; } = new();

    [ConfigurationKeyName("sasl")]
    public SaslOptions Sasl { get; set; } = new();

    [ConfigurationKeyName("storage")]
    public StorageOptions Storage { get; set; } = new();

    [ConfigurationKeyName("logging")]
    public LoggingOptions Logging { get; set; } = new();

    [ConfigurationKeyName("modules")]
    public ModulesOptions Modules { get; set; } = new();

    [ConfigurationKeyName("admin")]
    public AdminOptions Admin { get; set; } = new();

    /// <summary>The admin socket's full path, or null when it is turned off.</summary>
    public string? AdminSocketPath => Admin.Socket.Length == 0 ? null : Path.GetFullPath(Admin.Socket, DataDir);
}

public sealed class AdminOptions
{
    /// <summary>
    /// The Unix domain socket for local admin commands (parley announce, deluser on a running server), relative to
    /// data_dir; empty turns it off.
    /// </summary>
    [ConfigurationKeyName("socket")]
    public string Socket { get; set; } = "admin.sock";
}

public sealed class VirtualHostOptions
{
    /// <summary>PEM certificate (chain) file; relative paths are relative to the config file.</summary>
    [ConfigurationKeyName("certificate")]
    public string? Certificate { get; set; }

    [ConfigurationKeyName("key")]
    public string? Key { get; set; }
}

public sealed class C2sOptions
{
    [ConfigurationKeyName("addresses")]
    public List<string> Addresses { get; set; } = [];

    /// <summary>STARTTLS port (RFC 6120); 0 disables the listener.</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 5222;

    /// <summary>Direct TLS port (XEP-0368); 0 disables the listener.</summary>
    [ConfigurationKeyName("direct_tls_port")]
    public int DirectTlsPort { get; set; } = 5223;

    /// <summary>Plaintext c2s is for loopback testing only.</summary>
    [ConfigurationKeyName("require_tls")]
    public bool RequireTls { get; set; } = true;

    /// <summary>What binding a resource that is already online does: "replace" the old session or "refuse" the new.</summary>
    [ConfigurationKeyName("resource_conflict")]
    public string ResourceConflict { get; set; } = "replace";

    [ConfigurationKeyName("idle_timeout_seconds")]
    public int IdleTimeoutSeconds { get; set; } = 600;

    [ConfigurationKeyName("negotiation_timeout_seconds")]
    public int NegotiationTimeoutSeconds { get; set; } = 60;

    [ConfigurationKeyName("max_connections_per_ip")]
    public int MaxConnectionsPerIp { get; set; } = 0;
}

/// <summary>
/// Server-to-server (federation). The defaults follow what Prosody 0.12 and ejabberd 23.01 ship with: TLS required
/// on every s2s stream, a valid certificate gives SASL EXTERNAL (XEP-0178), a peer whose certificate does not
/// validate may still authenticate with Server Dialback (XEP-0220) unless <see cref="SecureAuth"/> says no.
/// </summary>
public sealed class S2sOptions
{
    /// <summary>False turns federation off: remote domains bounce with remote-server-not-found.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Addresses to listen on; empty means every IPv4 and IPv6 address.</summary>
    [ConfigurationKeyName("addresses")]
    public List<string> Addresses { get; set; } = [];

    /// <summary>STARTTLS port (RFC 6120); 0 disables the listener (outgoing connections still work).</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 5269;

    /// <summary>Direct TLS port (XEP-0368); 0 disables the listener.</summary>
    [ConfigurationKeyName("direct_tls_port")]
    public int DirectTlsPort { get; set; } = 5270;

    /// <summary>Refuse s2s streams without TLS, both directions (Prosody's s2s_require_encryption).</summary>
    [ConfigurationKeyName("require_tls")]
    public bool RequireTls { get; set; } = true;

    /// <summary>Require a valid certificate from every peer: no dialback (Prosody's s2s_secure_auth).</summary>
    [ConfigurationKeyName("secure_auth")]
    public bool SecureAuth { get; set; } = false;

    /// <summary>Domains that must present a valid certificate even when secure_auth is false.</summary>
    [ConfigurationKeyName("secure_domains")]
    public List<string> SecureDomains { get; set; } = [];

    /// <summary>Domains allowed to use dialback even when secure_auth is true.</summary>
    [ConfigurationKeyName("insecure_domains")]
    public List<string> InsecureDomains { get; set; } = [];

    /// <summary>Extra trusted CA certificates (PEM files, relative to the config file), next to the system trust store.</summary>
    [ConfigurationKeyName("ca_files")]
    public List<string> CaFiles { get; set; } = [];

    /// <summary>Trust the operating system's CA store for peer certificates.</summary>
    [ConfigurationKeyName("use_system_trust")]
    public bool UseSystemTrust { get; set; } = true;

    /// <summary>
    /// DNS servers ("ip" or "ip:port") for SRV and address lookups of peers; empty means the system's resolver.
    /// </summary>
    [ConfigurationKeyName("dns_servers")]
    public List<string> DnsServers { get; set; } = [];

    /// <summary>
    /// Static host overrides: remote domain → "host:port" (host a name or an IP address; IPv6 in brackets). An
    /// overridden domain is never looked up in DNS SRV: for private networks and tests.
    /// </summary>
    [ConfigurationKeyName("host_overrides")]
    public Dictionary<string, string> HostOverrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Time allowed for one outgoing TCP connection attempt.</summary>
    [ConfigurationKeyName("connect_timeout_seconds")]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Time allowed from connecting to an authenticated stream; stanzas queued for it bounce after it.</summary>
    [ConfigurationKeyName("negotiation_timeout_seconds")]
    public int NegotiationTimeoutSeconds { get; set; } = 30;

    /// <summary>An s2s stream with no traffic either way for this long is closed cleanly.</summary>
    [ConfigurationKeyName("idle_timeout_seconds")]
    public int IdleTimeoutSeconds { get; set; } = 600;

    /// <summary>Stanzas queued per remote domain while its connection is being set up; beyond it they bounce.</summary>
    [ConfigurationKeyName("queue")]
    public int Queue { get; set; } = 512;
}

public sealed class LimitOptions
{
    [ConfigurationKeyName("max_stanza_bytes")]
    public int MaxStanzaBytes { get; set; } = 256 * 1024;

    [ConfigurationKeyName("max_stanza_bytes_unauthenticated")]
    public int MaxStanzaBytesUnauthenticated { get; set; } = 16 * 1024;

    [ConfigurationKeyName("max_depth")]
    public int MaxDepth { get; set; } = 64;

    [ConfigurationKeyName("max_attributes")]
    public int MaxAttributes { get; set; } = 64;

    [ConfigurationKeyName("max_namespace_declarations")]
    public int MaxNamespaceDeclarations { get; set; } = 32;

    /// <summary>Stanzas waiting for a slow reader before its session is closed with policy-violation.</summary>
    [ConfigurationKeyName("session_queue")]
    public int SessionQueue { get; set; } = 2048;
}

public sealed class SaslOptions
{
    [ConfigurationKeyName("scram_iterations")]
    public int ScramIterations { get; set; } = 10000;

    /// <summary>
    /// Offer SCRAM-*-PLUS with tls-server-end-point (RFC 5929) and announce it (XEP-0440). Turn off only for
    /// clients that insist on tls-unique over TLS 1.3 and then refuse to log in (see docs/admin.md).
    /// </summary>
    [ConfigurationKeyName("channel_binding")]
    public bool ChannelBinding { get; set; } = true;

    [ConfigurationKeyName("allow_plain")]
    public bool AllowPlain { get; set; } = true;

    /// <summary>Failed authentications allowed per client IP per minute.</summary>
    [ConfigurationKeyName("failures_per_ip_per_minute")]
    public int FailuresPerIpPerMinute { get; set; } = 10;

    /// <summary>Failed authentications allowed per account per minute.</summary>
    [ConfigurationKeyName("failures_per_account_per_minute")]
    public int FailuresPerAccountPerMinute { get; set; } = 5;

    /// <summary>Attempts on one stream before it is closed (RFC 6120 §6.4.5).</summary>
    [ConfigurationKeyName("max_attempts_per_stream")]
    public int MaxAttemptsPerStream { get; set; } = 3;
}

public sealed class StorageOptions
{
    [ConfigurationKeyName("driver")]
    public string Driver { get; set; } = "sqlite";

    /// <summary>SQLite database file; relative to data_dir.</summary>
    [ConfigurationKeyName("path")]
    public string Path { get; set; } = "parley.db";
}

public sealed class LoggingOptions
{
    [ConfigurationKeyName("level")]
    public string Level { get; set; } = "Information";
}

public sealed class ModulesOptions
{
    /// <summary>Modules to leave out, by name (see docs/xeps.md).</summary>
    [ConfigurationKeyName("disabled")]
    public List<string> Disabled { get; set; } = [];
}

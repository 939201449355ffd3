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

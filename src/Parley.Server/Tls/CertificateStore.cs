using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Parley.Server.Config;

namespace Parley.Server.Tls;

/// <summary>
/// One certificate per virtual host, picked by SNI. Hosts without a configured certificate get a self-signed one,
/// made once and kept in the data folder, so a first start needs no set-up.
/// </summary>
public sealed partial class CertificateStore
{
    private readonly Dictionary<string, Entry> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _defaultHost;

    private sealed record Entry(X509Certificate2 Certificate, SslStreamCertificateContext Context);

    public CertificateStore(ParleyOptions options, ILogger<CertificateStore> logger)
    {
        _defaultHost = options.Hosts.Keys.First();
        foreach (var (host, hostOptions) in options.Hosts)
        {
            X509Certificate2 certificate;
            X509Certificate2Collection? intermediates = null;
            if (hostOptions.Certificate is not null && hostOptions.Key is not null)
            {
                certificate = Load(hostOptions.Certificate, hostOptions.Key);
                intermediates = Intermediates(hostOptions.Certificate);
                LogLoaded(logger, host, hostOptions.Certificate, certificate.NotAfter);
            }
            else
            {
                var folder = Path.Combine(options.DataDir, "certs");
                var certPath = Path.Combine(folder, host + ".crt");
                var keyPath = Path.Combine(folder, host + ".key");
                if (!File.Exists(certPath) || !File.Exists(keyPath))
                {
                    SelfSigned.Write(host, certPath, keyPath);
                    LogGenerated(logger, host, certPath);
                }
                certificate = Load(certPath, keyPath);
                LogSelfSigned(logger, host, certPath);
            }
            // The chain file's other certificates go out in the handshake: peers and clients rarely have them.
            _byHost[host] = new Entry(certificate, SslStreamCertificateContext.Create(certificate, intermediates, offline: true));
        }
    }

    public X509Certificate2 CertificateFor(string host) => Find(host).Certificate;

    /// <summary>TLS 1.2 and 1.3 only, no renegotiation, the certificate of <paramref name="host"/>.</summary>
    public SslServerAuthenticationOptions ServerOptions(string? host) => new()
    {
        ServerCertificateContext = Find(host).Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        AllowRenegotiation = false,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>
    /// The certificate (with its chain) of <paramref name="host"/> for TLS where the options are built elsewhere:
    /// s2s presents it as server certificate and, on outgoing streams, as client certificate (XEP-0178).
    /// </summary>
    public SslStreamCertificateContext ContextFor(string? host) => Find(host).Context;

    /// <summary>The host whose certificate serves a TLS client hello: SNI when it names one of ours.</summary>
    public string SelectHost(string? sni, string? fallback)
        => sni is not null && _byHost.ContainsKey(sni) ? sni.ToLowerInvariant() : fallback ?? _defaultHost;

    private Entry Find(string? host) => host is not null && _byHost.TryGetValue(host, out var e) ? e : _byHost[_defaultHost];

    private static X509Certificate2 Load(string certPath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new ConfigException($"cannot load certificate {certPath} with key {keyPath}: {e.Message}");
        }
    }

    // Everything after the leaf in a PEM chain file (fullchain.pem: the leaf, then its intermediates).
    private static X509Certificate2Collection Intermediates(string certPath)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certPath);
        if (all.Count > 0)
            all.RemoveAt(0);
        return all;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: certificate {Path}, valid until {NotAfter:u}")]
    private static partial void LogLoaded(ILogger logger, string host, string path, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: no certificate configured; generated a self-signed one at {Path}")]
    private static partial void LogGenerated(ILogger logger, string host, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: using the self-signed certificate {Path}; clients will warn and federation will need dialback. Configure hosts.\"{Host}\".certificate and key for a real one")]
    private static partial void LogSelfSigned(ILogger logger, string host, string path);
}

using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Load.Client;

internal enum TlsMode
{
    StartTls,
    Direct,
}

/// <summary>How every client connection of a run reaches and authenticates with the server under test.</summary>
internal sealed record ClientOptions
{
    public required IPEndPoint Server { get; init; }

    /// <summary>The virtual host: the stream's 'to', the TLS server name and the domain of every account.</summary>
    public required string Host { get; init; }

    public TlsMode Tls { get; init; } = TlsMode.StartTls;

    public string Mechanism { get; init; } = "SCRAM-SHA-256";

    public string Password { get; init; } = "bench-password";

    public string UserPrefix { get; init; } = "u";

    /// <summary>Source addresses, used round-robin, so that more connections fit than one address has ports.</summary>
    public IReadOnlyList<IPAddress> Sources { get; init; } = [IPAddress.Loopback];

    /// <summary>The certificate the server must present (every server gets the same one); null accepts any.</summary>
    public X509Certificate2? PinnedCertificate { get; init; }

    /// <summary>
    /// Chain building with the pinned certificate as its own trust anchor and nothing fetched: the default policy
    /// looks through the system store on every handshake, which costs the generator more than the check is worth.
    /// </summary>
    public X509ChainPolicy? ChainPolicy => _chainPolicy ??= PinnedCertificate is null ? null : new X509ChainPolicy
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { PinnedCertificate },
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };

    private X509ChainPolicy? _chainPolicy;

    public bool SendInitialPresence { get; init; } = true;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Username(int index) => UserPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

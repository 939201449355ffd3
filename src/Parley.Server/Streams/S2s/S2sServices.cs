using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Server.Config;
using Parley.Server.Federation;
using Parley.Server.Hosting;
using Parley.Server.Routing;
using Parley.Server.Tls;

namespace Parley.Server.Streams.S2s;

/// <summary>What every server-to-server stream needs, gathered once.</summary>
internal sealed class S2sServices(
    ParleyOptions options,
    LocalHosts hosts,
    CertificateStore certificates,
    DialbackKeys keys,
    S2sPolicy policy,
    IServiceProvider services,
    ILoggerFactory loggerFactory)
{
    // Resolved on first use: the router needs the s2s manager and the manager needs the router, and the
    // resolver and validator come from the federation lookup services (registered by the composition root).
    private readonly Lazy<IRouter> _router = new(services.GetRequiredService<IRouter>);
    private readonly Lazy<IS2sResolver> _resolver = new(services.GetRequiredService<IS2sResolver>);
    private readonly Lazy<IPeerCertificateValidator> _validator = new(() =>
        services.GetService<IPeerCertificateValidator>() ?? new NoCertificateValidator());
    private readonly Lazy<S2sManager> _manager = new(services.GetRequiredService<S2sManager>);
    // CLI verbs build the router (and so this) without a host; only running streams need the lifetime.
    private readonly Lazy<IHostApplicationLifetime> _lifetime = new(services.GetRequiredService<IHostApplicationLifetime>);

    public ParleyOptions Options => options;
    public S2sOptions S2s => options.S2s;
    public LocalHosts Hosts => hosts;
    public CertificateStore Certificates => certificates;
    public DialbackKeys Keys => keys;
    public S2sPolicy Policy => policy;
    public IRouter Router => _router.Value;
    public IS2sResolver Resolver => _resolver.Value;
    public IPeerCertificateValidator Validator => _validator.Value;
    public S2sManager Manager => _manager.Value;
    public IHostApplicationLifetime Lifetime => _lifetime.Value;
    public ILogger Logger { get; } = loggerFactory.CreateLogger("Parley.S2s");

    public Xml.XmlLimits UnauthenticatedLimits { get; } = Limits(options, options.Limits.MaxStanzaBytesUnauthenticated);

    public Xml.XmlLimits AuthenticatedLimits { get; } = Limits(options, options.Limits.MaxStanzaBytes);

    private static Xml.XmlLimits Limits(ParleyOptions o, int stanzaBytes) => new()
    {
        MaxStanzaBytes = stanzaBytes,
        MaxDepth = o.Limits.MaxDepth,
        MaxAttributes = o.Limits.MaxAttributes,
        MaxNamespaceDeclarations = o.Limits.MaxNamespaceDeclarations,
    };

    /// <summary>Without a validator registered no certificate authenticates anyone: dialback only.</summary>
    private sealed class NoCertificateValidator : IPeerCertificateValidator
    {
        public PeerCertificateResult Validate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
            System.Security.Cryptography.X509Certificates.X509Certificate2Collection? presentedChain, string domain)
            => new(PeerCertificateStatus.Untrusted, "no certificate validator configured");
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Server.Config;
using Parley.Server.Events;
using Parley.Server.Hosting;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sasl;
using Parley.Server.Sessions;
using Parley.Server.Storage;
using Parley.Server.Tls;

namespace Parley.Server.Streams.C2s;

/// <summary>What every client stream needs, gathered once so a stream costs one reference to it.</summary>
internal sealed class C2sServices(
    ParleyOptions options,
    LocalHosts hosts,
    CertificateStore certificates,
    IUserStore users,
    ISessionDirectory directory,
    LocalSessionRegistry localSessions,
    ModuleHost modules,
    IRouter router,
    EventBus events,
    AuthThrottle throttle,
    Connections.ReadRateLimits readLimits,
    ServerSecret secret,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    public ParleyOptions Options => options;
    public LocalHosts Hosts => hosts;
    public CertificateStore Certificates => certificates;
    public IUserStore Users => users;
    public ISessionDirectory Directory => directory;
    public LocalSessionRegistry LocalSessions => localSessions;
    public ModuleHost Modules => modules;
    public IRouter Router => router;
    public EventBus Events => events;
    public AuthThrottle Throttle => throttle;
    public Connections.ReadRateLimits ReadLimits => readLimits;
    public byte[] Secret => secret.Value;
    public IHostApplicationLifetime Lifetime => lifetime;
    public ILogger Logger { get; } = loggerFactory.CreateLogger("Parley.C2s");

    public Xml.XmlLimits UnauthenticatedLimits { get; } = Limits(options, options.Limits.MaxStanzaBytesUnauthenticated);

    public Xml.XmlLimits AuthenticatedLimits { get; } = Limits(options, options.Limits.MaxStanzaBytes);

    public ResourceConflictPolicy ConflictPolicy { get; } =
        options.C2s.ResourceConflict == "refuse" ? ResourceConflictPolicy.Refuse : ResourceConflictPolicy.Replace;

    private static Xml.XmlLimits Limits(ParleyOptions o, int stanzaBytes) => new()
    {
        MaxStanzaBytes = stanzaBytes,
        MaxDepth = o.Limits.MaxDepth,
        MaxAttributes = o.Limits.MaxAttributes,
        MaxNamespaceDeclarations = o.Limits.MaxNamespaceDeclarations,
    };
}

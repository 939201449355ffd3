using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Caps;

/// <summary>
/// XEP-0115: the server's entity capabilities as a stream feature (§6.3), so a client that has cached the
/// verification string skips the disco#info query at every login.
/// </summary>
public sealed class CapsModule : IModule
{
    public ModuleInfo Info { get; } = new("caps", "Tells clients the server's capabilities in its stream features",
        Spec.Xep(115, "Entity Capabilities", "1.6.0", "partial", "the server's own caps in stream features; caps optimization is not offered"));

    public void Configure(IModuleBuilder module)
    {
        var features = module.Services.GetRequiredService<FeatureRegistry>();
        // §8: an entity that supports caps says so in disco#info.
        module.Feature(EntityCapabilities.Namespace);
        // The verification string covers what every module declared, so it is known only once all are loaded;
        // built on the first stream that asks, then the same element for every stream.
        var element = new Lazy<Element>(() => X.E("c", EntityCapabilities.Namespace, X.A("hash", "sha-1"),
            X.A("node", EntityCapabilities.Node), X.A("ver", features.CapsVersion)));
        module.StreamFeature(_ => element.Value);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Disco;

/// <summary>XEP-0030: disco#info of the server built from what every module declares; disco#items (none yet).</summary>
public sealed class DiscoModule : IModule
{
    public ModuleInfo Info { get; } = new("disco", "Service discovery of the server",
        Spec.Xep(30, "Service Discovery", "2.5rc3", "partial", "server info and items; account info comes with the IM work"));

    public void Configure(IModuleBuilder module)
    {
        module.Identity("server", "im", "Parley");
        module.Feature(Namespaces.DiscoInfo);
        module.Feature(Namespaces.DiscoItems);
        module.Iq<DiscoInfoQuery>(IqType.Get, Addressed.Host, request =>
        {
            // Nodes are not served yet (XEP-0030 §3.2: item-not-found for an unknown node).
            if (request.Payload.Node is not null)
                return ValueTask.FromResult(request.Error(StanzaErrorCondition.ItemNotFound));
            var features = request.Services.GetRequiredService<FeatureRegistry>();
            var query = X.E("query", Namespaces.DiscoInfo,
                features.Identities.Select(i => X.E("identity", Namespaces.DiscoInfo,
                    X.A("category", i.Category), X.A("type", i.Type), X.A("name", i.Name))),
                features.Features.Select(f => X.E("feature", Namespaces.DiscoInfo, X.A("var", f))));
            return ValueTask.FromResult(request.Result(query));
        });
        module.Iq<DiscoItemsQuery>(IqType.Get, Addressed.Host, request =>
        {
            if (request.Payload.Node is not null)
                return ValueTask.FromResult(request.Error(StanzaErrorCondition.ItemNotFound));
            return ValueTask.FromResult(request.Result(X.E("query", Namespaces.DiscoItems)));
        });
    }
}

public sealed record DiscoInfoQuery(string? Node) : IPayload<DiscoInfoQuery>
{
    public static string ElementName => "query";

    public static string Namespace => Namespaces.DiscoInfo;

    public static DiscoInfoQuery? Parse(Element element) => new(element.Attribute("node"));
}

public sealed record DiscoItemsQuery(string? Node) : IPayload<DiscoItemsQuery>
{
    public static string ElementName => "query";

    public static string Namespace => Namespaces.DiscoItems;

    public static DiscoItemsQuery? Parse(Element element) => new(element.Attribute("node"));
}

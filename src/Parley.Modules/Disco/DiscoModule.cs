using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Presence;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Disco;

/// <summary>
/// XEP-0030: disco#info of the server built from what every module declares, disco#items (none yet), and the
/// answers the server gives for its accounts (§3.1, §4.1), to those allowed to see the account's presence (§8).
/// </summary>
public sealed class DiscoModule : IModule
{
    public ModuleInfo Info { get; } = new("disco", "Service discovery of the server",
        Spec.Xep(30, "Service Discovery", "2.5rc3", "partial", "server info and items, account info and items; the one node is the caps node#ver (XEP-0115)"),
        Spec.Xep(128, "Service Discovery Extensions", "1.0", notes: "forms that modules declare, in the server's disco#info"));

    public void Configure(IModuleBuilder module)
    {
        module.Identity("server", "im", "Parley");
        module.Feature(Namespaces.DiscoInfo);
        module.Feature(Namespaces.DiscoItems);
        module.Iq<DiscoInfoQuery>(IqType.Get, Addressed.Host, request =>
        {
            var features = request.Services.GetRequiredService<FeatureRegistry>();
            // The one node served is the caps node#ver, whose info is the server's own (XEP-0115 §6.2); any other
            // is unknown (XEP-0030 §3.2: item-not-found). The answer repeats the node it was asked about.
            var node = request.Payload.Node;
            if (node is not null && node != EntityCapabilities.Node + "#" + features.CapsVersion)
                return ValueTask.FromResult(request.Error(StanzaErrorCondition.ItemNotFound));
            var query = X.E("query", Namespaces.DiscoInfo, X.A("node", node),
                features.Identities.Select(i => X.E("identity", Namespaces.DiscoInfo,
                    X.A("category", i.Category), X.A("type", i.Type), X.A("name", i.Name))),
                features.Features.Select(f => X.E("feature", Namespaces.DiscoInfo, X.A("var", f))),
                features.Extensions.Select(ExtensionForm));
            return ValueTask.FromResult(request.Result(query));
        });
        module.Iq<DiscoItemsQuery>(IqType.Get, Addressed.Host, request =>
        {
            if (request.Payload.Node is not null)
                return ValueTask.FromResult(request.Error(StanzaErrorCondition.ItemNotFound));
            return ValueTask.FromResult(request.Result(X.E("query", Namespaces.DiscoItems)));
        });

        var presence = module.Services.GetRequiredService<IPresenceState>();
        module.Iq<DiscoInfoQuery>(IqType.Get, Addressed.Account, async request =>
        {
            // §8: service-unavailable unless the requester may see the account's presence (the account itself, or a
            // contact subscribed to it), so that the answer does not tell strangers which accounts exist.
            if (!await presence.MaySeeAsync(request.To, request.From))
                return request.Error(StanzaErrorCondition.ServiceUnavailable);
            if (request.Payload.Node is not null)
                return request.Error(StanzaErrorCondition.ItemNotFound);
            // §3.1: the primary identity of an account is account/registered.
            return request.Result(X.E("query", Namespaces.DiscoInfo,
                X.E("identity", Namespaces.DiscoInfo, X.A("category", "account"), X.A("type", "registered")),
                X.E("feature", Namespaces.DiscoInfo, X.A("var", Namespaces.DiscoInfo)),
                X.E("feature", Namespaces.DiscoInfo, X.A("var", Namespaces.DiscoItems))));
        });
        module.Iq<DiscoItemsQuery>(IqType.Get, Addressed.Account, async request =>
        {
            // §4.1 and §8: the available resources, to those who may see them; an empty list to anyone else.
            if (request.Payload.Node is not null || !await presence.MaySeeAsync(request.To, request.From))
                return request.Result(X.E("query", Namespaces.DiscoItems, X.A("node", request.Payload.Node)));
            var available = await presence.GetAvailableAsync(request.To);
            return request.Result(X.E("query", Namespaces.DiscoItems,
                available.Select(p => X.E("item", Namespaces.DiscoItems, X.A("jid", p.Attribute("from"))))));
        });
    }

    /// <summary>
    /// XEP-0128 §2: a data form of type result, its FORM_TYPE a hidden field (XEP-0068), each piece of
    /// information a field with one value element per value.
    /// </summary>
    private static Element ExtensionForm(DiscoExtensionForm form) => X.E("x", Namespaces.DataForms, X.A("type", "result"),
        X.E("field", Namespaces.DataForms, X.A("var", "FORM_TYPE"), X.A("type", "hidden"),
            X.E("value", Namespaces.DataForms, form.FormType)),
        form.Fields.Select(f => X.E("field", Namespaces.DataForms, X.A("var", f.Var), X.A("type", f.Type),
            f.Values.Select(v => X.E("value", Namespaces.DataForms, v)))));
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

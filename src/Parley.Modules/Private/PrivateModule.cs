using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Private;

/// <summary>XEP-0049: a user keeps arbitrary XML on the server, readable and writable only by the account itself.</summary>
public sealed class PrivateModule : IModule
{
    public ModuleInfo Info { get; } = new("private", "Private XML storage for each account",
        Spec.Xep(49, "Private XML Storage", "1.2"));

    public void Configure(IModuleBuilder module)
    {
        var options = module.Options<PrivateOptions>();
        if (options.MaxBytes <= 0)
            throw new ConfigException("modules.private.max_bytes: must be positive");
        var store = module.Services.GetRequiredService<IPrivateXmlStore>();

        // XEP-0049 defines no disco feature; clients simply try it.
        module.Iq<PrivateQuery>(IqType.Get, Addressed.Account, async request =>
        {
            if (Refuse(request) is { } refused)
                return refused;
            var items = request.Payload.Items;
            // §2.3: a client MUST NOT ask for more than one namespace in one get.
            if (items.Any(i => i.Namespace != items[0].Namespace))
                return request.Error(StanzaErrorCondition.BadRequest, "one namespace per request");
            var answer = new List<Element>(items.Count);
            foreach (var item in items)
            {
                // Nothing stored is answered with the element as asked for, empty: there is simply no data yet.
                var stored = await store.GetAsync(request.To.Domain, request.To.Local!, item.Name, item.Namespace);
                answer.Add(stored ?? new Element(item.Name, item.Namespace));
            }
            return request.Result(X.E("query", Namespaces.PrivateStorage, answer));
        });

        module.Iq<PrivateQuery>(IqType.Set, Addressed.Account, async request =>
        {
            if (Refuse(request) is { } refused)
                return refused;
            if (!await store.SetAsync(request.To.Domain, request.To.Local!, request.Payload.Items, options.MaxBytes))
                return request.Error(StanzaErrorCondition.NotAcceptable, $"private storage is limited to {options.MaxBytes} bytes");
            return request.Result();
        });
    }

    /// <summary>The errors a get and a set share, or null when the request may go ahead.</summary>
    private static IqResponse? Refuse(IqRequest<PrivateQuery> request)
    {
        // §2.3 and §4 (Security): only the account itself; forbidden is the preferred of the two errors allowed.
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        // §2.3: at least one child with a proper namespace, or not-acceptable (a MUST). The same section asks
        // for "Bad Format" on an empty get, which RFC 6120 no longer has; not-acceptable covers both.
        if (request.Payload.Items.Count == 0)
            return request.Error(StanzaErrorCondition.NotAcceptable, "no element to store or retrieve");
        // Reserved namespaces (jabber:*, vcard-temp) MAY be refused too; they are not, because clients store
        // such elements (roster delimiters, for one) and nothing on the server reads them from here.
        if (!request.Payload.Items.All(PrivateQuery.HasOwnNamespace))
            return request.Error(StanzaErrorCondition.NotAcceptable, "each element needs a namespace of its own");
        return null;
    }
}

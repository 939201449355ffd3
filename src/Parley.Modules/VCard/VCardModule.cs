using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.VCard;

/// <summary>XEP-0054: each account's vCard, set by its owner and served by the server to anyone who asks.</summary>
public sealed class VCardModule : IModule
{
    public ModuleInfo Info { get; } = new("vcard", "Stores each account's vCard and answers for it",
        Spec.Xep(54, "vcard-temp", "1.2"));

    public void Configure(IModuleBuilder module)
    {
        var options = module.Options<VCardOptions>();
        if (options.MaxBytes <= 0)
            throw new ConfigException("modules.vcard.max_bytes: must be positive");
        var store = module.Services.GetRequiredService<IVCardStore>();

        // §4: support is announced with the vcard-temp feature.
        module.Feature(Namespaces.VCardTemp);

        // §3.1 and §3.3: the server answers for the account (to its bare JID, or with no 'to' for one's own).
        module.Iq<VCardPayload>(IqType.Get, Addressed.Account, async request =>
        {
            var vcard = await store.GetAsync(request.To.Domain, request.To.Local!);
            if (vcard is not null)
                return request.Result(vcard);
            // §3.1 lets one's own missing vCard be an empty one, which clients take as "nothing yet". §3.3 asks
            // for an error for someone else's: service-unavailable, the answer for an account that does not
            // exist either (RFC 6121 §8.5.1), so a vCard query does not tell the two apart.
            return IsOwn(request)
                ? request.Result(X.E("vCard", Namespaces.VCardTemp))
                : request.Error(StanzaErrorCondition.ServiceUnavailable);
        });

        module.Iq<VCardPayload>(IqType.Set, Addressed.Account, async request =>
        {
            // §3.2: setting another user's vCard MUST fail, with forbidden or not-allowed.
            if (!IsOwn(request))
                return request.Error(StanzaErrorCondition.Forbidden);
            var vcard = request.Payload.Element;
            // XEP-0054 sets no size; a server's bound on what it keeps is refused the way XEP-0060 §7.1.3.4
            // refuses a payload too big: not-acceptable (a modify error), saying the limit.
            var size = XmlFragment.ByteCount(vcard);
            if (size > options.MaxBytes)
                return request.Error(StanzaErrorCondition.NotAcceptable, $"vCard larger than {options.MaxBytes} bytes");
            if (request.Payload.IsEmpty)
                await store.RemoveAsync(request.To.Domain, request.To.Local!);
            else
                await store.SetAsync(request.To.Domain, request.To.Local!, vcard);
            return request.Result();
        });
    }

    private static bool IsOwn<T>(IqRequest<T> request) => request.From.Bare == request.To;
}

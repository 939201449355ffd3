using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Presence;

// Probes addressed to local accounts: RFC 6121 §4.3.2.
public sealed partial class PresenceModule
{
    private async ValueTask<FilterResult> ProbeAsync(StanzaContext context, CancellationToken ct)
    {
        if (context.Kind != StanzaKind.Presence || Stanza.Type(context.Stanza) != "probe" || context.To is not { } to)
            return FilterResult.Continue;
        var account = to.Bare;
        var prober = context.From;
        // No such account, or one the prober is not subscribed to: "unsubscribed", which lets the prober's server
        // correct a subscription the two servers disagree on; the presence itself is never revealed.
        if (!await _users.ExistsAsync(account.Domain, account.Local!, ct) || !await _state.MaySeeAsync(account, prober, ct))
        {
            await _router.RouteAsync(X.E("presence", Namespaces.Client, X.A("from", account.ToString()),
                X.A("to", prober.Bare.ToString()), X.A("type", "unsubscribed")), ct);
            return FilterResult.Consumed;
        }
        // The last presence of each available resource; with none, the last unavailable (with when it was sent)
        // or a plain unavailable from the bare JID.
        var available = await _state.GetAvailableAsync(account, ct);
        if (available.Count == 0)
            available = [_state.LastUnavailable(account) ?? X.E("presence", Namespaces.Client, X.A("from", account.ToString()), X.A("type", "unavailable"))];
        foreach (var presence in available)
            await RouteAsync(presence, prober, ct);
        return FilterResult.Consumed;
    }
}

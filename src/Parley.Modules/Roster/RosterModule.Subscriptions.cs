using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Roster;

// Presence subscriptions: RFC 6121 §3 and the state tables of Appendix A.
public sealed partial class RosterModule
{
    /// <summary>A subscription stanza from one of the account's resources (Appendix A.2).</summary>
    private async ValueTask<FilterResult> OutboundAsync(StanzaContext context, CancellationToken ct)
    {
        var type = Stanza.Type(context.Stanza);
        if (context.Kind != StanzaKind.Presence || context.To is not { } to || !SubscriptionRules.IsSubscriptionType(type))
            return FilterResult.Continue;
        var account = context.From.Bare;
        var contact = to.Bare;
        if (contact == account)
            return FilterResult.Bounce(new StanzaError(StanzaErrorCondition.NotAllowed, "the account itself is not a contact"));
        // §3.1.2, §3.2.2, §3.3.2: the user's server stamps the bare JIDs, whatever the client wrote.
        var stanza = context.Stanza.WithAttribute("from", account.ToString()).WithAttribute("to", contact.ToString());

        var change = await _store.ChangeContactAsync(account.Domain, account.Local!, contact, c => Outbound(c, type!), _options.MaxItems, ct);
        if (change is null)
            return FilterResult.Bounce(new StanzaError(StanzaErrorCondition.PolicyViolation, $"a roster holds at most {_options.MaxItems} items"));
        await _pushes.PushAsync(account, change, ct);
        var before = change.Before.State;
        if (!SubscriptionRules.Outbound(before, type!).Passes)
            return FilterResult.Consumed;
        await _router.RouteAsync(stanza, ct);
        if (type == "subscribed")
        {
            // §3.1.5: the new subscriber gets the account's current presence at once.
            await _presence.SendPresenceAsync(account, contact, unavailable: false, ct);
        }
        else if (type == "unsubscribed" && before.HasFrom)
        {
            // §3.2.2: and a subscriber whose subscription is cancelled sees the account go offline.
            await _presence.SendPresenceAsync(account, contact, unavailable: true, ct);
        }
        return FilterResult.Consumed;
    }

    /// <summary>
    /// The contact after an outbound stanza: Appendix A.2, an item created where the user's server keeps a new
    /// subscription or request (§3.1.2, §3.1.5), and pre-approval (§3.4) made or cancelled.
    /// </summary>
    internal static Contact Outbound(Contact c, string type)
    {
        var s = c.State;
        var step = SubscriptionRules.Outbound(s, type);
        if (!step.Passes)
        {
            // §3.4: "subscribed" with no request pending approves one in advance; "unsubscribed" takes that back.
            if (type == "subscribed" && !s.HasFrom)
                return c with { Item = (c.Item ?? RosterItem.New(c.Jid)) with { Approved = true } };
            if (type == "unsubscribed" && c.Item is { Approved: true })
                return c with { Item = c.Item with { Approved = false } };
            return c;
        }
        return WithState(c, step.State, c.PendingIn);
    }

    /// <summary>A subscription stanza to a local account, from anywhere (Appendix A.3).</summary>
    private async ValueTask<FilterResult> InboundAsync(StanzaContext context, CancellationToken ct)
    {
        var type = Stanza.Type(context.Stanza);
        if (context.Kind != StanzaKind.Presence || context.To is not { } to || !SubscriptionRules.IsSubscriptionType(type))
            return FilterResult.Continue;
        var account = to.Bare;
        var contact = context.From.Bare;
        if (contact == account)
            return FilterResult.Consumed;
        if (!await _users.ExistsAsync(account.Domain, account.Local!, ct))
        {
            // §3.1.3: a request to an account that does not exist is answered as if refused.
            if (type == "subscribe")
                await SendAsync(account, contact, "unsubscribed", ct);
            return FilterResult.Consumed;
        }

        var change = await _store.ChangeContactAsync(account.Domain, account.Local!, contact,
            c => Inbound(c, type!, context.Stanza), _options.MaxItems, ct);
        if (change is null)
            return FilterResult.Bounce(new StanzaError(StanzaErrorCondition.PolicyViolation, "too many subscription requests are waiting"));
        await _pushes.PushAsync(account, change, ct);
        var before = change.Before.State;
        if (type == "subscribe" && IsPreApproved(change.Before))
        {
            // §3.4: approved in advance: the server says "subscribed" for the user, who is not asked.
            await SendAsync(account, contact, "subscribed", ct);
            await _presence.SendPresenceAsync(account, contact, unavailable: false, ct);
            return FilterResult.Consumed;
        }
        var step = SubscriptionRules.Inbound(before, type!);
        if (step.AutoReply is { } reply)
            await SendAsync(account, contact, reply, ct);
        if (type == "unsubscribe" && before.HasFrom)
        {
            // §3.3.3: the former subscriber sees the account go offline.
            await _presence.SendPresenceAsync(account, contact, unavailable: true, ct);
        }
        // Delivered to the available resources (§8.5.2.1.3) by the router; a request also stays stored until the
        // user answers it, and is sent again at each login.
        return step.Passes ? FilterResult.Continue : FilterResult.Consumed;
    }

    private static bool IsPreApproved(Contact c) => c.Item is { Approved: true } && !c.State.HasFrom && !c.State.PendingIn;

    /// <summary>The contact after an inbound stanza: Appendix A.3, the request kept with its stanza (§3.1.3), pre-approval used.</summary>
    internal static Contact Inbound(Contact c, string type, Element stanza)
    {
        var s = c.State;
        if (type == "subscribe" && IsPreApproved(c))
            return WithState(c, s.WithFrom(true), null);
        var step = SubscriptionRules.Inbound(s, type);
        if (!step.Passes)
            return c;
        return WithState(c, step.State, step.State.PendingIn ? c.PendingIn ?? stanza : null);
    }

    /// <summary>
    /// The contact in a new state. A subscription or a request pending out needs an item (one is created); a
    /// request pending in does not. A pre-approval ends when the contact becomes subscribed.
    /// </summary>
    private static Contact WithState(Contact c, SubscriptionState state, Element? pendingIn)
    {
        var item = c.Item;
        if (item is null && (state.Subscription != Subscription.None || state.PendingOut))
            item = RosterItem.New(c.Jid);
        if (item is not null)
            item = item with { Subscription = state.Subscription, Ask = state.PendingOut, Approved = !state.HasFrom && item.Approved };
        return c with { Item = item, PendingIn = state.PendingIn ? pendingIn : null };
    }

    /// <summary>§3.1.3: requests the user has not answered are delivered again when a resource becomes available.</summary>
    private async ValueTask ResendRequestsAsync(ResourceAvailable available, CancellationToken ct)
    {
        if (!available.Initial || !_localSessions.TryGet(available.Handle, out var session))
            return;
        var account = available.Jid.Bare;
        var pending = await _store.GetPendingRequestsAsync(account.Domain, account.Local!, ct);
        if (pending.Count == 0)
            return;
        var blocked = await _blocklists.GetAsync(account, ct);
        // Straight to the session: routed again, a request already pending would be taken for a repeat and held back.
        foreach (var c in pending)
        {
            if (!blocked.Blocks(c.Jid))
                session!.TrySend(c.PendingIn!);
        }
    }
}

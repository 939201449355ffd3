using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Blocking;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Modules.Presence;

/// <summary>
/// RFC 6121 §4: availability and priority of each session, broadcast to the account's own resources and to the
/// contacts subscribed to it, probes of the contacts it is subscribed to and answers to theirs, directed presence
/// (tracked, and ended with unavailable), and unavailable on logout or a dropped connection.
/// </summary>
public sealed partial class PresenceModule(TimeProvider clock) : IModule
{
    private PresenceState _state = null!;
    private ISessionDirectory _directory = null!;
    private IRouter _router = null!;
    private IRosterStore _roster = null!;
    private IBlocklists _blocklists = null!;
    private IUserStore _users = null!;
    private EventBus _events = null!;

    public ModuleInfo Info { get; } = new("presence", "Presence: broadcast, probes, directed presence",
        Spec.Rfc(6121, "XMPP: Instant Messaging and Presence", "complete", "§4 presence; §2 and §3 are the roster module's; §5 and §8 are routing"),
        Spec.Xep(203, "Delayed Delivery", "2.0", "partial", "on the last unavailable presence answering a probe"));

    public void Configure(IModuleBuilder module)
    {
        _state = module.Services.GetRequiredService<PresenceState>();
        _directory = module.Services.GetRequiredService<ISessionDirectory>();
        _router = module.Services.GetRequiredService<IRouter>();
        _roster = module.Services.GetRequiredService<IRosterStore>();
        _blocklists = module.Services.GetRequiredService<IBlocklists>();
        _users = module.Services.GetRequiredService<IUserStore>();
        _events = module.Services.GetRequiredService<EventBus>();

        module.Filter(FilterPoint.FromLocalClient, FromClientAsync);
        // After blocking (which drops a blocked contact's probe unanswered) and the roster (subscriptions).
        module.Filter(FilterPoint.ToLocalAccount, ProbeAsync, priority: -10);
        module.On<SessionClosed>(SessionClosedAsync);
        module.On<UserDeleted>((deleted, _) =>
        {
            if (Jid.TryCreate(deleted.Username, deleted.Host, null, out var account))
                _state.Forget(account);
            return ValueTask.CompletedTask;
        });
    }

    private async ValueTask<FilterResult> FromClientAsync(StanzaContext context, CancellationToken ct)
    {
        if (context.Kind != StanzaKind.Presence || context.Session is not { } handle)
            return FilterResult.Continue;
        var type = Stanza.Type(context.Stanza);
        if (context.To is null)
        {
            switch (type)
            {
                case null:
                    await AvailableAsync(context.Stanza, context.From, handle, ct);
                    break;
                case "unavailable":
                    await UnavailableAsync(context.Stanza, context.From, handle, ct);
                    break;
            }
            // Anything else without 'to' (a probe or subscription to nobody) means nothing: dropped.
            return FilterResult.Consumed;
        }
        // §4.6: directed presence, remembered so that the entity learns when this session goes away.
        if (type is null or "unavailable" && context.To.Bare != context.From.Bare)
        {
            var session = _state.Session(handle, context.From);
            if (type is null)
                session.AddDirected(context.To);
            else
                session.RemoveDirected(context.To);
        }
        return FilterResult.Continue;
    }

    /// <summary>§4.2 (initial presence) and §4.4 (a later update).</summary>
    private async ValueTask AvailableAsync(Element presence, Jid from, SessionHandle handle, CancellationToken ct)
    {
        var session = _state.Session(handle, from);
        var initial = session.Available is null;
        var priority = Priority(presence);
        session.Available = presence;
        await _directory.SetPresenceAsync(from, handle, true, priority, ct);

        // §4.2.2 / §4.4.2: to every available resource of the account, the sender included ...
        var own = await _directory.GetSessionsAsync(from.Bare, ct);
        foreach (var s in own)
        {
            if (s.Available || s.Handle == handle)
                await RouteAsync(presence, s.Jid, ct);
        }
        // ... and to every contact subscribed to the account's presence.
        var contacts = await ContactsAsync(from.Bare, ct);
        foreach (var item in contacts.Where(i => i.Subscription is Subscription.From or Subscription.Both))
            await RouteAsync(presence, item.Jid, ct);
        if (initial)
        {
            // §4.2.3: the new resource learns of the account's other available resources ...
            foreach (var s in own)
            {
                if (s.Handle != handle && s.Available && _state.Find(s.Handle)?.Available is { } other)
                    await RouteAsync(other, from, ct);
            }
            // §4.2.2 / §4.3.1: ... and probes go to the contacts it is subscribed to, from the bare JID.
            foreach (var item in contacts.Where(i => i.Subscription is Subscription.To or Subscription.Both))
            {
                await _router.RouteAsync(X.E("presence", Namespaces.Client, X.A("from", from.Bare.ToString()),
                    X.A("to", item.Jid.ToString()), X.A("type", "probe")), ct);
            }
        }
        await _events.PublishAsync(new ResourceAvailable(from, handle, priority, initial), ct);
    }

    /// <summary>§4.5: the session says it is unavailable; its presence, and the directed presence it sent, end.</summary>
    private async ValueTask UnavailableAsync(Element presence, Jid from, SessionHandle handle, CancellationToken ct)
    {
        var session = _state.Find(handle);
        var wasAvailable = session?.Available is not null;
        if (session is not null)
            session.Available = null;
        await _directory.SetPresenceAsync(from, handle, false, 0, ct);
        // §4.5.2: to every available resource of the account, the sender included.
        foreach (var s in await _directory.GetSessionsAsync(from.Bare, ct))
        {
            if (s.Available || s.Handle == handle)
                await RouteAsync(presence, s.Jid, ct);
        }
        if (wasAvailable)
            await BroadcastUnavailableAsync(presence, from, session!.TakeDirected(), ct);
        else if (session is not null)
            await DirectedUnavailableAsync(presence, session.TakeDirected(), [], ct);
    }

    private async ValueTask SessionClosedAsync(SessionClosed closed, CancellationToken ct)
    {
        var session = _state.Remove(closed.Handle);
        if (session is null)
            return;
        var unavailable = X.E("presence", Namespaces.Client, X.A("from", closed.Jid.ToString()), X.A("type", "unavailable"));
        var directed = session.TakeDirected();
        if (session.Available is null)
        {
            // Said unavailable already (or never available): only directed presence is still out there.
            await DirectedUnavailableAsync(unavailable, directed, [], ct);
            return;
        }
        // §4.5.2: a session that ends without unavailable presence is announced as unavailable ...
        var sessions = await _directory.GetSessionsAsync(closed.Jid.Bare, ct);
        // ... unless it was replaced (RFC 6120 §7.7.2.2) by a session that has already sent its own presence
        // for the same full JID: an unavailable now would contradict that newer presence.
        if (sessions.Any(s => s.Jid == closed.Jid && s.Available))
            return;
        foreach (var s in sessions)
        {
            if (s.Available && s.Handle != closed.Handle)
                await RouteAsync(unavailable, s.Jid, ct);
        }
        await BroadcastUnavailableAsync(unavailable, closed.Jid, directed, ct);
    }

    /// <summary>§4.5.2: to the subscribed contacts and to the entities that got directed presence (§4.6.3).</summary>
    private async ValueTask BroadcastUnavailableAsync(Element presence, Jid from, Jid[] directed, CancellationToken ct)
    {
        var contacts = (await ContactsAsync(from.Bare, ct)).Where(i => i.Subscription is Subscription.From or Subscription.Both).ToList();
        foreach (var item in contacts)
            await RouteAsync(presence, item.Jid, ct);
        await DirectedUnavailableAsync(presence, directed, [.. contacts.Select(c => c.Jid.Bare)], ct);
        // §4.3.2: kept to answer probes while the account is offline, with the time it was sent (XEP-0203).
        _state.SetLastUnavailable(from, Stamped(presence.WithAttribute("from", from.ToString()), from.Domain));
    }

    private async ValueTask DirectedUnavailableAsync(Element presence, Jid[] directed, HashSet<Jid> covered, CancellationToken ct)
    {
        foreach (var to in directed)
        {
            if (!covered.Contains(to.Bare))
                await RouteAsync(presence, to, ct);
        }
    }

    /// <summary>The roster items the account's presence may go to: not those it blocked (XEP-0191 §3.3).</summary>
    private async ValueTask<IReadOnlyList<RosterItem>> ContactsAsync(Jid account, CancellationToken ct)
    {
        var roster = await _roster.GetRosterAsync(account.Domain, account.Local!, ct);
        if (roster.Items.Count == 0)
            return [];
        var blocked = await _blocklists.GetAsync(account, ct);
        return blocked.IsEmpty ? roster.Items : [.. roster.Items.Where(i => !blocked.Blocks(i.Jid))];
    }

    private ValueTask RouteAsync(Element presence, Jid to, CancellationToken ct)
        => _router.RouteAsync(presence.WithAttribute("to", to.ToString()), ct);

    private Element Stamped(Element presence, string domain)
    {
        if (presence.Child("delay", Namespaces.Delay) is not null)
            return presence;
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return presence.WithNodes(presence.Nodes.Add(X.E("delay", Namespaces.Delay, X.A("from", domain), X.A("stamp", stamp))));
    }

    /// <summary>RFC 6121 §4.7.2.3: an integer -128..127, 0 when absent or invalid.</summary>
    private static int Priority(Element presence)
    {
        var text = presence.Child("priority", presence.Namespace)?.Text;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) && p is >= -128 and <= 127 ? p : 0;
    }
}

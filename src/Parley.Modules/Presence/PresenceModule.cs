using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Presence;

/// <summary>
/// RFC 6121 §4 for the user's own resources: availability and priority of each session, broadcast of presence
/// among the resources of one account, unavailable when a session ends. Contacts come with the roster work.
/// </summary>
public sealed class PresenceModule : IModule
{
    private readonly ConcurrentDictionary<SessionHandle, Element> _lastPresence = new();

    public ModuleInfo Info { get; } = new("presence", "Presence among an account's own resources",
        Spec.Rfc(6121, "XMPP: Instant Messaging and Presence", "partial", "§4 for own resources; rosters and subscriptions come with the IM work"));

    public void Configure(IModuleBuilder module)
    {
        var directory = module.Services.GetRequiredService<ISessionDirectory>();
        var router = module.Services.GetRequiredService<IRouter>();

        module.Filter(FilterPoint.FromLocalClient, async (context, ct) =>
        {
            if (context.Kind != StanzaKind.Presence || context.To is not null || context.Session is not { } handle)
                return FilterResult.Continue;
            var type = Stanza.Type(context.Stanza);
            if (type is not (null or "unavailable"))
                return FilterResult.Continue;
            var available = type is null;
            var wasAvailable = _lastPresence.ContainsKey(handle);
            await directory.SetPresenceAsync(context.From, handle, available, available ? Priority(context.Stanza) : 0, ct);
            if (available)
                _lastPresence[handle] = context.Stanza;
            else
                _lastPresence.TryRemove(handle, out _);

            // §4.2.2 / §4.4.2: broadcast to every available resource of the account, the sender included.
            var sessions = await directory.GetSessionsAsync(context.From.Bare, ct);
            foreach (var s in sessions)
            {
                if (s.Available || s.Handle == handle)
                    await router.RouteAsync(context.Stanza.WithAttribute("to", s.Jid.ToString()), ct);
            }
            // §4.2.3: on initial presence, the new resource learns of the account's other available resources.
            if (available && !wasAvailable)
            {
                foreach (var s in sessions)
                {
                    if (s.Handle != handle && s.Available && _lastPresence.TryGetValue(s.Handle, out var other))
                        await router.RouteAsync(other.WithAttribute("to", context.From.ToString()), ct);
                }
            }
            return FilterResult.Consumed;
        });

        module.On<SessionClosed>(async (closed, ct) =>
        {
            if (!_lastPresence.TryRemove(closed.Handle, out _))
                return;
            // §4.5.2: a session that ends without unavailable presence is announced as unavailable ...
            var sessions = await directory.GetSessionsAsync(closed.Jid.Bare, ct);
            // ... unless it was replaced (RFC 6120 §7.7.2.2) by a session that has already sent its own presence
            // for the same full JID: an unavailable now would contradict that newer presence.
            if (sessions.Any(s => s.Jid == closed.Jid && s.Available))
                return;
            var unavailable = X.E("presence", Namespaces.Client, X.A("from", closed.Jid.ToString()), X.A("type", "unavailable"));
            foreach (var s in sessions)
            {
                if (s.Available && s.Handle != closed.Handle)
                    await router.RouteAsync(unavailable.WithAttribute("to", s.Jid.ToString()), ct);
            }
        });
    }

    /// <summary>RFC 6121 §4.7.2.3: an integer -128..127, 0 when absent or invalid.</summary>
    private static int Priority(Element presence)
    {
        var text = presence.Child("priority", presence.Namespace)?.Text;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) && p is >= -128 and <= 127 ? p : 0;
    }
}

using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Server.Routing;

// Delivery to local accounts: RFC 6121 §8.5.
internal sealed partial class Router
{
    private async ValueTask MessageToAccountAsync(Element message, Jid to, CancellationToken ct)
    {
        var type = Stanza.Type(message) ?? "normal";
        var sessions = await directory.GetSessionsAsync(to.Bare, ct);
        if (to.IsFull)
        {
            // §8.5.3.1: a connected resource that matches exactly gets it, whatever the type.
            var exact = sessions.FirstOrDefault(s => s.Jid == to);
            if (exact is not null)
            {
                await DeliverAsync(exact, message);
                return;
            }
            // §8.5.3.2.1: no such resource.
            switch (type)
            {
                case "error" or "headline":
                    return;
                case "groupchat":
                    await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
                    return;
            }
        }
        switch (type)
        {
            case "error":
                return;
            case "groupchat":
                // §8.5.2.1.1: groupchat to a bare JID is an error.
                await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
                return;
        }
        // §8.5.2.1.1: resources with non-negative priority; normal goes to the highest of them, chat and
        // headline to all of them (the "MAY deliver to all" option, which keeps every device in step).
        var candidates = sessions.Where(s => s.Available && s.Priority >= 0).ToList();
        if (type == "normal" && candidates.Count > 0)
        {
            var top = candidates.Max(s => s.Priority);
            candidates.RemoveAll(s => s.Priority != top);
        }
        var delivered = false;
        foreach (var s in candidates)
            delivered |= await DeliverAsync(s, message);
        if (delivered || type == "headline")
            return;
        // §8.5.2.2.1 / §8.5.1: no available resource (offline storage arrives with the IM work) or no such user.
        await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
    }

    private async ValueTask PresenceToAccountAsync(Element presence, Jid to, CancellationToken ct)
    {
        var type = Stanza.Type(presence);
        var sessions = await directory.GetSessionsAsync(to.Bare, ct);
        if (to.IsFull && type is null or "unavailable" or "error")
        {
            // §8.5.3.1 / §8.5.3.2.3: directed presence to a full JID goes to that resource or nowhere; so does a
            // presence error, which answers what that resource sent.
            var exact = sessions.FirstOrDefault(s => s.Jid == to);
            if (exact is not null)
                await DeliverAsync(exact, presence);
            return;
        }
        if (type is "probe")
            return; // Probes are answered by the presence module (a filter of ToLocalAccount).
        // §8.5.2.1.3: to every available resource.
        foreach (var s in sessions)
        {
            if (s.Available)
                await DeliverAsync(s, presence);
        }
    }

    private async ValueTask IqToAccountAsync(Element iq, Jid from, Jid to, CancellationToken ct)
    {
        if (to.IsFull)
        {
            var sessions = await directory.GetSessionsAsync(to.Bare, ct);
            var exact = sessions.FirstOrDefault(s => s.Jid == to);
            if (exact is not null)
            {
                await DeliverAsync(exact, iq);
                return;
            }
            // §8.5.3.2.1: get/set to a resource that is not there.
            await BounceAsync(iq, StanzaErrorCondition.ServiceUnavailable, ct);
            return;
        }
        // §8.5.2.1.2 / §8.5.1: the server answers for the account, if there is one.
        if (!await users.ExistsAsync(to.Domain, to.Local!, ct))
        {
            await BounceAsync(iq, StanzaErrorCondition.ServiceUnavailable, ct);
            return;
        }
        await DispatchIqAsync(iq, from, to, Addressed.Account, ct);
    }
}

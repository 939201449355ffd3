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
        var sessions = await directory.GetSessionsAsync(to.Bare, ct);
        var plan = MessageDelivery.Plan(message, to, sessions);
        switch (plan.Outcome)
        {
            case MessageOutcome.Deliver:
                var delivered = false;
                foreach (var s in plan.Recipients)
                    delivered |= await DeliverAsync(s, message);
                // Every recipient's session was closing as we handed it over: as if none had been available.
                if (!delivered && MessageDelivery.TypeOf(message) is "normal" or "chat")
                    await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
                return;
            case MessageOutcome.NoAvailableResource:
                // §8.5.2.2.1 / §8.5.2.1.1: store for later or return service-unavailable. Storing is the offline
                // module's, which consumes what it keeps in its ToLocalAccount filter; what reaches here was not
                // kept (module disabled, no-store hint, quota, or no such account: §8.5.1 answers the same).
                // A headline is dropped.
                if (MessageDelivery.TypeOf(message) != "headline")
                    await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
                return;
            case MessageOutcome.Bounce:
                await BounceAsync(message, StanzaErrorCondition.ServiceUnavailable, ct);
                return;
        }
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

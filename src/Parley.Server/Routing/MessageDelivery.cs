using Parley.Protocol;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Server.Routing;

/// <summary>What RFC 6121 §8.5 says to do with a message to a local account, given its sessions.</summary>
public enum MessageOutcome
{
    /// <summary>Deliver to <see cref="MessagePlan.Recipients"/>.</summary>
    Deliver,

    /// <summary>
    /// No resource may take it now (none available, or all with negative priority). For normal and chat the RFC lets
    /// the server store it for later or return service-unavailable (§8.5.2.1.1, §8.5.2.2.1, §8.5.3.2.1); a headline is
    /// silently dropped. Offline storage hooks in here; what no module keeps, the router answers so.
    /// </summary>
    NoAvailableResource,

    /// <summary>Return service-unavailable to the sender.</summary>
    Bounce,

    /// <summary>Silently ignore.</summary>
    Drop,
}

public sealed record MessagePlan(MessageOutcome Outcome, IReadOnlyList<SessionEntry> Recipients)
{
    public static readonly MessagePlan Bounce = new(MessageOutcome.Bounce, []);
    public static readonly MessagePlan Drop = new(MessageOutcome.Drop, []);
    public static readonly MessagePlan NoAvailableResource = new(MessageOutcome.NoAvailableResource, []);
}

/// <summary>
/// RFC 6121 §8.5 for messages, in one place: the router follows it, and modules that must agree with the router
/// (offline storage decides what the router would otherwise bounce) ask it the same question.
/// </summary>
public static class MessageDelivery
{
    /// <summary>
    /// The message type as the server treats it: RFC 6121 §5.2.2 says a missing or unknown type is "normal".
    /// </summary>
    public static string TypeOf(Element message) => message.Attribute("type") switch
    {
        "chat" => "chat",
        "groupchat" => "groupchat",
        "headline" => "headline",
        "error" => "error",
        _ => "normal",
    };

    public static MessagePlan Plan(Element message, Jid to, IReadOnlyList<SessionEntry> sessions)
    {
        var type = TypeOf(message);
        if (to.IsFull)
        {
            // §8.5.3.1: a connected resource that matches exactly gets it, whatever the type and its presence.
            foreach (var s in sessions)
            {
                if (s.Jid == to)
                    return new MessagePlan(MessageOutcome.Deliver, [s]);
            }
        }
        // An error message to a bare JID, or to a resource that is not there, is silently ignored (§8.5.2.1.1,
        // §8.5.2.2.1, §8.5.3.2.1): errors are never answered.
        if (type == "error")
            return MessagePlan.Drop;
        if (to.IsFull)
        {
            // §8.5.3.2.1: no such resource. Normal, groupchat and headline are either ignored or bounced (a
            // headline is transient: ignored; the others bounced so the sender learns it went nowhere). Only chat
            // falls back to the bare JID, since a chat session outlives the resource it started with.
            switch (type)
            {
                case "headline":
                    return MessagePlan.Drop;
                case "normal" or "groupchat":
                    return MessagePlan.Bounce;
            }
        }
        else if (type == "groupchat")
        {
            // §8.5.2.1.1 and §8.5.2.2.1: groupchat to a bare JID is an error, with or without resources.
            return MessagePlan.Bounce;
        }

        // §8.5.2.1.1: only available resources with non-negative priority take messages to the bare JID.
        var eligible = new List<SessionEntry>(sessions.Count);
        foreach (var s in sessions)
        {
            if (s.Available && s.Priority >= 0)
                eligible.Add(s);
        }
        if (eligible.Count == 0)
            return MessagePlan.NoAvailableResource;
        if (type == "headline")
            return new MessagePlan(MessageOutcome.Deliver, eligible); // §8.5.2.1.1: a headline goes to all of them.

        // Normal and chat go to the "most available" resources: those with the highest priority, all of them when
        // several share it. The RFC's other option for chat, "all resources that opted in", has no opt-in to go
        // by; message carbons (XEP-0280) are the way to keep the other devices in step.
        var top = eligible.Max(s => s.Priority);
        eligible.RemoveAll(s => s.Priority != top);
        return new MessagePlan(MessageOutcome.Deliver, eligible);
    }
}

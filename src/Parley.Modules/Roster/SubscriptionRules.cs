namespace Parley.Modules.Roster;

/// <summary>What a subscription stanza does to the state, whether it goes on, and what the server answers itself.</summary>
public readonly record struct SubscriptionStep(bool Passes, SubscriptionState State, string? AutoReply = null);

/// <summary>
/// RFC 6121 Appendix A.2 (outbound: does the user's server route it) and A.3 (inbound: does it deliver it), as
/// rules rather than tables; the scenario tests hold the tables themselves, row by row.
/// </summary>
public static class SubscriptionRules
{
    public static bool IsSubscriptionType(string? type) => type is "subscribe" or "subscribed" or "unsubscribe" or "unsubscribed";

    /// <summary>A.2: a stanza the user sends to the contact.</summary>
    public static SubscriptionStep Outbound(SubscriptionState s, string type) => type switch
    {
        // A.2.1 and A.2.2: always routed, so that the user can resynchronize a subscription the two servers
        // disagree on.
        "subscribe" => new(true, s.HasTo ? s : s with { PendingOut = true }),
        "unsubscribe" => new(true, s.WithTo(false) with { PendingOut = false }),
        // A.2.3: only approving a pending request changes anything (pre-approval, §3.4, is the caller's).
        "subscribed" => s.PendingIn ? new(true, s.WithFrom(true)) : new(false, s),
        // A.2.4: cancelling a subscription or refusing a request.
        "unsubscribed" => s.HasFrom || s.PendingIn ? new(true, s.WithFrom(false) with { PendingIn = false }) : new(false, s),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A.3: a stanza the contact sent to the user.</summary>
    public static SubscriptionStep Inbound(SubscriptionState s, string type) => type switch
    {
        // A.3.1: a contact already subscribed gets "subscribed" again from the server (it may have lost that
        // state); a request already pending is not delivered twice.
        "subscribe" when s.HasFrom => new(false, s, "subscribed"),
        "subscribe" when s.PendingIn => new(false, s),
        "subscribe" => new(true, s with { PendingIn = true }),
        // A.3.2: delivered when it changes the state, and answered with "unsubscribed".
        "unsubscribe" => s.HasFrom || s.PendingIn
            ? new(true, s.WithFrom(false) with { PendingIn = false }, "unsubscribed")
            : new(false, s),
        // A.3.3: only the answer to a pending request counts.
        "subscribed" => s.PendingOut ? new(true, s.WithTo(true)) : new(false, s),
        // A.3.4: the contact cancels the user's subscription or refuses the request.
        "unsubscribed" => s.HasTo || s.PendingOut ? new(true, s.WithTo(false) with { PendingOut = false }) : new(false, s),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

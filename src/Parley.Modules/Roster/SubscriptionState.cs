namespace Parley.Modules.Roster;

/// <summary>The 'subscription' attribute of a roster item (RFC 6121 §2.1.2.5).</summary>
public enum Subscription
{
    None,

    /// <summary>The user has a subscription to the contact's presence.</summary>
    To,

    /// <summary>The contact has a subscription to the user's presence.</summary>
    From,

    Both,
}

/// <summary>
/// One of the nine subscription states of RFC 6121 Appendix A.1, from the user's side: the subscription and the
/// requests pending each way. "Pending Out" is only possible without "To", "Pending In" only without "From".
/// </summary>
public readonly record struct SubscriptionState(Subscription Subscription, bool PendingOut = false, bool PendingIn = false)
{
    public static SubscriptionState None => default;

    /// <summary>The user receives the contact's presence.</summary>
    public bool HasTo => Subscription is Subscription.To or Subscription.Both;

    /// <summary>The contact receives the user's presence.</summary>
    public bool HasFrom => Subscription is Subscription.From or Subscription.Both;

    public SubscriptionState WithTo(bool to) => this with { Subscription = Make(to, HasFrom), PendingOut = !to && PendingOut };

    public SubscriptionState WithFrom(bool from) => this with { Subscription = Make(HasTo, from), PendingIn = !from && PendingIn };

    private static Subscription Make(bool to, bool from) => (to, from) switch
    {
        (true, true) => Subscription.Both,
        (true, false) => Subscription.To,
        (false, true) => Subscription.From,
        _ => Subscription.None,
    };

    /// <summary>The state's name as Appendix A writes it: "None + Pending Out + Pending In", "From + Pending Out".</summary>
    public override string ToString()
        => Subscription.ToString() + (PendingOut ? " + Pending Out" : "") + (PendingIn ? " + Pending In" : "");

    /// <summary>Reads a name written by <see cref="ToString"/> (also the tables' "Pending Out+In").</summary>
    public static SubscriptionState Parse(string name)
    {
        var parts = name.Replace("Pending Out+In", "Pending Out + Pending In", StringComparison.Ordinal)
            .Split('+', StringSplitOptions.TrimEntries);
        var state = new SubscriptionState(Enum.Parse<Subscription>(parts[0]));
        foreach (var p in parts.Skip(1))
        {
            state = p switch
            {
                "Pending Out" => state with { PendingOut = true },
                "Pending In" => state with { PendingIn = true },
                _ => throw new FormatException($"not a subscription state: {name}"),
            };
        }
        if ((state.PendingOut && state.HasTo) || (state.PendingIn && state.HasFrom))
            throw new FormatException($"not a subscription state: {name}");
        return state;
    }
}

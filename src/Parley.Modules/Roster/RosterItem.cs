using Parley.Protocol;
using Parley.Xml;

namespace Parley.Modules.Roster;

/// <summary>
/// One item of a roster (RFC 6121 §2.1.2): the contact, the user's name and groups for it, the subscription, a
/// request pending out ('ask'), and a pre-approval of the contact's request (§3.4, 'approved').
/// </summary>
public sealed record RosterItem(Jid Jid, string? Name, Subscription Subscription, bool Ask, bool Approved, IReadOnlyList<string> Groups)
{
    public static RosterItem New(Jid jid) => new(jid, null, Subscription.None, false, false, []);

    /// <summary>The &lt;item/&gt; of a roster result or push (§2.1.2), groups in the stored order.</summary>
    public Element ToElement() => X.E("item", Namespaces.Roster,
        X.A("jid", Jid.ToString()),
        X.A("name", Name),
        X.A("subscription", Subscription.ToString().ToLowerInvariant()),
        X.A("ask", Ask ? "subscribe" : null),
        X.A("approved", Approved ? "true" : null),
        Groups.Select(g => X.E("group", Namespaces.Roster, g)));

    /// <summary>The item a push announces a removal with (§2.5.2).</summary>
    public static Element Removed(Jid jid) => X.E("item", Namespaces.Roster, X.A("jid", jid.ToString()), X.A("subscription", "remove"));

    public bool SameAs(RosterItem? other) => other is not null && Jid == other.Jid && Name == other.Name
        && Subscription == other.Subscription && Ask == other.Ask && Approved == other.Approved && Groups.SequenceEqual(other.Groups);
}

/// <summary>
/// All the user's server knows of one contact: its roster item, if any, and a subscription request the contact
/// sent that the user has not answered (§3.1.3), kept with the stanza as received so it can be delivered again.
/// </summary>
public sealed record Contact(Jid Jid, RosterItem? Item, Element? PendingIn)
{
    /// <summary>Appendix A's state: without an item there is no subscription and nothing pending out.</summary>
    public SubscriptionState State => new(Item?.Subscription ?? Subscription.None, Item?.Ask ?? false, PendingIn is not null);
}

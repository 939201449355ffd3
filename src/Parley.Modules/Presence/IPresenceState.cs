using Parley.Protocol;
using Parley.Xml;

namespace Parley.Modules.Presence;

/// <summary>
/// The presence of local accounts, for the modules that need it (roster, blocking, disco, last activity): what
/// each available resource last broadcast, and who may see it (RFC 6121 §4).
/// </summary>
public interface IPresenceState
{
    /// <summary>
    /// The last presence each available resource of the account broadcast (§4.2, §4.4), 'from' its full JID,
    /// without 'to'. Empty when the account has no available resource.
    /// </summary>
    ValueTask<IReadOnlyList<Element>> GetAvailableAsync(Jid account, CancellationToken ct = default);

    /// <summary>
    /// Whether <paramref name="viewer"/> may see the account's presence: it is the account itself, or a contact
    /// subscribed to it (subscription from or both, §3) whom the account has not blocked (XEP-0191).
    /// </summary>
    ValueTask<bool> MaySeeAsync(Jid account, Jid viewer, CancellationToken ct = default);

    /// <summary>Whether the account has an available resource that <paramref name="viewer"/> may see.</summary>
    ValueTask<bool> IsAvailableToAsync(Jid account, Jid viewer, CancellationToken ct = default);

    /// <summary>
    /// Sends the account's current presence to <paramref name="to"/>: the last presence of each available
    /// resource, or with <paramref name="unavailable"/> an unavailable presence from each of them. For when a
    /// subscription starts or ends (§3.1.5, §3.2.2) and for blocking (XEP-0191 §3.3); who may receive it is the
    /// caller's decision.
    /// </summary>
    ValueTask SendPresenceAsync(Jid account, Jid to, bool unavailable, CancellationToken ct = default);

    /// <summary>The entities the account's sessions sent directed available presence to (§4.6) and not yet unavailable.</summary>
    IReadOnlyList<Jid> GetDirectedPresence(Jid account);
}

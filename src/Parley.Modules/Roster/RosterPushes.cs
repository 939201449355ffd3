using System.Collections.Concurrent;
using System.Security.Cryptography;
using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Roster;

/// <summary>
/// RFC 6121 §2.1.6: the "interested resources" (those that asked for the roster) and the pushes they get, with the
/// roster version for those that use versioning (§2.6.2).
/// </summary>
internal sealed class RosterPushes(ISessionDirectory directory, IRouter router)
{
    // The value: whether the resource asked with a version, and so gets one in every push.
    private readonly ConcurrentDictionary<SessionHandle, bool> _interested = new();

    public void Interested(SessionHandle handle, bool versioned) => _interested[handle] = versioned;

    public void Forget(SessionHandle handle) => _interested.TryRemove(handle, out _);

    /// <summary>
    /// A push to one resource: an IQ set from the account's bare JID, which §2.1.6 tells the client to accept
    /// (and a push with any other 'from' to ignore).
    /// </summary>
    public static Element Push(Jid resource, Jid account, Element item, string? version)
        => Stanza.Iq(Namespaces.Client, IqType.Set, "push-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            resource.ToString(), account.ToString(), X.E("query", Namespaces.Roster, X.A("ver", version), item));

    /// <summary>§2.3.2, §2.4.2, §2.5.2: the changed item to every interested resource of the account.</summary>
    public async ValueTask PushAsync(Jid account, Element item, string? version, CancellationToken ct)
    {
        foreach (var s in await directory.GetSessionsAsync(account, ct))
        {
            if (_interested.TryGetValue(s.Handle, out var versioned))
                await router.RouteAsync(Push(s.Jid, account, item, versioned ? version : null), ct);
        }
    }

    public ValueTask PushAsync(Jid account, ContactChange change, CancellationToken ct)
        => change.ItemChanged
            ? PushAsync(account, change.After.Item?.ToElement() ?? RosterItem.Removed(change.After.Jid), change.Version, ct)
            : ValueTask.CompletedTask;
}

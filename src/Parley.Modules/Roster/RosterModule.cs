using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Blocking;
using Parley.Modules.Presence;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Modules.Roster;

/// <summary>
/// RFC 6121 §2 and §3: each account's roster (get, set, remove, pushes, versioning) and the presence
/// subscriptions kept in it (the state machine of Appendix A, pre-approval, requests kept until answered).
/// </summary>
public sealed partial class RosterModule : IModule
{
    private RosterOptions _options = null!;
    private IRosterStore _store = null!;
    private RosterPushes _pushes = null!;
    private IRouter _router = null!;
    private ISessionDirectory _directory = null!;
    private IPresenceState _presence = null!;
    private IBlocklists _blocklists = null!;
    private IUserStore _users = null!;
    private LocalSessionRegistry _localSessions = null!;

    public ModuleInfo Info { get; } = new("roster", "Rosters and presence subscriptions",
        Spec.Rfc(6121, "XMPP: Instant Messaging and Presence", "complete", "§2 rosters with versioning, §3 subscriptions with pre-approval"));

    public void Configure(IModuleBuilder module)
    {
        _options = module.Options<RosterOptions>();
        if (_options.MaxItems <= 0)
            throw new ConfigException("modules.roster.max_items: must be positive");
        _store = module.Services.GetRequiredService<IRosterStore>();
        _router = module.Services.GetRequiredService<IRouter>();
        _directory = module.Services.GetRequiredService<ISessionDirectory>();
        _presence = module.Services.GetRequiredService<IPresenceState>();
        _blocklists = module.Services.GetRequiredService<IBlocklists>();
        _users = module.Services.GetRequiredService<IUserStore>();
        _localSessions = module.Services.GetRequiredService<LocalSessionRegistry>();
        _pushes = new RosterPushes(_directory, _router);

        // §2.6.1 and §3.4.1: versioning and pre-approval are announced as stream features.
        module.StreamFeature(_ => X.E("ver", Namespaces.RosterVersioning));
        module.StreamFeature(_ => X.E("sub", Namespaces.PreApproval));

        module.Iq<RosterQuery>(IqType.Get, Addressed.Account, GetAsync);
        module.Iq<RosterQuery>(IqType.Set, Addressed.Account, SetAsync);
        // After blocking (a stanza to or from a blocked entity never reaches the state machine).
        module.Filter(FilterPoint.FromLocalClient, OutboundAsync, priority: 50);
        module.Filter(FilterPoint.ToLocalAccount, InboundAsync, priority: 50);
        module.On<ResourceAvailable>(ResendRequestsAsync);
        module.On<SessionClosed>((closed, _) =>
        {
            _pushes.Forget(closed.Handle);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>§2.2 (the whole roster) and §2.6.3 (nothing, or the changes since the client's version).</summary>
    private async ValueTask<IqResponse> GetAsync(IqRequest<RosterQuery> request)
    {
        // §2.1.5 / §2.3.3: only the account's own resources may read or change its roster.
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        var account = request.To;
        var version = request.Payload.Version;
        if (await SessionOfAsync(request.From) is { } handle)
            _pushes.Interested(handle, version is not null);
        if (version is not null && await _store.GetChangesSinceAsync(account.Domain, account.Local!, version) is { } delta)
        {
            // An empty result, then one push per change, each with the version after it.
            return request.Result() with
            {
                FollowedBy = [.. delta.Changes.Select(c => RosterPushes.Push(request.From, account,
                    c.Item?.ToElement() ?? RosterItem.Removed(c.Jid), c.Version))],
            };
        }
        var roster = await _store.GetRosterAsync(account.Domain, account.Local!);
        return request.Result(X.E("query", Namespaces.Roster, X.A("ver", version is null ? null : roster.Version),
            roster.Items.Select(i => i.ToElement())));
    }

    /// <summary>§2.3 (add), §2.4 (update), §2.5 (remove), with the errors of §2.3.3 and §2.5.3.</summary>
    private async ValueTask<IqResponse> SetAsync(IqRequest<RosterQuery> request)
    {
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        var account = request.To;
        if (request.Payload.Items is not [var item] || !item.Is("item", Namespaces.Roster))
            return request.Error(StanzaErrorCondition.BadRequest, "a roster set holds exactly one item");
        if (item.Attribute("jid") is not { } jidText)
            return request.Error(StanzaErrorCondition.BadRequest, "the item has no jid");
        if (!Jid.TryParse(jidText, out var jid))
            return request.Error(StanzaErrorCondition.JidMalformed);
        if (jid.Bare == account)
            return request.Error(StanzaErrorCondition.NotAllowed, "the account itself is not a contact");
        // §2.1.2.5: in a roster set, every value of 'subscription' but "remove" is ignored; so are 'ask' and
        // 'approved' (§2.1.2.1, §2.1.2.2), which only the server sets.
        if (item.Attribute("subscription") == "remove")
            return await RemoveAsync(request, account, jid);

        var name = item.Attribute("name") is { Length: > 0 } n ? n : null;
        if (name is { Length: > RosterOptions.MaxNameLength })
            return request.Error(StanzaErrorCondition.NotAcceptable, $"names are limited to {RosterOptions.MaxNameLength} characters");
        var groups = item.Elements().Where(e => e.Is("group", Namespaces.Roster)).Select(g => g.Text).ToList();
        if (groups.Any(g => g.Length == 0))
            return request.Error(StanzaErrorCondition.NotAcceptable, "a group name is empty");
        if (groups.Any(g => g.Length > RosterOptions.MaxGroupLength) || groups.Count > RosterOptions.MaxGroups)
            return request.Error(StanzaErrorCondition.NotAcceptable,
                $"at most {RosterOptions.MaxGroups} groups of at most {RosterOptions.MaxGroupLength} characters");
        if (groups.Distinct(StringComparer.Ordinal).Count() != groups.Count)
            return request.Error(StanzaErrorCondition.BadRequest, "a group is named twice");

        // The set is the item as the client wants it: name and groups replaced, the subscription kept.
        var change = await _store.ChangeContactAsync(account.Domain, account.Local!, jid,
            c => c with { Item = (c.Item ?? RosterItem.New(jid)) with { Name = name, Groups = groups } }, _options.MaxItems);
        if (change is null)
            return request.Error(StanzaErrorCondition.PolicyViolation, $"a roster holds at most {_options.MaxItems} items");
        await _pushes.PushAsync(account, change, CancellationToken.None);
        return request.Result();
    }

    private async ValueTask<IqResponse> RemoveAsync(IqRequest<RosterQuery> request, Jid account, Jid jid)
    {
        var change = await _store.ChangeContactAsync(account.Domain, account.Local!, jid,
            c => c.Item is null ? c : c with { Item = null, PendingIn = null }, _options.MaxItems);
        if (change!.Before.Item is null)
            return request.Error(StanzaErrorCondition.ItemNotFound);
        await _pushes.PushAsync(account, change, CancellationToken.None);
        // §2.5.2: the subscriptions end both ways; the contact is told as if the user had sent them.
        var before = change.Before.State;
        if (before.HasTo || before.PendingOut)
            await SendAsync(account, jid.Bare, "unsubscribe", CancellationToken.None);
        if (before.HasFrom || before.PendingIn)
            await SendAsync(account, jid.Bare, "unsubscribed", CancellationToken.None);
        if (before.HasFrom)
            await _presence.SendPresenceAsync(account, jid.Bare, unavailable: true);
        return request.Result();
    }

    /// <summary>A subscription stanza the server sends for the account; never to an entity it blocked (XEP-0191).</summary>
    private async ValueTask SendAsync(Jid account, Jid contact, string type, CancellationToken ct)
    {
        if ((await _blocklists.GetAsync(account, ct)).Blocks(contact))
            return;
        await _router.RouteAsync(X.E("presence", Namespaces.Client, X.A("from", account.ToString()),
            X.A("to", contact.ToString()), X.A("type", type)), ct);
    }

    private async ValueTask<SessionHandle?> SessionOfAsync(Jid resource)
    {
        if (resource.IsBare)
            return null;
        var sessions = await _directory.GetSessionsAsync(resource.Bare);
        return sessions.FirstOrDefault(s => s.Jid == resource)?.Handle;
    }
}

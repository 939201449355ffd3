using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Presence;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Blocking;

/// <summary>
/// XEP-0191: each account's blocklist (get, block, unblock, unblock all, pushes), what a block does to presence,
/// and stanzas between the account and a blocked entity stopped both ways.
/// </summary>
public sealed partial class BlockingModule : IModule
{
    private Blocklists _blocklists = null!;
    // Resources that asked for the blocklist get the pushes (§3.3).
    private readonly ConcurrentDictionary<SessionHandle, byte> _interested = new();
    private IBlocklistStore _store = null!;
    private ISessionDirectory _directory = null!;
    private IRouter _router = null!;
    private IRosterStore _roster = null!;
    private IPresenceState _presence = null!;
    private BlockingOptions _options = null!;

    public ModuleInfo Info { get; } = new("blocking", "Blocking command",
        Spec.Xep(191, "Blocking Command", "1.1"));

    public void Configure(IModuleBuilder module)
    {
        _options = module.Options<BlockingOptions>();
        if (_options.MaxItems <= 0)
            throw new ConfigException("modules.blocking.max_items: must be positive");
        _blocklists = module.Services.GetRequiredService<Blocklists>();
        _store = module.Services.GetRequiredService<IBlocklistStore>();
        _directory = module.Services.GetRequiredService<ISessionDirectory>();
        _router = module.Services.GetRequiredService<IRouter>();
        _roster = module.Services.GetRequiredService<IRosterStore>();
        _presence = module.Services.GetRequiredService<IPresenceState>();

        // §3.1: support is announced in the server's disco#info.
        module.Feature(Namespaces.Blocking);
        module.Iq<BlocklistQuery>(IqType.Get, Addressed.Account, GetAsync);
        module.Iq<BlockCommand>(IqType.Set, Addressed.Account, BlockAsync);
        module.Iq<UnblockCommand>(IqType.Set, Addressed.Account, UnblockAsync);
        // Ahead of every other filter: nothing of a blocked entity reaches subscriptions, offline storage or a client.
        module.Filter(FilterPoint.FromLocalClient, OutboundAsync, priority: 90);
        module.Filter(FilterPoint.ToLocalAccount, InboundAsync, priority: 1000);
        module.On<SessionClosed>(async (closed, ct) =>
        {
            _interested.TryRemove(closed.Handle, out _);
            if ((await _directory.GetSessionsAsync(closed.Jid.Bare, ct)).Count == 0)
                _blocklists.Forget(closed.Jid);
        });
        module.On<UserDeleted>((deleted, _) =>
        {
            if (Jid.TryCreate(deleted.Username, deleted.Host, null, out var account))
                _blocklists.Forget(account);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>§3.2: the blocked JIDs; the resource asking will get the pushes from now on.</summary>
    private async ValueTask<IqResponse> GetAsync(IqRequest<BlocklistQuery> request)
    {
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        if (await SessionOfAsync(request.From) is { } handle)
            _interested[handle] = 0;
        var list = await _blocklists.GetAsync(request.To);
        return request.Result(X.E("blocklist", Namespaces.Blocking, list.Items.Select(Item)));
    }

    /// <summary>§3.3: block one or more JIDs.</summary>
    private async ValueTask<IqResponse> BlockAsync(IqRequest<BlockCommand> request)
    {
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        var account = request.To;
        // §3.3: a block with no item is a bad request.
        if (request.Payload.Jids.Count == 0)
            return request.Error(StanzaErrorCondition.BadRequest, "nothing to block");
        if (Parse(request.Payload.Jids) is not { } jids)
            return Malformed(request, request.Payload.Jids);
        var added = await _store.AddAsync(account.Domain, account.Local!, [.. jids.Select(j => j.ToString())], _options.MaxItems);
        if (added is null)
            return request.Error(StanzaErrorCondition.PolicyViolation, $"a blocklist holds at most {_options.MaxItems} JIDs");
        await _blocklists.ReloadAsync(account, CancellationToken.None);
        await PushAsync(account, X.E("block", Namespaces.Blocking, jids.Select(Item)));
        // §3.3: whoever may see the account's presence sees it go offline.
        var newly = added.Select(Jid.Parse).ToList();
        foreach (var to in await PresenceAudienceAsync(account, newly))
            await _presence.SendPresenceAsync(account, to, unavailable: true);
        return request.Result();
    }

    /// <summary>§3.4 and §3.5: unblock some JIDs, or all of them.</summary>
    private async ValueTask<IqResponse> UnblockAsync(IqRequest<UnblockCommand> request)
    {
        if (request.From.Bare != request.To)
            return request.Error(StanzaErrorCondition.Forbidden);
        var account = request.To;
        var all = request.Payload.Jids.Count == 0;
        IReadOnlyList<Jid>? jids = all ? null : Parse(request.Payload.Jids);
        if (!all && jids is null)
            return Malformed(request, request.Payload.Jids);
        var removed = await _store.RemoveAsync(account.Domain, account.Local!, jids?.Select(j => j.ToString()).ToList());
        await _blocklists.ReloadAsync(account, CancellationToken.None);
        await PushAsync(account, X.E("unblock", Namespaces.Blocking, (jids ?? []).Select(Item)));
        // §3.4: whoever may see the account's presence gets it again, and the account asks for theirs (it was
        // dropped while they were blocked).
        var unblocked = removed.Select(Jid.Parse).ToList();
        foreach (var to in await PresenceAudienceAsync(account, unblocked))
            await _presence.SendPresenceAsync(account, to, unavailable: false);
        foreach (var to in await SubscribedToAsync(account, unblocked))
        {
            await _router.RouteAsync(X.E("presence", Namespaces.Client, X.A("from", account.ToString()),
                X.A("to", to.ToString()), X.A("type", "probe")));
        }
        return request.Result();
    }

    /// <summary>Contacts subscribed to the account's presence, and entities that got directed presence, matched by these items.</summary>
    private async ValueTask<List<Jid>> PresenceAudienceAsync(Jid account, IReadOnlyList<Jid> items)
    {
        if (items.Count == 0)
            return [];
        var roster = await _roster.GetRosterAsync(account.Domain, account.Local!);
        var audience = roster.Items.Where(i => i.Subscription is Subscription.From or Subscription.Both).Select(i => i.Jid)
            .Concat(_presence.GetDirectedPresence(account));
        return [.. audience.Where(j => items.Any(b => Blocklist.Covers(b, j))).Distinct()];
    }

    private async ValueTask<List<Jid>> SubscribedToAsync(Jid account, IReadOnlyList<Jid> items)
    {
        if (items.Count == 0)
            return [];
        var roster = await _roster.GetRosterAsync(account.Domain, account.Local!);
        return [.. roster.Items.Where(i => i.Subscription is Subscription.To or Subscription.Both && items.Any(b => Blocklist.Covers(b, i.Jid)))
            .Select(i => i.Jid)];
    }

    /// <summary>§3.3, §3.4: the command, as a push to every resource that asked for the blocklist.</summary>
    private async ValueTask PushAsync(Jid account, Element command)
    {
        foreach (var s in await _directory.GetSessionsAsync(account))
        {
            if (_interested.ContainsKey(s.Handle))
            {
                await _router.RouteAsync(Stanza.Iq(Namespaces.Client, IqType.Set, "block-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                    s.Jid.ToString(), account.ToString(), command));
            }
        }
    }

    private static Element Item(Jid jid) => X.E("item", Namespaces.Blocking, X.A("jid", jid.ToString()));

    /// <summary>The JIDs, normalized; null when one is missing or not a JID.</summary>
    private static List<Jid>? Parse(IReadOnlyList<string?> jids)
    {
        var result = new List<Jid>(jids.Count);
        foreach (var text in jids)
        {
            if (!Jid.TryParse(text, out var jid))
                return null;
            if (!result.Contains(jid))
                result.Add(jid);
        }
        return result;
    }

    /// <summary>An item without a jid is a bad request; one whose jid is not a JID, jid-malformed (RFC 6120 §8.3.3.8).</summary>
    private static IqResponse Malformed<T>(IqRequest<T> request, IReadOnlyList<string?> jids)
        => jids.Any(j => j is null)
            ? request.Error(StanzaErrorCondition.BadRequest, "an item has no jid")
            : request.Error(StanzaErrorCondition.JidMalformed);

    private async ValueTask<SessionHandle?> SessionOfAsync(Jid resource)
    {
        if (resource.IsBare)
            return null;
        var sessions = await _directory.GetSessionsAsync(resource.Bare);
        return sessions.FirstOrDefault(s => s.Jid == resource)?.Handle;
    }
}

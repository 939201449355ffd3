using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Presence;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.LastActivity;

/// <summary>
/// XEP-0012: the server's uptime, and for an account how long ago it logged out and with what status, told only
/// to the account itself and those who may see its presence (§3, §8).
/// </summary>
public sealed class LastActivityModule(TimeProvider clock) : IModule
{
    // The status of the unavailable presence each session sent last, until the session ends.
    private readonly ConcurrentDictionary<SessionHandle, string> _leavingStatus = new();

    public ModuleInfo Info { get; } = new("lastactivity", "Server uptime and when accounts last logged out",
        Spec.Xep(12, "Last Activity", "1.2"));

    public void Configure(IModuleBuilder module)
    {
        var started = clock.GetUtcNow();
        var store = module.Services.GetRequiredService<ILastActivityStore>();
        var directory = module.Services.GetRequiredService<ISessionDirectory>();
        var presence = module.Services.GetRequiredService<IPresenceState>();

        // §6: support is announced with the namespace as a feature.
        module.Feature(Namespaces.LastActivity);

        // §5: to the server, the time it has been up, without text.
        module.Iq<LastActivityQuery>(IqType.Get, Addressed.Host,
            request => ValueTask.FromResult(request.Result(LastActivityQuery.Answer(SecondsSince(started), null))));

        module.Iq<LastActivityQuery>(IqType.Get, Addressed.Account, async request =>
        {
            // §3 and §8: MUST NOT tell anyone not allowed to see the account's presence (a subscription from or
            // both), and MUST say forbidden.
            if (!await presence.MaySeeAsync(request.To, request.From))
                return request.Error(StanzaErrorCondition.Forbidden);
            // §3: an account with an available resource SHOULD get 0 seconds and no text.
            var sessions = await directory.GetSessionsAsync(request.To);
            if (sessions.Any(s => s.Available))
                return request.Result(LastActivityQuery.Answer(0, null));
            var last = await store.GetAsync(request.To.Domain, request.To.Local!);
            if (last is null)
                return request.Error(StanzaErrorCondition.ItemNotFound, "no logout recorded");
            return request.Result(LastActivityQuery.Answer(SecondsSince(last.At), last.Status));
        });

        // Sees the unavailable presence a client sends before it leaves, for its status text (§3 "the status
        // message of the last unavailable presence"). Ahead of the presence module, which consumes it.
        module.Filter(FilterPoint.FromLocalClient, (context, ct) =>
        {
            if (context.Kind == StanzaKind.Presence && context.To is null && context.Session is { } handle)
            {
                switch (Stanza.Type(context.Stanza))
                {
                    case "unavailable":
                        _leavingStatus[handle] = StatusOf(context.Stanza) ?? "";
                        break;
                    case null:
                        _leavingStatus.TryRemove(handle, out _);
                        break;
                }
            }
            return ValueTask.FromResult(FilterResult.Continue);
        }, priority: 100);

        module.On<SessionClosed>(async (closed, ct) =>
        {
            _leavingStatus.TryRemove(closed.Handle, out var status);
            var account = closed.Jid.Bare;
            await store.SetAsync(account.Domain, account.Local!, new LastLogout(clock.GetUtcNow(), string.IsNullOrEmpty(status) ? null : status), ct);
        });
    }

    private long SecondsSince(DateTimeOffset then) => Math.Max(0, (long)(clock.GetUtcNow() - then).TotalSeconds);

    /// <summary>RFC 6121 §4.7.2.2: the &lt;status/&gt; without xml:lang, else the first one.</summary>
    private static string? StatusOf(Element presence)
    {
        var statuses = presence.Elements().Where(e => e.Is("status", presence.Namespace)).ToList();
        return (statuses.FirstOrDefault(s => s.Lang is null) ?? statuses.FirstOrDefault())?.Text;
    }
}

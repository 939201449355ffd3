using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Modules.Blocking;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Payloads;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Offline;

/// <summary>
/// XEP-0160: messages to an account with no resource to take them are kept, durably, and handed to the next
/// resource that comes online with non-negative priority, each stamped with a XEP-0203 delay.
/// </summary>
/// <remarks>
/// "Delivered" means handed to the session's outbound queue, after which the stored copy is deleted. Without
/// stream management (XEP-0198) nothing tells the server that the client read it: a connection that dies right
/// then loses the messages in its queue, exactly as it loses messages delivered live. With XEP-0198 the deletion
/// will wait for the client's acknowledgement.
/// </remarks>
public sealed class OfflineModule(TimeProvider clock) : IModule
{
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    // Storing for an account and delivering to it take the account's lock, so a message is never stored just after
    // the delivery that should have taken it. Striped: a fixed set of locks, whatever the number of accounts.
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    // Sessions whose last available presence had a negative priority: raising it to non-negative is "sending
    // non-negative available presence" (XEP-0160 §2), which delivers what waits.
    private readonly ConcurrentDictionary<SessionHandle, byte> _negative = new();

    public ModuleInfo Info { get; } = new("offline", "Keeps messages for accounts that are offline",
        Spec.Xep(160, "Best Practices for Handling Offline Messages", "1.0.1"),
        Spec.Xep(203, "Delayed Delivery", "2.0", notes: "stamps messages delivered from offline storage"),
        Spec.Xep(334, "Message Processing Hints", "1.0.0", "partial", "no-store, no-permanent-store and store, for offline storage; no-copy waits for carbons"));

    public void Configure(IModuleBuilder module)
    {
        var options = module.Options<OfflineOptions>();
        var queue = module.Services.GetRequiredService<ParleyOptions>().Limits.SessionQueue;
        if (options.MaxMessages <= 0)
            throw new ConfigException("modules.offline.max_messages: must be positive");
        // Everything waiting is put in the session's queue at once, and a full queue closes the session.
        if (options.MaxMessages > queue / 2)
            throw new ConfigException($"modules.offline.max_messages: at most half of limits.session_queue ({queue / 2}), "
                + "since waiting messages are queued at once when the account comes online");
        var store = module.Services.GetRequiredService<IOfflineStore>();
        var directory = module.Services.GetRequiredService<ISessionDirectory>();
        var sessions = module.Services.GetRequiredService<LocalSessionRegistry>();
        var blocklists = module.Services.GetRequiredService<IBlocklists>();
        _logger = module.Services.GetRequiredService<ILoggerFactory>().CreateLogger<OfflineModule>();

        // §4: support is announced as msgoffline.
        module.Feature("msgoffline");

        // Low priority: blocking and other refusals run first; what they let through and no resource can take is
        // kept here. The router bounces what this filter lets pass without a recipient.
        module.Filter(FilterPoint.ToLocalAccount, async (context, ct) =>
        {
            if (context.Kind != StanzaKind.Message || context.To is not { } to)
                return FilterResult.Continue;
            var message = context.Stanza;
            var account = to.Bare;
            if (MessageDelivery.Plan(message, to, await directory.GetSessionsAsync(account, ct)).Outcome
                != MessageOutcome.NoAvailableResource)
            {
                return FilterResult.Continue;
            }
            switch (Decide(message))
            {
                case Keep.Drop:
                    return FilterResult.Consumed;
                case Keep.No:
                    return FilterResult.Continue;
            }
            var gate = LockOf(account);
            await gate.WaitAsync(ct);
            try
            {
                // Again under the lock: a resource may have come online (and taken what waited) meanwhile.
                if (MessageDelivery.Plan(message, to, await directory.GetSessionsAsync(account, ct)).Outcome
                    != MessageOutcome.NoAvailableResource)
                {
                    return FilterResult.Continue;
                }
                var result = await store.StoreAsync(account.Domain, account.Local!, message, clock.GetUtcNow(),
                    options.MaxMessages, ct);
                switch (result)
                {
                    case OfflineStoreResult.Stored:
                        return FilterResult.Consumed;
                    case OfflineStoreResult.Full:
                        // §2: a full queue is service-unavailable (resource-constraint would invite a retry that
                        // cannot succeed until the recipient logs in).
                        LogFull(account.ToString(), options.MaxMessages);
                        return FilterResult.Bounce(new StanzaError(StanzaErrorCondition.ServiceUnavailable,
                            "the recipient's offline storage is full"));
                    default:
                        return FilterResult.Continue; // No such account: the router answers (RFC 6121 §8.5.1).
                }
            }
            finally
            {
                gate.Release();
            }
        }, priority: -1000);

        module.On<ResourceAvailable>(async (available, ct) =>
        {
            if (available.Priority < 0)
            {
                _negative[available.Handle] = 0;
                return;
            }
            var wasNegative = _negative.TryRemove(available.Handle, out _);
            if (!available.Initial && !wasNegative)
                return;
            if (sessions.TryGet(available.Handle, out var session))
                await DeliverAsync(store, blocklists, session!, ct);
        });

        module.On<SessionClosed>((closed, _) =>
        {
            _negative.TryRemove(closed.Handle, out byte _);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>XEP-0160 §2: the waiting messages go to the resource that has just come online, oldest first.</summary>
    private async ValueTask DeliverAsync(IOfflineStore store, IBlocklists blocklists, ILocalSession session, CancellationToken ct)
    {
        var account = session.Jid.Bare;
        var gate = LockOf(account);
        await gate.WaitAsync(ct);
        try
        {
            var waiting = await store.GetAsync(account.Domain, account.Local!, ct);
            if (waiting.Count == 0)
                return;
            // Blocking was checked when the message was stored; the account may have blocked the sender since, and
            // XEP-0191 §3.3 delivers nothing from a blocked entity: such messages go without being delivered.
            var blocklist = await blocklists.GetAsync(account, ct);
            var done = new List<long>(waiting.Count);
            foreach (var m in waiting)
            {
                if (!(Jid.TryParse(m.Message.Attribute("from"), out var from) && blocklist.Blocks(from))
                    && !session.TrySend(WithDelay(m, account.Domain)))
                {
                    break; // The session is closing: the rest waits for the next one.
                }
                done.Add(m.Id);
            }
            // Only what the session took is forgotten; a crash before this line delivers those again next time.
            if (done.Count > 0)
                await store.RemoveAsync(account.Domain, account.Local!, done, ct);
            LogDelivered(done.Count, session.Jid.ToString());
        }
        finally
        {
            gate.Release();
        }
    }

    private enum Keep
    {
        Yes,
        No,
        Drop,
    }

    /// <summary>Whether a message nobody can take now is kept (XEP-0160 §3, XEP-0334, XEP-0085 §5.6).</summary>
    private static Keep Decide(Element message)
    {
        // XEP-0160 §3 and XEP-0085 §5.6: a standalone chat state is not kept, and not worth an error either.
        if (IsStandaloneChatState(message) && !Hints.Store(message))
            return Keep.Drop;
        // XEP-0334 §4.2: <no-store/> forbids even temporary storage; the sender gets service-unavailable, which
        // RFC 6121 §8.5.2.2.1 gives as the alternative. (<no-permanent-store/> allows this kind of storage.)
        if (Hints.NoStore(message))
            return Keep.No;
        // XEP-0334 §4.4: <store/> asks for storage of anything but an error; on a headline the sender says it is
        // not the time-sensitive kind XEP-0160 §3 leaves out. (Groupchat never gets here: RFC 6121 bounces it.)
        if (Hints.Store(message))
            return Keep.Yes;
        // XEP-0160 §3: headlines are time-sensitive and not kept; the router drops them (RFC 6121 §8.5.2.2.1).
        return MessageDelivery.TypeOf(message) == "headline" ? Keep.No : Keep.Yes;
    }

    private const string ChatStates = "http://jabber.org/protocol/chatstates";

    private static bool IsStandaloneChatState(Element message)
    {
        var state = false;
        foreach (var child in message.Elements())
        {
            if (child.Namespace == ChatStates)
                state = true;
            else if (!(child.Namespace == Namespaces.Hints || child.Is("thread", message.Namespace)))
                return false;
        }
        return state;
    }

    /// <summary>
    /// XEP-0203 with the server as the entity that delayed it (XEP-0160 §2). A delay claiming to come from this
    /// server that the sender put in is removed: only the server speaks for itself.
    /// </summary>
    private static Element WithDelay(OfflineMessage stored, string host)
    {
        var message = stored.Message;
        var nodes = message.Nodes.RemoveAll(n => n is Element e && e.Is("delay", Namespaces.Delay) && e.Attribute("from") == host);
        var delay = X.E("delay", Namespaces.Delay, X.A("from", host), X.A("stamp", Stamp(stored.Stamp)), "Offline Storage");
        return message.WithNodes(nodes.Add(delay));
    }

    /// <summary>XEP-0082 DateTime in UTC, with milliseconds so that messages within one second keep their order.</summary>
    internal static string Stamp(DateTimeOffset at)
        => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private SemaphoreSlim LockOf(Jid account) => _locks[(account.GetHashCode() & int.MaxValue) % _locks.Length];

    private void LogFull(string account, int max)
        => _logger.LogInformation("Offline storage of {Account} is full ({Max} messages): bounced", account, max);

    private void LogDelivered(int count, string jid)
        => _logger.LogDebug("Delivered {Count} offline messages to {Jid}", count, jid);
}

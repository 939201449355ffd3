using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Config;
using Parley.Server.Events;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Modules.Ping;

/// <summary>
/// XEP-0199: the server answers pings addressed to it (and, on their behalf, to accounts), and pings clients that
/// have been silent for a while (§4.2), closing the stream of one that does not answer.
/// </summary>
public sealed class PingModule : IModule
{
    // Sessions with a ping in flight: one at a time each.
    private readonly ConcurrentDictionary<SessionHandle, byte> _pinging = new();

    public ModuleInfo Info { get; } = new("ping", "Answers pings; pings silent clients to find dead connections",
        Spec.Xep(199, "XMPP Ping", "2.0.1"));

    public void Configure(IModuleBuilder module)
    {
        module.Feature(Namespaces.Ping);
        module.Iq<PingRequest>(IqType.Get, Addressed.Host | Addressed.Account,
            static request => ValueTask.FromResult(request.Result()));

        var options = module.Options<PingOptions>();
        if (options.IntervalSeconds < 0 || options.TimeoutSeconds <= 0)
            throw new ConfigException("modules.ping: interval_seconds must be 0 (off) or more, timeout_seconds positive");
        if (options.IntervalSeconds == 0)
            return;
        // The c2s idle timeout closes a stream that has been silent that long. If it came before the ping had been
        // sent and answered, a quiet client that is alive would lose its connection for nothing.
        var idle = module.Services.GetRequiredService<ParleyOptions>().C2s.IdleTimeoutSeconds;
        if (options.IntervalSeconds + options.TimeoutSeconds >= idle)
        {
            throw new ConfigException($"modules.ping: interval_seconds + timeout_seconds must be less than "
                + $"c2s.idle_timeout_seconds ({idle}), or quiet clients are cut off before they are pinged");
        }
        var sessions = module.Services.GetRequiredService<LocalSessionRegistry>();
        var iq = module.Services.GetRequiredService<IIqClient>();
        var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        // A session is pinged between one interval and one interval plus a sweep period after it fell silent.
        var sweep = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(interval.TotalMilliseconds, timeout.TotalMilliseconds) / 4, 100, 15_000));

        module.On<SessionClosed>((closed, _) =>
        {
            _pinging.TryRemove(closed.Handle, out byte _);
            return ValueTask.CompletedTask;
        });

        module.Background(async stopping =>
        {
            using var timer = new PeriodicTimer(sweep);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var session in sessions.All)
                {
                    if (session.SilentFor >= interval && _pinging.TryAdd(session.Handle, 0))
                        _ = PingAsync(iq, session, timeout, stopping);
                }
            }
        });
    }

    /// <summary>
    /// §4.2: a result or an error both prove the client is there (a client without ping support answers with
    /// service-unavailable); no answer in time means the connection is dead (RFC 6120 §4.9.3.4).
    /// </summary>
    private async Task PingAsync(IIqClient iq, ILocalSession session, TimeSpan timeout, CancellationToken stopping)
    {
        try
        {
            var ping = Stanza.Iq(Namespaces.Client, IqType.Get, "", session.Jid.ToString(), session.Jid.Domain,
                X.E("ping", Namespaces.Ping));
            await iq.SendAsync(ping, timeout, stopping);
        }
        catch (TimeoutException)
        {
            // The session stays marked until it has ended (SessionClosed): it is not pinged again meanwhile.
            session.Close(new StreamError(StreamErrorCondition.ConnectionTimeout, "no answer to a ping"));
            return;
        }
        catch (OperationCanceledException)
        {
        }
        _pinging.TryRemove(session.Handle, out _);
    }
}

public sealed class PingOptions
{
    /// <summary>Seconds of silence from a client before the server pings it (XEP-0199 §4.2); 0 turns it off.</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("interval_seconds")]
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>Seconds to wait for the answer before the connection is closed as dead.</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get; set; } = 60;
}

public sealed record PingRequest : IPayload<PingRequest>
{
    private static readonly PingRequest _instance = new();

    public static string ElementName => "ping";

    public static string Namespace => Namespaces.Ping;

    public static PingRequest? Parse(Element element) => _instance;
}

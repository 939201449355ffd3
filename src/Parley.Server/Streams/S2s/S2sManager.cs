using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Outgoing federation: one <see cref="S2sRoute"/> per (local domain, remote domain), made on first use. The
/// router hands it every stanza for a remote domain; incoming streams ask it to verify dialback keys.
/// </summary>
internal sealed partial class S2sManager(S2sServices services, ILogger<S2sManager> logger)
{
    private readonly ConcurrentDictionary<(string Local, string Remote), S2sRoute> _routes = new();

    public IEnumerable<S2sRoute> Routes => _routes.Values;

    /// <summary>
    /// Sends a stanza whose 'from' is at a local domain to a remote domain. Anything else would make this server
    /// a relay (or a loop), and is dropped.
    /// </summary>
    public async ValueTask SendAsync(Element stanza, Jid from, Jid to)
    {
        if (!services.Hosts.Contains(from.Domain) || services.Hosts.Contains(to.Domain))
        {
            LogNotRelayed(stanza.Name, from.Domain, to.Domain);
            return;
        }
        await Route(from.Domain, to.Domain).SendAsync(stanza);
    }

    public Task<VerifyOutcome> VerifyAsync(string local, string remote, string streamId, string key, CancellationToken ct)
        => Route(local, remote).VerifyAsync(streamId, key, ct);

    public void Forget(S2sRoute route) => _routes.TryRemove(new KeyValuePair<(string, string), S2sRoute>((route.Local, route.Remote), route));

    private S2sRoute Route(string local, string remote)
        => _routes.GetOrAdd((local, remote), static (k, s) => new S2sRoute(s, k.Local, k.Remote), services);

    /// <summary>An error back to the local sender; never for an error or an IQ result (RFC 6120 §8.3.1).</summary>
    public async ValueTask BounceAsync(Element stanza, StanzaErrorCondition condition)
    {
        if (Stanza.IsError(stanza) || (stanza.Name == "iq" && Stanza.Type(stanza) == "result"))
            return;
        await services.Router.RouteAsync(Stanza.ErrorReply(stanza, new StanzaError(condition)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "s2s out {Local} -> {Remote}: connecting failed unexpectedly")]
    public partial void LogConnectBug(Exception e, string local, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s: not relaying a {Stanza} from {From} to {To}")]
    private partial void LogNotRelayed(string stanza, string from, string to);
}

using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Hosting;
using Parley.Server.Modules;
using Parley.Server.Sessions;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Server.Routing;

/// <summary>Classifies the destination (local host, local account, remote domain) and applies RFC 6121 §8.</summary>
internal sealed partial class Router(
    LocalHosts hosts,
    ISessionDirectory directory,
    LocalSessionRegistry localSessions,
    IqDispatcher iqHandlers,
    StanzaFilters filters,
    IUserStore users,
    PendingIqs pendingIqs,
    Config.ParleyOptions options,
    Streams.S2s.S2sManager federation,
    ILogger<Router> logger) : IRouter
{
    public async ValueTask RouteAsync(Element stanza, CancellationToken cancellationToken = default)
    {
        if (!Stanza.TryGetKind(stanza, out var kind))
            return;
        if (!Jid.TryParse(stanza.Attribute("from"), out var from))
        {
            LogUnroutable(stanza.Name);
            return;
        }
        var toAttribute = stanza.Attribute("to");
        Jid? to = null;
        if (toAttribute is not null && !Jid.TryParse(toAttribute, out to))
        {
            await BounceAsync(stanza, StanzaErrorCondition.JidMalformed, cancellationToken);
            return;
        }
        // RFC 6120 §10.3: no 'to' means the sender's own account (the server answers on its behalf).
        var target = to ?? from!.Bare;
        if (!hosts.Contains(target.Domain))
        {
            // RFC 6120 §10.4: a remote domain goes over server-to-server; with federation off it is unreachable.
            if (options.S2s.Enabled)
                await federation.SendAsync(stanza, from!, target);
            else
                await BounceAsync(stanza, StanzaErrorCondition.RemoteServerNotFound, cancellationToken);
            return;
        }
        if (target.Local is null)
        {
            await ToHostAsync(stanza, kind, from!, target, cancellationToken);
            return;
        }
        var verdict = await filters[FilterPoint.ToLocalAccount].RunAsync(new StanzaContext(stanza, kind, from!, target, null), cancellationToken);
        if (verdict.Verdict == FilterVerdict.Consumed)
            return;
        if (verdict.Verdict == FilterVerdict.Bounce)
        {
            await BounceAsync(stanza, verdict.Error!, cancellationToken);
            return;
        }
        switch (kind)
        {
            case StanzaKind.Message:
                await MessageToAccountAsync(stanza, target, cancellationToken);
                break;
            case StanzaKind.Presence:
                await PresenceToAccountAsync(stanza, target, cancellationToken);
                break;
            case StanzaKind.Iq:
                await IqToAccountAsync(stanza, from!, target, cancellationToken);
                break;
        }
    }

    private async ValueTask ToHostAsync(Element stanza, StanzaKind kind, Jid from, Jid host, CancellationToken ct)
    {
        if (kind == StanzaKind.Iq)
        {
            await DispatchIqAsync(stanza, from, host, Addressed.Host, ct);
            return;
        }
        // Messages to the server itself: nothing consumes them yet; errors and headlines are never answered.
        if (kind == StanzaKind.Message && Stanza.Type(stanza) is not ("error" or "headline" or "groupchat"))
            await BounceAsync(stanza, StanzaErrorCondition.ServiceUnavailable, ct);
    }

    private async ValueTask DispatchIqAsync(Element iq, Jid from, Jid to, Addressed addressing, CancellationToken ct)
    {
        if (!Stanza.TryGetIqType(iq, out var type))
            return;
        if (type is IqType.Result or IqType.Error)
        {
            // The answer to a request the server sent (IIqClient), or nothing anyone waits for: never answered
            // (RFC 6120 §8.2.3).
            pendingIqs.TryComplete(iq, from);
            return;
        }
        var payload = Stanza.IqPayload(iq);
        if (payload is null || !iqHandlers.TryGet(type, addressing, payload, out var handler))
        {
            await BounceAsync(iq, StanzaErrorCondition.ServiceUnavailable, ct);
            return;
        }
        IqResponse response;
        try
        {
            response = await handler!(iq, payload, from, to, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHandlerFailed(e, payload.Namespace);
            await BounceAsync(iq, StanzaErrorCondition.InternalServerError, ct);
            return;
        }
        var reply = response.Stanza;
        // RFC 6120 §10.3.3: a request without 'to' was answered on behalf of the sender's account, so the answer
        // comes from that account (the reply built from the request has no 'from' and could not be routed).
        if (reply.Attribute("from") is null)
            reply = reply.WithAttribute("from", to.ToString());
        await RouteAsync(reply, ct);
        foreach (var next in response.FollowedBy ?? [])
            await RouteAsync(next, ct);
    }

    /// <summary>Returns an error to the sender; never answers an error with an error (RFC 6120 §8.3.1).</summary>
    internal ValueTask BounceAsync(Element stanza, StanzaErrorCondition condition, CancellationToken ct)
        => BounceAsync(stanza, new StanzaError(condition), ct);

    internal async ValueTask BounceAsync(Element stanza, StanzaError error, CancellationToken ct)
    {
        if (Stanza.IsError(stanza) || (stanza.Name == "iq" && Stanza.Type(stanza) == "result"))
            return;
        var reply = Stanza.ErrorReply(stanza, error);
        if (reply.Attribute("from") is null)
        {
            // The stanza had no 'to': the error comes from the sender's own account.
            var sender = Jid.Parse(stanza.Attribute("from")!);
            reply = reply.WithAttribute("from", sender.Bare.ToString());
        }
        await RouteAsync(reply, ct);
    }

    private async ValueTask<bool> DeliverAsync(SessionEntry entry, Element stanza)
    {
        if (localSessions.TryGet(entry.Handle, out var session))
            return session!.TrySend(stanza);
        await Task.CompletedTask;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a {Stanza} without a valid from")]
    private partial void LogUnroutable(string stanza);

    [LoggerMessage(Level = LogLevel.Error, Message = "IQ handler for {Namespace} failed")]
    private partial void LogHandlerFailed(Exception e, string @namespace);
}

using System.Security.Cryptography;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

// Resource binding (RFC 6120 §7) and the start of the established session.
internal sealed partial class C2sStream
{
    private async ValueTask<StreamAction> BeforeBindAsync(Element element)
    {
        if (element.Is("iq", Namespaces.Client) && Stanza.Type(element) == "set"
            && Stanza.IqPayload(element) is { } payload && payload.Is("bind", Namespaces.Bind))
            return await BindAsync(element, payload);
        if (element.Is("iq", Namespaces.Client) && Stanza.IqPayload(element) is { } s && s.Is("session", Namespaces.Session))
            return await ReplyDirectAsync(Stanza.Result(element));
        if (element.Namespace == Namespaces.Client)
            return Fail(StreamErrorCondition.NotAuthorized, "bind a resource first");
        return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected {{{element.Namespace}}}{element.Name}");
    }

    private async ValueTask<StreamAction> BindAsync(Element iq, Element bind)
    {
        if (iq.Attribute("id") is null)
            return await ReplyDirectAsync(Stanza.ErrorReply(iq, new StanzaError(StanzaErrorCondition.BadRequest, "an IQ needs an id")));
        string resource;
        var requested = bind.Child("resource", Namespaces.Bind)?.Text;
        if (string.IsNullOrEmpty(requested))
        {
            // §7.6.2.1: the server generates a resource when the client asks for none.
            resource = "parley-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        }
        else if (!Jid.TryNormalizeResource(requested, out var normalized))
        {
            return await ReplyDirectAsync(Stanza.ErrorReply(iq, new StanzaError(StanzaErrorCondition.BadRequest, "not a valid resource")));
        }
        else
        {
            resource = normalized!;
        }
        if (!Jid.TryCreate(_username, _host!, resource, out var jid))
            return await ReplyDirectAsync(Stanza.ErrorReply(iq, new StanzaError(StanzaErrorCondition.BadRequest, "not a valid resource")));

        Handle = _services.LocalSessions.NewHandle();
        var outcome = await _services.Directory.BindAsync(jid!, Handle, _services.ConflictPolicy);
        if (!outcome.Bound)
        {
            // §7.7.2.2 with the "refuse" policy: the resource is taken.
            return await ReplyDirectAsync(Stanza.ErrorReply(iq, new StanzaError(StanzaErrorCondition.Conflict, StanzaErrorType.Cancel)));
        }
        if (outcome.Replaced is { } old && _services.LocalSessions.TryGet(old, out var replaced))
            replaced!.Close(new StreamError(StreamErrorCondition.Conflict, "replaced by a new session for this resource"));

        _jid = jid;
        StopNegotiationTimer();
        // The queue starts owned by this read loop (draining): stanzas routed here before the bind result is
        // flushed wait behind it.
        _outbound = new Queue<Element>();
        _draining = true;
        _services.LocalSessions.Register(this);
        LogBound(_remoteAddress, jid!.ToString());
        var result = Stanza.Result(iq, X.E("bind", Namespaces.Bind, X.E("jid", Namespaces.Bind, jid!.ToString())));
        XmppOutput.Write(_output, result, Namespaces.Client);
        await _output.FlushAsync();
        HandOverOutput();
        await _services.Events.PublishAsync(new SessionBound(jid!, Handle));
        return StreamAction.Continue;
    }

    /// <summary>Before bind the read loop owns the output and writes replies itself.</summary>
    private async ValueTask<StreamAction> ReplyDirectAsync(Element stanza)
    {
        XmppOutput.Write(_output, stanza, Namespaces.Client);
        await _output.FlushAsync();
        return StreamAction.Continue;
    }

    private async ValueTask UnbindAsync()
    {
        var jid = _jid!;
        _services.LocalSessions.Unregister(Handle);
        await _services.Directory.UnbindAsync(jid, Handle);
        await _services.Events.PublishAsync(new SessionClosed(jid, Handle));
    }
}

using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

// The established session: stanzas in (RFC 6120 §8), the bounded queue out (DESIGN §3.10–3.11).
internal sealed partial class C2sStream
{
    private async ValueTask<StreamAction> OnStanzaAsync(Element element)
    {
        if (!Stanza.TryGetKind(element, out var kind) || element.Namespace != Namespaces.Client)
            return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected {{{element.Namespace}}}{element.Name}");

        // §8.1.2.1: the server stamps 'from' with the full JID, whatever the client wrote.
        var stanza = element.WithAttribute("from", _jid!.ToString());
        var toAttribute = stanza.Attribute("to");
        Jid? to = null;
        if (toAttribute is not null && !Jid.TryParse(toAttribute, out to))
        {
            Send(Stanza.ErrorReply(stanza.WithAttribute("to", null), new StanzaError(StanzaErrorCondition.JidMalformed)));
            return StreamAction.Continue;
        }
        if (to is not null)
            stanza = stanza.WithAttribute("to", to.ToString());

        if (kind == StanzaKind.Iq)
        {
            // §8.2.3: an IQ has an id, a known type, and exactly one child when it is a get or set.
            if (stanza.Attribute("id") is null || !Stanza.TryGetIqType(stanza, out var type)
                || (type is IqType.Get or IqType.Set && stanza.Elements().Count() != 1))
            {
                if (!Stanza.IsError(stanza))
                    Send(Stanza.ErrorReply(stanza, new StanzaError(StanzaErrorCondition.BadRequest)));
                return StreamAction.Continue;
            }
            if (to is null && type == IqType.Set && Stanza.IqPayload(stanza)!.Is("session", Namespaces.Session))
            {
                Send(Stanza.Result(stanza));
                return StreamAction.Continue;
            }
        }

        var context = new StanzaContext(stanza, kind, _jid!, to, Handle);
        var verdict = await _services.Modules.Filters[FilterPoint.FromLocalClient].RunAsync(context, CancellationToken.None);
        switch (verdict.Verdict)
        {
            case FilterVerdict.Consumed:
                return StreamAction.Continue;
            case FilterVerdict.Bounce:
                if (!Stanza.IsError(stanza))
                    Send(Stanza.ErrorReply(stanza, verdict.Error!));
                return StreamAction.Continue;
        }
        await _services.Router.RouteAsync(stanza);
        return StreamAction.Continue;
    }

    private void Send(Element stanza) => TrySend(stanza);

    public bool TrySend(Element stanza)
    {
        var outbound = _outbound;
        if (outbound is null || Volatile.Read(ref _closeRequested) != 0)
            return false;
        if (outbound.Writer.TryWrite(stanza))
            return true;
        // A reader too slow to keep up never slows the sender down (DESIGN §3.10).
        Close(new StreamError(StreamErrorCondition.PolicyViolation, "too many stanzas waiting to be read"));
        return false;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound!.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var stanza))
                    XmppOutput.Write(_output, stanza, Namespaces.Client);
                var flushed = await _output.FlushAsync();
                if (flushed.IsCompleted)
                    return;
            }
            await WriteCloseAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Close(null);
        }
    }
}

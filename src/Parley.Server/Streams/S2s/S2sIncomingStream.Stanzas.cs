using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

// Stanzas from the peer (RFC 6120 §8 over s2s): only from authenticated domain pairs, only to our domains.
internal sealed partial class S2sIncomingStream
{
    private async ValueTask<StreamAction> OnStanzaAsync(Element element, StanzaKind kind)
    {
        if (!AnyAuthenticated)
            return Fail(StreamErrorCondition.NotAuthorized, "no domain is authenticated on this stream");
        var fromAttribute = element.Attribute("from");
        var toAttribute = element.Attribute("to");
        // RFC 6120 §8.1.1.1, §8.1.2.1: between servers every stanza carries both addresses.
        if (fromAttribute is null || toAttribute is null)
            return Fail(StreamErrorCondition.ImproperAddressing, "a stanza between servers needs 'from' and 'to'");
        if (!Jid.TryParse(fromAttribute, out var from))
            return Fail(StreamErrorCondition.InvalidFrom, "'from' is not a JID");
        if (!Jid.TryParse(toAttribute, out var to))
        {
            if (!_authenticated.ContainsKey((from!.Domain, _host!)))
                return Fail(StreamErrorCondition.InvalidFrom, $"{from.Domain} is not authenticated on this stream");
            if (!Stanza.IsError(element))
            {
                var reply = StanzaNamespace.Rebase(Stanza.ErrorReply(element.WithAttribute("to", null), new StanzaError(StanzaErrorCondition.JidMalformed)),
                    Namespaces.Server, Namespaces.Client);
                await _services.Router.RouteAsync(reply.WithAttribute("from", _host).WithAttribute("to", from.ToString()));
            }
            return StreamAction.Continue;
        }
        // No relaying and no loops: a stanza arriving from another server is for one of our domains or refused.
        if (!_services.Hosts.Contains(to!.Domain))
            return Fail(StreamErrorCondition.HostUnknown, $"this server does not serve {to.Domain}");
        // RFC 6120 §4.9.3.10 and §13.7.1: only from the domain pairs authenticated on this stream.
        if (!_authenticated.ContainsKey((from!.Domain, to.Domain)))
            return Fail(StreamErrorCondition.InvalidFrom, $"{from.Domain} is not authenticated for {to.Domain} on this stream");

        var stanza = StanzaNamespace.Rebase(element, Namespaces.Server, Namespaces.Client)
            .WithAttribute("from", from.ToString()).WithAttribute("to", to.ToString());
        if (kind == StanzaKind.Iq)
        {
            // RFC 6120 §8.2.3: an id, a known type, exactly one child for get and set.
            if (stanza.Attribute("id") is null || !Stanza.TryGetIqType(stanza, out var type)
                || (type is IqType.Get or IqType.Set && stanza.Elements().Count() != 1))
            {
                if (!Stanza.IsError(stanza))
                    await _services.Router.RouteAsync(Stanza.ErrorReply(stanza, new StanzaError(StanzaErrorCondition.BadRequest)));
                return StreamAction.Continue;
            }
        }
        await _services.Router.RouteAsync(stanza);
        return StreamAction.Continue;
    }
}

using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>An IQ get or set for a module: the stanza, its parsed payload, and who sent it to whom.</summary>
public sealed record IqRequest<TPayload>(Element Stanza, TPayload Payload, Jid From, Jid To, IServiceProvider Services)
{
    public IqResponse Result(Element? payload = null) => new(AnsweredBy(Protocol.Stanzas.Stanza.Result(Stanza, payload), To));

    public IqResponse Error(StanzaErrorCondition condition, string? text = null)
        => new(AnsweredBy(Protocol.Stanzas.Stanza.ErrorReply(Stanza, new StanzaError(condition, text)), To));

    // An IQ without 'to' was for the sender's own account (RFC 6120 §10.3.3): the answer comes from that bare
    // JID, which To holds, because a stanza is routed by its 'from' and one without it goes nowhere.
    internal static Element AnsweredBy(Element reply, Jid to) => reply.Attribute("from") is null ? reply.WithAttribute("from", to.ToString()) : reply;
}

/// <summary>The reply a handler returns: a result or an error IQ, addressed back to the requester.</summary>
public readonly record struct IqResponse(Element Stanza);

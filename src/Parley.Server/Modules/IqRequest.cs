using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>An IQ get or set for a module: the stanza, its parsed payload, and who sent it to whom.</summary>
public sealed record IqRequest<TPayload>(Element Stanza, TPayload Payload, Jid From, Jid To, IServiceProvider Services)
{
    public IqResponse Result(Element? payload = null) => new(Protocol.Stanzas.Stanza.Result(Stanza, payload));

    public IqResponse Error(StanzaErrorCondition condition, string? text = null)
        => new(Protocol.Stanzas.Stanza.ErrorReply(Stanza, new StanzaError(condition, text)));
}

/// <summary>
/// The reply a handler returns: a result or an error IQ, addressed back to the requester, and the stanzas that
/// must follow it, routed in order after it (e.g. the roster pushes after an empty roster result, RFC 6121 §2.6.3).
/// </summary>
public readonly record struct IqResponse(Element Stanza)
{
    public IReadOnlyList<Element>? FollowedBy { get; init; }
}

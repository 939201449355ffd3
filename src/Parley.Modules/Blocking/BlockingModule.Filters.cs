using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Blocking;

// Stanzas between an account and an entity it blocked: XEP-0191 §3.3.
public sealed partial class BlockingModule
{
    /// <summary>
    /// The user sends to a blocked entity: not routed, and not-acceptable with &lt;blocked/&gt; comes back. A result
    /// or an error (which must not be answered with an error) is just dropped.
    /// </summary>
    private async ValueTask<FilterResult> OutboundAsync(StanzaContext context, CancellationToken ct)
    {
        if (context.To is not { } to || Exempt(context.From, to))
            return FilterResult.Continue;
        if (!(await _blocklists.GetAsync(context.From, ct)).Blocks(to))
            return FilterResult.Continue;
        if (Stanza.IsError(context.Stanza) || (context.Kind == StanzaKind.Iq && Stanza.Type(context.Stanza) == "result"))
            return FilterResult.Consumed;
        return FilterResult.Bounce(new StanzaError(StanzaErrorCondition.NotAcceptable, StanzaErrorType.Cancel)
        {
            ApplicationCondition = X.E("blocked", Namespaces.BlockingErrors),
        });
    }

    /// <summary>
    /// A blocked entity sends to the user, who must seem offline to it: presence is dropped without a word,
    /// messages and IQ requests get service-unavailable, other IQs are dropped.
    /// </summary>
    private async ValueTask<FilterResult> InboundAsync(StanzaContext context, CancellationToken ct)
    {
        if (context.To is not { } to || Exempt(to, context.From))
            return FilterResult.Continue;
        if (!(await _blocklists.GetAsync(to, ct)).Blocks(context.From))
            return FilterResult.Continue;
        var type = Stanza.Type(context.Stanza);
        return context.Kind switch
        {
            StanzaKind.Message => FilterResult.Bounce(new StanzaError(StanzaErrorCondition.ServiceUnavailable)),
            StanzaKind.Iq when type is "get" or "set" => FilterResult.Bounce(new StanzaError(StanzaErrorCondition.ServiceUnavailable)),
            _ => FilterResult.Consumed,
        };
    }

    /// <summary>
    /// The account's own resources and its own server are never blocked: a blocklist naming the server's domain
    /// would otherwise stop the roster pushes and the server's own answers.
    /// </summary>
    private static bool Exempt(Jid account, Jid other) => other.Bare == account.Bare || (other.Local is null && other.Domain == account.Domain);
}

using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Server.Modules;

public enum FilterPoint
{
    /// <summary>A stanza a local client sent, stamped, before it is routed.</summary>
    FromLocalClient,

    /// <summary>
    /// A stanza addressed to a local account (bare or full JID), from anywhere, before the RFC 6121 §8.5 delivery
    /// rules: blocking, subscriptions and probes, offline storage hook in here.
    /// </summary>
    ToLocalAccount,
}

/// <summary>The stanza under filtering and where it came from.</summary>
public sealed record StanzaContext(Element Stanza, StanzaKind Kind, Jid From, Jid? To, SessionHandle? Session);

public enum FilterVerdict
{
    Continue,

    /// <summary>The filter handled the stanza; nothing further happens to it.</summary>
    Consumed,

    /// <summary>Return an error to the sender.</summary>
    Bounce,
}

public readonly record struct FilterResult(FilterVerdict Verdict, StanzaError? Error = null)
{
    public static FilterResult Continue => new(FilterVerdict.Continue);

    public static FilterResult Consumed => new(FilterVerdict.Consumed);

    public static FilterResult Bounce(StanzaError error) => new(FilterVerdict.Bounce, error);
}

public delegate ValueTask<FilterResult> StanzaFilter(StanzaContext context, CancellationToken cancellationToken);

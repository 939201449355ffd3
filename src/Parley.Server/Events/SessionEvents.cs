using Parley.Protocol;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Server.Events;

/// <summary>A client bound a resource (RFC 6120 §7).</summary>
public sealed record SessionBound(Jid Jid, SessionHandle Handle);

/// <summary>A bound session ended, for whatever reason (the presence module knows what it last broadcast).</summary>
public sealed record SessionClosed(Jid Jid, SessionHandle Handle);

/// <summary>
/// A session sent available presence (RFC 6121 §4.2); <paramref name="Initial"/> when it was not available before.
/// Offline delivery and pending subscription requests hang on the initial one.
/// </summary>
public sealed record ResourceAvailable(Jid Jid, SessionHandle Handle, int Priority, bool Initial);

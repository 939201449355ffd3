using Parley.Protocol;
using Parley.Server.Sessions;
using Parley.Xml;

namespace Parley.Server.Events;

/// <summary>A client bound a resource (RFC 6120 §7).</summary>
public sealed record SessionBound(Jid Jid, SessionHandle Handle);

/// <summary>A bound session ended, for whatever reason; <paramref name="LastPresence"/> is its last broadcast presence.</summary>
public sealed record SessionClosed(Jid Jid, SessionHandle Handle, Element? LastPresence);

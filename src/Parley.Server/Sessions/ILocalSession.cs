using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Xml;

namespace Parley.Server.Sessions;

/// <summary>A session whose connection lives on this node.</summary>
public interface ILocalSession
{
    SessionHandle Handle { get; }

    Jid Jid { get; }

    /// <summary>How long since the client last sent anything, whitespace keepalives included (XEP-0199 pings, the idle timeout).</summary>
    TimeSpan SilentFor { get; }

    /// <summary>
    /// Queues a stanza for the write loop. Never blocks: when the bounded queue is full the session is closed with
    /// policy-violation (DESIGN §3.10) and false is returned.
    /// </summary>
    bool TrySend(Element stanza);

    /// <summary>Closes the stream with an error after flushing what is queued.</summary>
    void Close(StreamError? error);
}

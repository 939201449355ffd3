using Parley.Xml;

namespace Parley.Server.Routing;

/// <summary>
/// IQs the server itself sends (a ping to a client, later a disco to a peer), with the answer awaited: the general
/// way for server-originated requests, so that no module special-cases results in the router.
/// </summary>
public interface IIqClient
{
    /// <summary>
    /// Routes <paramref name="iq"/> (a get or set, 'from' one of the server's hosts, 'to' set) under a fresh id and
    /// returns the answer: a result or an error IQ, which only the addressee can give.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    Task<Element> SendAsync(Element iq, TimeSpan timeout, CancellationToken cancellationToken = default);
}

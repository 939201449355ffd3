using Parley.Protocol;
using Parley.Xml;

namespace Parley.Server.Routing;

internal sealed class IqClient(IRouter router, PendingIqs pending) : IIqClient
{
    public async Task<Element> SendAsync(Element iq, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iq);
        if (iq.Name != "iq" || iq.Attribute("type") is not ("get" or "set"))
            throw new ArgumentException("Only an IQ get or set expects an answer.", nameof(iq));
        if (iq.Attribute("from") is null || !Jid.TryParse(iq.Attribute("to"), out var to))
            throw new ArgumentException("The IQ needs a 'from' (a host of this server) and a valid 'to'.", nameof(iq));
        var (id, answer) = pending.Add(to!);
        try
        {
            await router.RouteAsync(iq.WithAttribute("id", id), cancellationToken);
            return await answer.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            pending.Remove(id);
        }
    }
}

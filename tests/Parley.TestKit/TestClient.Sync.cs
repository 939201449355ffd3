using Parley.Protocol;
using Parley.Xml;

namespace Parley.TestKit;

// Asserting what arrived, and that nothing else did, without waiting for silence.
public sealed partial class TestClient
{
    private int _syncs;

    /// <summary>
    /// Pings the server and returns every element that arrived before its answer. The server handles a stream's
    /// stanzas in order, so everything it did because of what this client sent earlier has been queued by then.
    /// </summary>
    public async Task<IReadOnlyList<Element>> SyncAsync()
    {
        var id = $"sync-{++_syncs}";
        await SendAsync($"<iq type='get' id='{id}'><ping xmlns='urn:xmpp:ping'/></iq>");
        var before = new List<Element>();
        while (true)
        {
            var e = await NextAsync();
            if (e.Is("iq", Namespaces.Client) && e.Attribute("id") == id)
                return before;
            before.Add(e);
        }
    }

    /// <summary>Nothing arrives before the answer to a ping (see <see cref="SyncAsync"/>).</summary>
    public async Task ExpectNothingAsync()
    {
        var arrived = await SyncAsync();
        if (arrived.Count > 0)
            throw new InvalidOperationException($"expected nothing, got {string.Join(" ", arrived)}");
    }
}

using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios.Federation;

/// <summary>
/// Waiting for what comes over federation: a stanza from another server arrives after the local server's answer
/// to a ping, so <see cref="TestClient.SyncAsync"/> cannot tell it has all arrived; these wait for the one wanted.
/// </summary>
internal static class Arrivals
{
    /// <summary>Reads until an element matches; returns it (what came before it is skipped).</summary>
    public static async Task<Element> WaitForAsync(this TestClient client, Func<Element, bool> wanted, string what)
    {
        var skipped = new List<Element>();
        while (true)
        {
            Element next;
            try
            {
                next = await client.NextAsync();
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"waited for {what}; got only: {string.Join(" ", skipped)}");
            }
            if (wanted(next))
                return next;
            skipped.Add(next);
        }
    }
}

using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Federation.Harness;

/// <summary>Waiting for what crosses servers: the next matching element, passing over others, with a bound.</summary>
public static class ClientExtensions
{
    /// <summary>Time allowed for a stanza to cross to another server (an s2s connection may have to be set up first).</summary>
    public static readonly TimeSpan Crossing = TimeSpan.FromSeconds(20);

    public static async Task<Element> WaitForAsync(this TestClient client, string what, Func<Element, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Crossing);
        var seen = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{client.Jid} did not get {what}; it got: {string.Join(" ", seen)}");
            Element e;
            try
            {
                e = await client.NextAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{client.Jid} did not get {what}; it got: {string.Join(" ", seen)}");
            }
            if (match(e))
                return e;
            seen.Add(e.ToString());
        }
    }

    /// <summary>Sends initial presence (so the session is available and gets messages sent to the bare JID).</summary>
    public static Task SendInitialPresenceAsync(this TestClient client) => client.SendAsync("<presence/>");

    public static Task<Element> WaitForMessageAsync(this TestClient client, string from, string body, TimeSpan? within = null)
        => client.WaitForAsync($"the message '{body}' from {from}",
            e => e.Is("message", Namespaces.Client) && e.Attribute("type") != "error"
                 && BareOf(e.Attribute("from")) == BareOf(from) && e.Child("body", Namespaces.Client)?.Text == body, within);

    /// <summary>The answer (result or error) to the IQ with <paramref name="id"/>.</summary>
    public static async Task<Element> IqAsync(this TestClient client, string xml, string id, TimeSpan? within = null)
    {
        await client.SendAsync(xml);
        return await client.WaitForAsync($"the answer to IQ {id}", e => e.Is("iq", Namespaces.Client) && e.Attribute("id") == id, within);
    }

    public static string BareOf(string? jid) => jid is null ? "" : jid.Split('/')[0];
}

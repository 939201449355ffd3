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

/// <summary>Sessions as a real client has them, and the roster and presence flows of RFC 6121 across servers.</summary>
public static class Im
{
    /// <summary>Fetches the roster (the session becomes an "interested resource" that gets roster pushes) and sends initial presence.</summary>
    public static async Task<TestClient> ReadyAsync(this TestClient client)
    {
        await client.RosterAsync();
        await client.SendInitialPresenceAsync();
        return client;
    }

    public static async Task<IReadOnlyDictionary<string, string>> RosterAsync(this TestClient client)
    {
        var id = "roster-" + Guid.NewGuid().ToString("N")[..8];
        var answer = await client.IqAsync($"<iq type='get' id='{id}'><query xmlns='{Namespaces.Roster}'/></iq>", id);
        Assert.Equal("result", answer.Attribute("type"));
        return answer.Child("query", Namespaces.Roster)!.Elements()
            .ToDictionary(i => i.Attribute("jid")!, i => i.Attribute("subscription") ?? "none");
    }

    /// <summary>Waits for a roster push that shows <paramref name="contact"/> with <paramref name="subscription"/>, acknowledging it.</summary>
    public static async Task WaitForRosterPushAsync(this TestClient client, string contact, string subscription)
    {
        var push = await client.WaitForAsync($"a roster push of {contact} with subscription '{subscription}'",
            e => e.Is("iq", Namespaces.Client) && e.Attribute("type") == "set"
                 && e.Child("query", Namespaces.Roster)?.Child("item", Namespaces.Roster) is { } item
                 && item.Attribute("jid") == contact && item.Attribute("subscription") == subscription);
        await client.SendAsync($"<iq type='result' id='{push.Attribute("id")}'/>");
    }

    public static Task<Element> WaitForPresenceAsync(this TestClient client, string from, Func<Element, bool> match, string what)
        => client.WaitForAsync($"{what} from {from}",
            e => e.Is("presence", Namespaces.Client) && ClientExtensions.BareOf(e.Attribute("from")) == ClientExtensions.BareOf(from) && match(e));

    /// <summary>
    /// The subscription handshake of RFC 6121 §3.1 both ways between <paramref name="a"/> and <paramref name="b"/>
    /// (users of different servers), ending in 'both' on both rosters. Roster pushes, not the inbound
    /// 'subscribed' presence, show each step: Prosody 0.12 does not forward that presence to the client.
    /// </summary>
    public static async Task SubscribeBothWaysAsync(TestClient a, TestClient b)
    {
        var aj = ClientExtensions.BareOf(a.Jid!.ToString());
        var bj = ClientExtensions.BareOf(b.Jid!.ToString());

        await a.SendAsync($"<presence to='{bj}' type='subscribe'/>");
        await b.WaitForPresenceAsync(aj, e => e.Attribute("type") == "subscribe", "a subscription request");
        await b.SendAsync($"<presence to='{aj}' type='subscribed'/>");
        await a.WaitForRosterPushAsync(bj, "to");
        await b.WaitForRosterPushAsync(aj, "from");

        await b.SendAsync($"<presence to='{aj}' type='subscribe'/>");
        await a.WaitForPresenceAsync(bj, e => e.Attribute("type") == "subscribe", "a subscription request");
        await a.SendAsync($"<presence to='{bj}' type='subscribed'/>");
        await a.WaitForRosterPushAsync(bj, "both");
        await b.WaitForRosterPushAsync(aj, "both");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Routing;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>Setting up and reading rosters in tests, through the server's own store and router.</summary>
internal static class Rosters
{
    public static IRosterStore RosterStore(this TestServer server) => server.Services.GetRequiredService<IRosterStore>();

    /// <summary>Puts the contact in the user's roster in the given state (a request pending in is stored as a subscribe).</summary>
    public static async Task SeedAsync(this TestServer server, string user, string contact, SubscriptionState state,
        string? name = null, IReadOnlyList<string>? groups = null, bool approved = false)
    {
        var jid = Jid.Parse(contact);
        var pending = state.PendingIn
            ? XmlFragment.Parse($"<presence xmlns='jabber:client' from='{jid.Bare}' to='{user}@{server.Host}' type='subscribe'/>")
            : null;
        var item = new RosterItem(jid, name, state.Subscription, state.PendingOut, approved, groups ?? []);
        await server.RosterStore().ChangeContactAsync(server.Host, user, jid, c => c with { Item = item, PendingIn = pending }, int.MaxValue);
    }

    /// <summary>Two local accounts subscribed to each other's presence (both, both ways).</summary>
    public static async Task BefriendAsync(this TestServer server, string a, string b)
    {
        await server.SeedAsync(a, $"{b}@{server.Host}", new SubscriptionState(Subscription.Both));
        await server.SeedAsync(b, $"{a}@{server.Host}", new SubscriptionState(Subscription.Both));
    }

    public static async Task<Contact> ContactAsync(this TestServer server, string user, string contact)
        => await server.RosterStore().GetContactAsync(server.Host, user, Jid.Parse(contact));

    /// <summary>A stanza arriving at the router as if from another server (federation is not built yet).</summary>
    public static async Task InjectAsync(this TestServer server, string xml)
        => await server.Services.GetRequiredService<IRouter>().RouteAsync(XmlFragment.Parse(xml));

    /// <summary>Sends a roster get (RFC 6121 §2.2) and returns the answer; the resource is "interested" from then on.</summary>
    public static Task<Element> GetRosterAsync(this TestClient client, string? ver = null, string id = "roster")
        => client.RequestAsync($"<iq type='get' id='{id}'><query xmlns='jabber:iq:roster'{(ver is null ? "" : $" ver='{ver}'")}/></iq>", id);

    /// <summary>The items of a roster result or push.</summary>
    public static IReadOnlyList<Element> Items(this Element iq)
        => iq.Child("query", Namespaces.Roster)?.Elements().Where(e => e.Is("item", Namespaces.Roster)).ToList() ?? [];

    public static bool IsRosterPush(this Element e)
        => e.Is("iq", Namespaces.Client) && e.Attribute("type") == "set" && e.Child("query", Namespaces.Roster) is not null;

    public static bool IsPresence(this Element e, string? type = null)
        => e.Is("presence", Namespaces.Client) && e.Attribute("type") == type;
}

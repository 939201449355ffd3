using System.Globalization;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>XEP-0012 last activity: the server's uptime, and when an account last logged out.</summary>
public sealed class LastActivity_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.AddUserAsync("juliet", "pw-j");
        await _server.AddUserAsync("romeo", "pw-r");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static long Seconds(Element reply)
        => long.Parse(reply.Child("query", Namespaces.LastActivity)!.Attribute("seconds")!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_server_answers_with_its_uptime_and_no_text()
    {
        // §5: to a domain, the seconds are how long it has been up; the query SHOULD NOT hold text.
        await using var romeo = await _server.LoginAsync("romeo", "pw-r");

        var reply = await romeo.RequestAsync("<iq type='get' id='last3' to='localhost'><query xmlns='jabber:iq:last'/></iq>", "last3");

        Assert.Equal("result", reply.Attribute("type"));
        Assert.True(Seconds(reply) >= 0);
        Assert.Empty(reply.Child("query", Namespaces.LastActivity)!.Nodes);
    }

    [Fact]
    public async Task An_account_with_an_available_resource_has_been_active_0_seconds_ago()
    {
        // §3: with at least one available resource the answer SHOULD be seconds='0' and an empty query.
        await using var juliet = await _server.LoginAsync("juliet", "pw-j", "balcony");
        await juliet.SendAsync("<presence/>");
        await juliet.ExpectAsync("presence", Namespaces.Client);

        var reply = await juliet.RequestAsync("<iq type='get' id='l1' to='juliet@localhost'><query xmlns='jabber:iq:last'/></iq>", "l1");

        Assert.Equal(0, Seconds(reply));
        Assert.Equal("juliet@localhost", reply.Attribute("from"));
    }

    [Fact]
    public async Task After_a_logout_the_account_tells_how_long_ago_and_the_status_it_left_with()
    {
        // §3: seconds since the last logout, with the status of the last unavailable presence as text.
        await using (var before = await _server.LoginAsync("juliet", "pw-j", "balcony"))
        {
            await before.SendAsync("<presence/>");
            await before.ExpectAsync("presence", Namespaces.Client);
            await before.SendAsync("<presence type='unavailable'><status xml:lang='it'>Vado a casa</status><status>Heading Home</status></presence>");
            await before.ExpectAsync("presence", Namespaces.Client);
            await before.SendAsync("</stream:stream>");
            while ((await before.NextEventAsync()).Kind == ServerEventKind.Element)
            {
            }
        }
        // A new session that has sent no presence is not available: the stored logout is the answer.
        await using var juliet = await _server.LoginAsync("juliet", "pw-j", "chamber");

        var reply = await UntilLogoutRecordedAsync(juliet);

        Assert.Equal("result", reply.Attribute("type"));
        Assert.True(Seconds(reply) >= 0);
        Assert.Equal("Heading Home", reply.Child("query", Namespaces.LastActivity)!.Text);
    }

    [Fact]
    public async Task A_logout_without_unavailable_presence_is_recorded_without_text()
    {
        await using (var before = await _server.LoginAsync("juliet", "pw-j", "balcony"))
        {
        }
        await using var juliet = await _server.LoginAsync("juliet", "pw-j", "chamber");

        var reply = await UntilLogoutRecordedAsync(juliet);

        Assert.Equal("result", reply.Attribute("type"));
        Assert.Empty(reply.Child("query", Namespaces.LastActivity)!.Nodes);
    }

    [Fact]
    public async Task An_account_that_never_logged_out_has_no_last_activity()
    {
        await using var romeo = await _server.LoginAsync("romeo", "pw-r");

        var reply = await romeo.RequestAsync("<iq type='get' id='l1'><query xmlns='jabber:iq:last'/></iq>", "l1");

        Assert.Equal("item-not-found", reply.ErrorCondition());
    }

    [Fact]
    public async Task Another_users_last_activity_is_forbidden()
    {
        // §3 and §8: MUST NOT be told to an entity not allowed to see the user's presence, and MUST be forbidden.
        // Romeo has no subscription to Juliet's presence.
        await using var juliet = await _server.LoginAsync("juliet", "pw-j");
        await juliet.SendAsync("<presence/>");
        await juliet.ExpectAsync("presence", Namespaces.Client);
        await using var romeo = await _server.LoginAsync("romeo", "pw-r", "orchard");

        var reply = await romeo.RequestAsync("<iq from='romeo@localhost/orchard' to='juliet@localhost' type='get' id='last1'><query xmlns='jabber:iq:last'/></iq>", "last1");

        Assert.Equal("forbidden", reply.ErrorCondition());
        Assert.Null(reply.Child("query", Namespaces.LastActivity));
    }

    [Fact]
    public async Task A_contact_subscribed_to_the_users_presence_may_ask()
    {
        // §3: "(normally via a presence subscription)": Romeo may see Juliet's presence, so he may ask.
        await _server.BefriendAsync("juliet", "romeo");
        await using var juliet = await _server.LoginAsync("juliet", "pw-j");
        await juliet.SendAsync("<presence/>");
        await juliet.SyncAsync();
        await using var romeo = await _server.LoginAsync("romeo", "pw-r", "orchard");

        var reply = await romeo.RequestAsync("<iq to='juliet@localhost' type='get' id='last1'><query xmlns='jabber:iq:last'/></iq>", "last1");

        Assert.Equal(0, Seconds(reply));
    }

    [Fact]
    public async Task The_server_announces_jabber_iq_last_in_disco_info()
    {
        // §6.
        await using var romeo = await _server.LoginAsync("romeo", "pw-r");

        var reply = await romeo.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        Assert.Contains(reply.Child("query", Namespaces.DiscoInfo)!.Elements(), f => f.Attribute("var") == "jabber:iq:last");
    }

    /// <summary>
    /// The logout is recorded when the server has finished with the old session, which the client cannot
    /// observe: ask again until it is there (a bounded number of times; a test fails rather than hangs).
    /// </summary>
    private static async Task<Element> UntilLogoutRecordedAsync(TestClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reply = await client.RequestAsync($"<iq type='get' id='w{attempt}'><query xmlns='jabber:iq:last'/></iq>", $"w{attempt}");
            if (reply.ErrorCondition() != "item-not-found" || attempt == 100)
                return reply;
            await Task.Delay(50);
        }
    }
}

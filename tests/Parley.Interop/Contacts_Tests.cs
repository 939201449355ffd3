using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>
/// Rosters (RFC 6121 §2), the subscription handshake (§3), presence between contacts (§4) and blocking (XEP-0191)
/// with real clients, each library on each side.
/// </summary>
public sealed class Contacts_Tests(ContactsServer fixture, ITestOutputHelper output) : IClassFixture<ContactsServer>
{
    private readonly ParleyServer _server = fixture.Server;

    [Theory]
    [InlineData("Slixmpp", "erin", "nurse-slixmpp@example.com")]
    [InlineData("Aioxmpp", "frank", "nurse-aioxmpp@example.com")]
    public Task A_roster_item_set_with_the_library_is_in_the_roster(string library, string user, string contact)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var account = user == "erin" ? Accounts.Erin : Accounts.Frank;
            var client = scenario.Session(Enum.Parse<ClientLibrary>(library), account.At("roster"), account.Password);
            await client.ExpectAsync("bound");

            await client.CommandAsync($"roster-set {contact} Nurse Servants");
            await client.WaitForAsync("roster-set");
            await client.CommandAsync("roster-get");

            var item = (await client.WaitForAsync("roster")).List("items").Single(i => i["jid"] == contact);
            Assert.Equal(("Nurse", "none"), (item["name"], item["subscription"]));
            Assert.Equal(["Servants"], item.Strings("groups"));
            await client.QuitAsync();
            await client.WaitForAsync("closed");
        });

    [Fact]
    public Task Slixmpp_and_aioxmpp_users_subscribe_to_each_other_and_see_each_others_presence()
        => Handshake(ClientLibrary.Slixmpp, Accounts.Alice, ClientLibrary.Aioxmpp, Accounts.Bob);

    [Fact]
    public Task Aioxmpp_and_slixmpp_users_subscribe_to_each_other_and_see_each_others_presence()
        => Handshake(ClientLibrary.Aioxmpp, Accounts.Carol, ClientLibrary.Slixmpp, Accounts.Dave);

    private Task Handshake(ClientLibrary first, Account a, ClientLibrary second, Account b) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var alice = scenario.Session(first, a.At("desk"), a.Password);
        var bob = scenario.Session(second, b.At("phone"), b.Password);
        var aliceJid = (await alice.ExpectAsync("bound"))["jid"]!;
        var bobJid = (await bob.ExpectAsync("bound"))["jid"]!;

        // §3.1: A asks, B approves; A gets B's presence at once.
        await alice.CommandAsync($"subscribe {b.Bare}");
        Assert.Equal(a.Bare, (await bob.WaitForAsync("subscribe"))["from"]);
        await bob.CommandAsync($"approve {a.Bare}");
        Assert.Equal(b.Bare, (await alice.WaitForAsync("subscribed"))["from"]);
        await alice.WaitForAsync("presence", e => e["from"] == bobJid && e["type"] == "available");

        // And the other way round.
        await bob.CommandAsync($"subscribe {a.Bare}");
        Assert.Equal(b.Bare, (await alice.WaitForAsync("subscribe"))["from"]);
        await alice.CommandAsync($"approve {b.Bare}");
        Assert.Equal(a.Bare, (await bob.WaitForAsync("subscribed"))["from"]);
        await bob.WaitForAsync("presence", e => e["from"] == aliceJid && e["type"] == "available");

        // Both rosters say both.
        await alice.CommandAsync("roster-get");
        Assert.Equal("both", (await alice.WaitForAsync("roster")).List("items").Single(i => i["jid"] == b.Bare)["subscription"]);
        await bob.CommandAsync("roster-get");
        Assert.Equal("both", (await bob.WaitForAsync("roster")).List("items").Single(i => i["jid"] == a.Bare)["subscription"]);

        // §4.4: a presence update reaches the contact; §4.5: so does leaving.
        await alice.CommandAsync("presence away Out for lunch");
        var away = await bob.WaitForAsync("presence", e => e["from"] == aliceJid && e["show"] == "away");
        Assert.Equal("Out for lunch", away["status"]);
        await alice.QuitAsync();
        await alice.WaitForAsync("closed");
        await bob.WaitForAsync("presence", e => e["from"] == aliceJid && e["type"] == "unavailable");
        await bob.QuitAsync();
        await bob.WaitForAsync("closed");
    });

    [Theory]
    [InlineData("Slixmpp", "Aioxmpp")]
    [InlineData("Aioxmpp", "Slixmpp")]
    public Task A_blocked_user_cannot_reach_the_blocker_until_unblocked(string blockerLibrary, string otherLibrary)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var blocker = scenario.Session(Enum.Parse<ClientLibrary>(blockerLibrary), Accounts.Erin.At("block"), Accounts.Erin.Password);
            var other = scenario.Session(Enum.Parse<ClientLibrary>(otherLibrary), Accounts.Frank.At("block"), Accounts.Frank.Password);
            var blockerJid = (await blocker.ExpectAsync("bound"))["jid"]!;
            var otherJid = (await other.ExpectAsync("bound"))["jid"]!;

            await blocker.CommandAsync($"block {Accounts.Frank.Bare}");
            await blocker.WaitForAsync("blocked");
            await blocker.CommandAsync("blocklist");
            Assert.Equal([Accounts.Frank.Bare], (await blocker.WaitForAsync("blocklist")).Strings("jids"));

            // XEP-0191 §3.3: a message from the blocked user comes back service-unavailable, as from someone offline ...
            await other.SendMessageAsync(blockerJid, "can you hear me?");
            Assert.Equal("service-unavailable", (await other.WaitForAsync("message-error"))["condition"]);
            // ... and one to the blocked user is not-acceptable.
            await blocker.SendMessageAsync(otherJid, "psst");
            Assert.Equal("not-acceptable", (await blocker.WaitForAsync("message-error"))["condition"]);

            // §3.4: unblocked, messages flow again.
            await blocker.CommandAsync($"unblock {Accounts.Frank.Bare}");
            await blocker.WaitForAsync("unblocked");
            await other.SendMessageAsync(blockerJid, "hello again");
            Assert.Equal("hello again", (await blocker.WaitForAsync("message"))["body"]);

            await blocker.QuitAsync();
            await other.QuitAsync();
            await blocker.WaitForAsync("closed");
            await other.WaitForAsync("closed");
        });
}

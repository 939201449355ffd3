using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>A server of its own for vCards, with two accounts that never publish one.</summary>
public sealed class VCardServer() : ServerFixture("vcard", "replace",
    [.. Accounts.All, Accounts.Erin, Accounts.Frank, VCard_Tests.Grace, VCard_Tests.Heidi]);

/// <summary>
/// XEP-0054 vcard-temp with the libraries' own vCard APIs (slixmpp's xep_0054 plugin, aioxmpp's VCardService): a
/// vCard one publishes is what one reads back and what anyone else fetches at one's bare JID; without one, one's own
/// is empty (§3.1) and others get service-unavailable (§3.3).
/// </summary>
public sealed class VCard_Tests(VCardServer fixture, ITestOutputHelper output) : IClassFixture<VCardServer>
{
    // No test publishes a vCard for these two, so they have none whatever order the tests run in.
    internal static readonly Account Grace = new("grace", "grace-never-published");
    internal static readonly Account Heidi = new("heidi", "heidi-never-published");

    // FN carries markup characters and text outside ASCII, which must arrive escaped and back (RFC 6120 §11.6).
    // slixmpp reads NICKNAME as a comma-separated list, so the nickname has no comma.
    private const string Nickname = "Ally-ü";
    private const string Given = "Alice";
    private const string Family = "Liddell";

    private readonly ParleyServer _server = fixture.Server;

    [Theory]
    [InlineData("Slixmpp", "alice")]
    [InlineData("Aioxmpp", "bob")]
    public Task A_user_publishes_a_vCard_and_reads_it_back(string library, string user)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var account = user == "alice" ? Accounts.Alice : Accounts.Bob;
            var fullName = FullName(library);
            var client = scenario.Session(Enum.Parse<ClientLibrary>(library), account.At("vcard"), account.Password);
            await client.ExpectAsync("bound");

            await client.CommandAsync($"vcard-set {Nickname} {Given} {Family} {fullName}");
            Assert.Equal(account.Bare, (await client.ExpectAsync("vcard-set"))["jid"]);
            // One's own, the way the library asks for it (aioxmpp: no 'to'; slixmpp: to the bare JID).
            await client.CommandAsync("vcard-get -");
            AssertPublishedCard(await client.ExpectAsync("vcard"), fullName);

            await client.QuitAsync();
            await client.ExpectAsync("closed");
            await client.ExpectExitAsync();
        });

    [Fact]
    public Task Aioxmpp_fetches_by_bare_JID_the_vCard_a_slixmpp_user_published()
        => FetchesWhatTheOtherPublished(ClientLibrary.Slixmpp, Accounts.Carol, ClientLibrary.Aioxmpp, Accounts.Dave);

    [Fact]
    public Task Slixmpp_fetches_by_bare_JID_the_vCard_an_aioxmpp_user_published()
        => FetchesWhatTheOtherPublished(ClientLibrary.Aioxmpp, Accounts.Erin, ClientLibrary.Slixmpp, Accounts.Frank);

    [Theory]
    [InlineData("Slixmpp", "grace")]
    [InlineData("Aioxmpp", "heidi")]
    public Task Ones_own_vCard_is_empty_when_none_was_published(string library, string user)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var account = user == "grace" ? Grace : Heidi;
            var client = scenario.Session(Enum.Parse<ClientLibrary>(library), account.At("own-empty"), account.Password);
            await client.ExpectAsync("bound");

            // §3.1: the server answers for the account with an empty <vCard/>, which the library takes as a vCard
            // with nothing in it.
            await client.CommandAsync("vcard-get -");
            var card = await client.ExpectAsync("vcard");
            Assert.True(card.Data.GetProperty("payload").GetBoolean(), $"no <vCard/> in the result: {card}");
            Assert.Empty(card.Strings("fields"));
            Assert.Null(card["fn"]);
            Assert.Null(card["nickname"]);

            await client.QuitAsync();
            await client.ExpectAsync("closed");
            await client.ExpectExitAsync();
        });

    [Theory]
    [InlineData("Slixmpp", "grace", "heidi")]
    [InlineData("Aioxmpp", "heidi", "grace")]
    public Task The_vCard_of_an_account_without_one_is_service_unavailable_like_that_of_no_account(
        string library, string user, string other)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var account = user == "grace" ? Grace : Heidi;
            var without = other == "grace" ? Grace : Heidi;
            var client = scenario.Session(
                Enum.Parse<ClientLibrary>(library), account.At("others-empty"), account.Password);
            await client.ExpectAsync("bound");

            // §3.3: an error, which both libraries raise (aioxmpp would have made an empty vCard of item-not-found or
            // feature-not-implemented, not of this). An account that does not exist gets the same answer
            // (RFC 6121 §8.5.1), so the query does not tell the two apart.
            foreach (var jid in new[] { without.Bare, $"nobody@{ParleyServer.Domain}" })
            {
                await client.CommandAsync($"vcard-get {jid}");
                var error = await client.ExpectAsync("vcard-error");
                Assert.Equal((jid, "service-unavailable", "cancel"), (error["jid"], error["condition"], error["type"]));
            }

            await client.QuitAsync();
            await client.ExpectAsync("closed");
            await client.ExpectExitAsync();
        });

    private Task FetchesWhatTheOtherPublished(
        ClientLibrary publisherLibrary, Account publisher, ClientLibrary fetcherLibrary, Account fetcher)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var owner = scenario.Session(publisherLibrary, publisher.At("vcard-owner"), publisher.Password);
            var reader = scenario.Session(fetcherLibrary, fetcher.At("vcard-reader"), fetcher.Password);
            await owner.ExpectAsync("bound");
            await reader.ExpectAsync("bound");

            await owner.CommandAsync($"vcard-set {Nickname} {Given} {Family} {FullName(publisherLibrary.ToString())}");
            await owner.ExpectAsync("vcard-set");
            // The server answers for the account, whether or not its owner is online.
            await owner.QuitAsync();
            await owner.ExpectAsync("closed");
            await owner.ExpectExitAsync();

            await reader.CommandAsync($"vcard-get {publisher.Bare}");
            var card = await reader.ExpectAsync("vcard");
            Assert.Equal(publisher.Bare, card["jid"]);
            AssertPublishedCard(card, FullName(publisherLibrary.ToString()));

            await reader.QuitAsync();
            await reader.ExpectAsync("closed");
            await reader.ExpectExitAsync();
        });

    private static string FullName(string library) => $"Alice Liddell <&> of {library} — grüße 🎉";

    private static void AssertPublishedCard(ClientEvent card, string fullName)
    {
        Assert.True(card.Data.GetProperty("payload").GetBoolean(), $"no <vCard/> in the result: {card}");
        // What was published, in its order: nothing added, nothing lost.
        Assert.Equal(["FN", "N", "NICKNAME"], card.Strings("fields"));
        Assert.Equal(fullName, card["fn"]);
        Assert.Equal(Nickname, card["nickname"]);
        Assert.Equal((Given, Family), (card["given"], card["family"]));
    }
}

using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>XEP-0054 vcard-temp: the server keeps each account's vCard and answers for it.</summary>
public sealed class VCard_Tests : IAsyncLifetime
{
    private const int MaxBytes = 4096;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["modules:vcard:max_bytes"] = MaxBytes.ToString() });
        await _server.AddUserAsync("alice", "pw-a");
        await _server.AddUserAsync("bob", "pw-b");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string AliceCard = "<vCard xmlns='vcard-temp'><FN>Alice &amp; &lt;Co&gt;</FN><N><GIVEN>Alice</GIVEN><MIDDLE/></N>"
        + "<EMAIL><INTERNET/><USERID>alice@example.org</USERID></EMAIL></vCard>";

    private static Element? Card(Element reply) => reply.Child("vCard", Namespaces.VCardTemp);

    [Fact]
    public async Task Own_vcard_before_any_is_set_is_an_empty_vcard()
    {
        // §3.1: no vCard yet: an IQ-result with an empty <vCard/> is one of the two allowed answers.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.RequestAsync("<iq type='get' id='v1'><vCard xmlns='vcard-temp'/></iq>", "v1");

        Assert.Equal("result", reply.Attribute("type"));
        Assert.NotNull(Card(reply));
        Assert.Empty(Card(reply)!.Nodes);
    }

    [Fact]
    public async Task A_vcard_set_without_to_is_returned_to_its_owner()
    {
        // §3.2 (set with no 'to'), then §3.1 (get with no 'to', and to the own bare JID).
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var set = await alice.RequestAsync($"<iq type='set' id='v2'>{AliceCard}</iq>", "v2");
        Assert.Equal("result", set.Attribute("type"));
        Assert.Empty(set.Nodes);

        var get = await alice.RequestAsync("<iq type='get' id='v3'><vCard xmlns='vcard-temp'/></iq>", "v3");
        var card = Card(get)!;
        Assert.Equal("Alice & <Co>", card.Child("FN", Namespaces.VCardTemp)!.Text);
        Assert.Equal("alice@example.org", card.Child("EMAIL", Namespaces.VCardTemp)!.Child("USERID", Namespaces.VCardTemp)!.Text);

        var toSelf = await alice.RequestAsync("<iq type='get' id='v4' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "v4");
        Assert.Equal(card.ToString(), Card(toSelf)!.ToString());
    }

    [Fact]
    public async Task Setting_a_vcard_replaces_the_whole_of_it()
    {
        // §3.2: there are no partial updates; the new card is the card.
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.RequestAsync($"<iq type='set' id='v1'>{AliceCard}</iq>", "v1");

        await alice.RequestAsync("<iq type='set' id='v2'><vCard xmlns='vcard-temp'><NICKNAME>al</NICKNAME></vCard></iq>", "v2");

        var card = Card(await alice.RequestAsync("<iq type='get' id='v3'><vCard xmlns='vcard-temp'/></iq>", "v3"))!;
        Assert.Equal("al", card.Child("NICKNAME", Namespaces.VCardTemp)!.Text);
        Assert.Null(card.Child("FN", Namespaces.VCardTemp));
    }

    [Fact]
    public async Task Another_users_vcard_is_answered_by_the_server_for_them()
    {
        // §3.3: a get to the bare JID is answered by the server and not forwarded to the user's resources.
        await using var alice = await _server.LoginAsync("alice", "pw-a", "desk");
        await alice.RequestAsync($"<iq type='set' id='v1'>{AliceCard}</iq>", "v1");
        await using var bob = await _server.LoginAsync("bob", "pw-b");

        var reply = await bob.RequestAsync("<iq type='get' id='b1' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "b1");

        Assert.Equal("result", reply.Attribute("type"));
        Assert.Equal("alice@localhost", reply.Attribute("from"));
        Assert.Equal("Alice & <Co>", Card(reply)!.Child("FN", Namespaces.VCardTemp)!.Text);
        // Had Bob's request reached Alice's client, it would be waiting ahead of her ping's answer.
        var next = await alice.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", next.Attribute("type"));
    }

    [Fact]
    public async Task Another_users_missing_vcard_is_service_unavailable()
    {
        // §3.3: no vCard: a stanza error, service-unavailable or item-not-found; the former is also what a
        // missing account gets, so the answer does not tell whether the account exists.
        await using var bob = await _server.LoginAsync("bob", "pw-b");

        var none = await bob.RequestAsync("<iq type='get' id='b1' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "b1");
        var nobody = await bob.RequestAsync("<iq type='get' id='b2' to='nobody@localhost'><vCard xmlns='vcard-temp'/></iq>", "b2");

        Assert.Equal("service-unavailable", none.ErrorCondition());
        Assert.Equal("service-unavailable", nobody.ErrorCondition());
    }

    [Fact]
    public async Task Setting_another_users_vcard_is_forbidden_and_changes_nothing()
    {
        // §3.2: an IQ set to a JID other than the sender's bare JID MUST get an error (forbidden or not-allowed).
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.RequestAsync($"<iq type='set' id='v1'>{AliceCard}</iq>", "v1");
        await using var bob = await _server.LoginAsync("bob", "pw-b");

        var reply = await bob.RequestAsync("<iq type='set' id='b1' to='alice@localhost'><vCard xmlns='vcard-temp'><FN>Mallory</FN></vCard></iq>", "b1");

        Assert.Equal("error", reply.Attribute("type"));
        Assert.Equal("forbidden", reply.ErrorCondition());
        Assert.Equal("auth", reply.ErrorType());
        var card = Card(await alice.RequestAsync("<iq type='get' id='v2'><vCard xmlns='vcard-temp'/></iq>", "v2"))!;
        Assert.Equal("Alice & <Co>", card.Child("FN", Namespaces.VCardTemp)!.Text);
    }

    [Fact]
    public async Task An_oversized_vcard_is_not_acceptable_and_the_old_one_stays()
    {
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.RequestAsync($"<iq type='set' id='v1'>{AliceCard}</iq>", "v1");
        var photo = new string('A', MaxBytes);

        var reply = await alice.RequestAsync($"<iq type='set' id='v2'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>{photo}</BINVAL></PHOTO></vCard></iq>", "v2");

        Assert.Equal("not-acceptable", reply.ErrorCondition());
        Assert.Equal("modify", reply.ErrorType());
        Assert.Contains(MaxBytes.ToString(), reply.Child("error", Namespaces.Client)!.Child("text", Namespaces.StanzaErrors)!.Text);
        var card = Card(await alice.RequestAsync("<iq type='get' id='v3'><vCard xmlns='vcard-temp'/></iq>", "v3"))!;
        Assert.Null(card.Child("PHOTO", Namespaces.VCardTemp));
        Assert.NotNull(card.Child("FN", Namespaces.VCardTemp));
    }

    [Fact]
    public async Task A_vcard_with_text_beside_its_fields_is_a_bad_request()
    {
        // §9: <vCard/> holds elements only.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.RequestAsync("<iq type='set' id='v1'><vCard xmlns='vcard-temp'>Alice<FN>Alice</FN></vCard></iq>", "v1");

        Assert.Equal("bad-request", reply.ErrorCondition());
    }

    [Fact]
    public async Task A_vcard_element_in_the_wrong_case_is_not_a_vcard()
    {
        // §8: the wrapper is <vCard/>, and XML names are case-sensitive.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.RequestAsync("<iq type='get' id='v1'><VCARD xmlns='vcard-temp'/></iq>", "v1");

        Assert.Equal("service-unavailable", reply.ErrorCondition());
    }

    [Fact]
    public async Task Setting_an_empty_vcard_removes_it()
    {
        await using var alice = await _server.LoginAsync("alice", "pw-a");
        await alice.RequestAsync($"<iq type='set' id='v1'>{AliceCard}</iq>", "v1");
        await using var bob = await _server.LoginAsync("bob", "pw-b");

        var cleared = await alice.RequestAsync("<iq type='set' id='v2'><vCard xmlns='vcard-temp'/></iq>", "v2");

        Assert.Equal("result", cleared.Attribute("type"));
        var reply = await bob.RequestAsync("<iq type='get' id='b1' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "b1");
        Assert.Equal("service-unavailable", reply.ErrorCondition());
    }

    [Fact]
    public async Task The_server_announces_vcard_temp_in_disco_info()
    {
        // §4: support MUST be announced with the feature vcard-temp.
        await using var alice = await _server.LoginAsync("alice", "pw-a");

        var reply = await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        Assert.Contains(reply.Child("query", Namespaces.DiscoInfo)!.Elements(), f => f.Attribute("var") == "vcard-temp");
    }
}

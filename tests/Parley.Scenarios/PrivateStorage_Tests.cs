using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>XEP-0049 private XML storage: any XML of one's own, for one's own account only.</summary>
public sealed class PrivateStorage_Tests : IAsyncLifetime
{
    private const int MaxBytes = 2048;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["modules:private:max_bytes"] = MaxBytes.ToString() });
        await _server.AddUserAsync("hamlet", "pw-h");
        await _server.AddUserAsync("macbeth", "pw-m");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Prefs = "<exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>";

    private static Element Query(Element reply) => reply.Child("query", Namespaces.PrivateStorage)!;

    [Fact]
    public async Task Stored_data_comes_back_by_element_name_and_namespace()
    {
        // §2.3, the two examples: store, then retrieve with the empty element.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var set = await hamlet.RequestAsync($"<iq type='set' id='1001'><query xmlns='jabber:iq:private'>{Prefs}</query></iq>", "1001");
        Assert.Equal("result", set.Attribute("type"));

        var get = await hamlet.RequestAsync("<iq type='get' id='1002'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>", "1002");
        Assert.Equal("result", get.Attribute("type"));
        var stored = Query(get).Child("exodus", "exodus:prefs")!;
        Assert.Equal("Hamlet", stored.Child("defaultnick", "exodus:prefs")!.Text);
    }

    [Fact]
    public async Task Nothing_stored_yet_is_answered_with_the_empty_element()
    {
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var get = await hamlet.RequestAsync("<iq type='get' id='g1'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>", "g1");

        var storage = Query(get).Child("storage", "storage:bookmarks");
        Assert.NotNull(storage);
        Assert.Empty(storage.Nodes);
    }

    [Fact]
    public async Task A_set_keeps_each_element_and_replaces_only_those_it_names()
    {
        // §2.3: a set may carry several elements.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");
        await hamlet.RequestAsync($"<iq type='set' id='s1'><query xmlns='jabber:iq:private'>{Prefs}"
            + "<storage xmlns='storage:bookmarks'><conference jid='elsinore@muc.localhost'/></storage></query></iq>", "s1");

        await hamlet.RequestAsync("<iq type='set' id='s2'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'><defaultnick>Dane</defaultnick></exodus></query></iq>", "s2");

        var prefs = Query(await hamlet.RequestAsync("<iq type='get' id='g1'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>", "g1"));
        Assert.Equal("Dane", prefs.Child("exodus", "exodus:prefs")!.Child("defaultnick", "exodus:prefs")!.Text);
        var bookmarks = Query(await hamlet.RequestAsync("<iq type='get' id='g2'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>", "g2"));
        Assert.Equal("elsinore@muc.localhost", bookmarks.Child("storage", "storage:bookmarks")!.Elements().Single().Attribute("jid"));
    }

    [Fact]
    public async Task Another_users_private_data_is_forbidden_to_get_and_to_set()
    {
        // §2.3 and §4: only the user's own resources; forbidden is the preferable of the two allowed errors.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");
        await hamlet.RequestAsync($"<iq type='set' id='s1'><query xmlns='jabber:iq:private'>{Prefs}</query></iq>", "s1");
        await using var macbeth = await _server.LoginAsync("macbeth", "pw-m");

        var set = await macbeth.RequestAsync("<iq type='set' id='1003' to='hamlet@localhost'><query xmlns='jabber:iq:private'>"
            + "<exodus xmlns='exodus:prefs'><defaultnick>Macbeth</defaultnick></exodus></query></iq>", "1003");
        var get = await macbeth.RequestAsync("<iq type='get' id='m2' to='hamlet@localhost'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>", "m2");

        Assert.Equal("forbidden", set.ErrorCondition());
        Assert.Equal("forbidden", get.ErrorCondition());
        Assert.Null(get.Child("query", Namespaces.PrivateStorage));
        var mine = Query(await hamlet.RequestAsync("<iq type='get' id='g1'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>", "g1"));
        Assert.Equal("Hamlet", mine.Child("exodus", "exodus:prefs")!.Child("defaultnick", "exodus:prefs")!.Text);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("set")]
    public async Task A_query_without_a_child_is_not_acceptable(string type)
    {
        // §2.3: at least one child element MUST be included, or not-acceptable.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var reply = await hamlet.RequestAsync($"<iq type='{type}' id='1004'><query xmlns='jabber:iq:private'/></iq>", "1004");

        Assert.Equal("not-acceptable", reply.ErrorCondition());
    }

    [Fact]
    public async Task Storing_in_the_private_namespace_itself_is_not_acceptable()
    {
        // §2.3: the fragment's root must be scoped by its own namespace (the schema's ##other).
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var inherited = await hamlet.RequestAsync("<iq type='set' id='f1'><query xmlns='jabber:iq:private'><prefs><nick>x</nick></prefs></query></iq>", "f1");
        var explicitNs = await hamlet.RequestAsync("<iq type='get' id='f2'><query xmlns='jabber:iq:private'><query xmlns='jabber:iq:private'/></query></iq>", "f2");

        Assert.Equal("not-acceptable", inherited.ErrorCondition());
        Assert.Equal("not-acceptable", explicitNs.ErrorCondition());
    }

    [Fact]
    public async Task An_element_in_no_namespace_is_not_acceptable()
    {
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var reply = await hamlet.RequestAsync("<iq type='set' id='n1'><query xmlns='jabber:iq:private'><prefs xmlns=''/></query></iq>", "n1");

        Assert.Equal("not-acceptable", reply.ErrorCondition());
    }

    [Fact]
    public async Task A_get_for_two_namespaces_at_once_is_a_bad_request()
    {
        // §2.3: a client MUST NOT query for more than one namespace in a single get.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var reply = await hamlet.RequestAsync("<iq type='get' id='b1'><query xmlns='jabber:iq:private'>"
            + "<exodus xmlns='exodus:prefs'/><storage xmlns='storage:bookmarks'/></query></iq>", "b1");

        Assert.Equal("bad-request", reply.ErrorCondition());
    }

    [Fact]
    public async Task Text_in_the_query_is_a_bad_request()
    {
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var reply = await hamlet.RequestAsync($"<iq type='set' id='t1'><query xmlns='jabber:iq:private'>loose text{Prefs}</query></iq>", "t1");

        Assert.Equal("bad-request", reply.ErrorCondition());
    }

    [Fact]
    public async Task Storing_past_the_account_limit_is_not_acceptable_and_keeps_what_was_there()
    {
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");
        await hamlet.RequestAsync($"<iq type='set' id='s1'><query xmlns='jabber:iq:private'>{Prefs}</query></iq>", "s1");
        var big = new string('x', MaxBytes);

        var reply = await hamlet.RequestAsync($"<iq type='set' id='s2'><query xmlns='jabber:iq:private'><notes xmlns='urn:example:notes'>{big}</notes>"
            + "<exodus xmlns='exodus:prefs'><defaultnick>Lost</defaultnick></exodus></query></iq>", "s2");

        Assert.Equal("not-acceptable", reply.ErrorCondition());
        var prefs = Query(await hamlet.RequestAsync("<iq type='get' id='g1'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>", "g1"));
        Assert.Equal("Hamlet", prefs.Child("exodus", "exodus:prefs")!.Child("defaultnick", "exodus:prefs")!.Text);
    }

    [Fact]
    public async Task Reserved_namespaces_are_stored_like_any_other()
    {
        // §2.3 makes refusing jabber:* and vcard-temp optional; clients do store such elements.
        await using var hamlet = await _server.LoginAsync("hamlet", "pw-h");

        var set = await hamlet.RequestAsync("<iq type='set' id='r1'><query xmlns='jabber:iq:private'><roster xmlns='roster:delimiter'>::</roster>"
            + "<vCard xmlns='vcard-temp'><FN>Hamlet</FN></vCard></query></iq>", "r1");

        Assert.Equal("result", set.Attribute("type"));
        var get = Query(await hamlet.RequestAsync("<iq type='get' id='r2'><query xmlns='jabber:iq:private'><vCard xmlns='vcard-temp'/></query></iq>", "r2"));
        Assert.Equal("Hamlet", get.Child("vCard", "vcard-temp")!.Child("FN", "vcard-temp")!.Text);
    }
}

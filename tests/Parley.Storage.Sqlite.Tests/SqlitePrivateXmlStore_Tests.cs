using Parley.Xml;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqlitePrivateXmlStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private const long NoLimit = long.MaxValue;
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqlitePrivateXmlStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqlitePrivateXmlStore(_database);
        var users = new SqliteUserStore(_database);
        await users.CreateAsync(Host, "juliet", []);
        await users.CreateAsync(Host, "romeo", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private static Element Bookmarks(string room) => X.E("storage", "storage:bookmarks",
        X.E("conference", "storage:bookmarks", X.A("jid", room), X.A("autojoin", "true")));

    [Fact]
    public async Task Elements_are_kept_by_name_and_namespace()
    {
        var notes = X.E("storage", "storage:rosternotes", X.E("note", "storage:rosternotes", X.A("jid", "romeo@example.net"), "Montague"));
        var other = X.E("prefs", "storage:bookmarks");

        Assert.True(await _store.SetAsync(Host, "juliet", [Bookmarks("garden@muc.example.org"), notes, other], NoLimit));

        Assert.Equal(Bookmarks("garden@muc.example.org").ToString(), (await _store.GetAsync(Host, "juliet", "storage", "storage:bookmarks"))!.ToString());
        Assert.Equal(notes.ToString(), (await _store.GetAsync(Host, "juliet", "storage", "storage:rosternotes"))!.ToString());
        Assert.Equal(other.ToString(), (await _store.GetAsync(Host, "juliet", "prefs", "storage:bookmarks"))!.ToString());
        Assert.Null(await _store.GetAsync(Host, "juliet", "other", "storage:bookmarks"));
        Assert.Null(await _store.GetAsync(Host, "romeo", "storage", "storage:bookmarks"));
    }

    [Fact]
    public async Task Setting_replaces_that_element_and_keeps_the_others()
    {
        var notes = X.E("storage", "storage:rosternotes");
        await _store.SetAsync(Host, "juliet", [Bookmarks("a@muc.example.org"), notes], NoLimit);

        await _store.SetAsync(Host, "juliet", [Bookmarks("b@muc.example.org")], NoLimit);

        Assert.Equal(Bookmarks("b@muc.example.org").ToString(), (await _store.GetAsync(Host, "juliet", "storage", "storage:bookmarks"))!.ToString());
        Assert.NotNull(await _store.GetAsync(Host, "juliet", "storage", "storage:rosternotes"));
    }

    [Fact]
    public async Task Within_one_set_the_last_element_of_a_name_wins()
    {
        await _store.SetAsync(Host, "juliet", [Bookmarks("a@muc.example.org"), Bookmarks("b@muc.example.org")], NoLimit);

        Assert.Equal(Bookmarks("b@muc.example.org").ToString(), (await _store.GetAsync(Host, "juliet", "storage", "storage:bookmarks"))!.ToString());
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM private_xml"));
    }

    [Fact]
    public async Task A_set_past_the_account_limit_is_refused_and_changes_nothing()
    {
        var small = Bookmarks("a@muc.example.org");
        var limit = XmlFragment.ByteCount(small) + 10;
        Assert.True(await _store.SetAsync(Host, "juliet", [small], limit));

        var other = X.E("storage", "storage:rosternotes", X.E("note", "storage:rosternotes", "more than ten bytes of text"));
        Assert.False(await _store.SetAsync(Host, "juliet", [other], limit));

        Assert.Null(await _store.GetAsync(Host, "juliet", "storage", "storage:rosternotes"));
        Assert.Equal(small.ToString(), (await _store.GetAsync(Host, "juliet", "storage", "storage:bookmarks"))!.ToString());
    }

    [Fact]
    public async Task Replacing_an_element_counts_its_new_size_not_both()
    {
        var first = Bookmarks("a@muc.example.org");
        var limit = XmlFragment.ByteCount(first);
        Assert.True(await _store.SetAsync(Host, "juliet", [first], limit));

        Assert.True(await _store.SetAsync(Host, "juliet", [Bookmarks("b@muc.example.org")], limit));
    }

    [Fact]
    public async Task The_limit_is_per_account()
    {
        var card = Bookmarks("a@muc.example.org");
        var limit = XmlFragment.ByteCount(card);

        Assert.True(await _store.SetAsync(Host, "juliet", [card], limit));
        Assert.True(await _store.SetAsync(Host, "romeo", [card], limit));
    }

    [Fact]
    public async Task Deleting_account_data_leaves_no_row_and_other_accounts_untouched()
    {
        await _store.SetAsync(Host, "juliet", [Bookmarks("a@muc.example.org"), X.E("storage", "storage:rosternotes")], NoLimit);
        await _store.SetAsync(Host, "romeo", [Bookmarks("a@muc.example.org")], NoLimit);

        await _store.DeleteAccountDataAsync(Host, "juliet", CancellationToken.None);

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM private_xml WHERE username = 'juliet'"));
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM private_xml WHERE username = 'romeo'"));
        Assert.Equal("private", _store.Name);
    }

    [Fact]
    public async Task Nothing_is_stored_for_an_account_that_does_not_exist()
    {
        await _store.SetAsync(Host, "nobody", [Bookmarks("a@muc.example.org")], NoLimit);

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM private_xml"));
    }

    [Fact]
    public async Task An_element_without_a_namespace_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _store.SetAsync(Host, "juliet", [new Element("storage", "")], NoLimit));
    }
}

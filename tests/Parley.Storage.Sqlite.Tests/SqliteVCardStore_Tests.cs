using Parley.Xml;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteVCardStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteVCardStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteVCardStore(_database);
        var users = new SqliteUserStore(_database);
        await users.CreateAsync(Host, "juliet", []);
        await users.CreateAsync(Host, "romeo", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private static Element Card(string fn) => X.E("vCard", "vcard-temp", X.E("FN", "vcard-temp", fn));

    [Fact]
    public async Task An_account_without_a_vcard_has_none()
    {
        Assert.Null(await _store.GetAsync(Host, "juliet"));
    }

    [Fact]
    public async Task A_stored_vcard_reads_back_as_the_same_tree()
    {
        // Prefixed namespaces, xml:lang, characters that need escaping, an extension namespace.
        var card = X.E("vCard", "vcard-temp", X.A("version", "3.0"),
            X.E("FN", "vcard-temp", "Juliet <Capulet> & \"family\""),
            X.E("N", "vcard-temp", X.E("GIVEN", "vcard-temp", "Juliet"), X.E("MIDDLE", "vcard-temp")),
            new Element("DESC", "vcard-temp", [new XmlAttribute("lang", "fr", Element.XmlNamespace)], [new Text("Là-haut\r\n")]),
            X.E("x", "urn:example:ext", X.A("a", "'quoted'")));

        await _store.SetAsync(Host, "juliet", card);

        var read = await _store.GetAsync(Host, "juliet");
        Assert.NotNull(read);
        Assert.Equal(card.ToString(), read.ToString());
        Assert.Equal("fr", read.Child("DESC", "vcard-temp")!.Lang);
    }

    [Fact]
    public async Task Setting_replaces_the_whole_vcard()
    {
        await _store.SetAsync(Host, "juliet", X.E("vCard", "vcard-temp", X.E("FN", "vcard-temp", "Juliet"), X.E("NICKNAME", "vcard-temp", "J")));
        await _store.SetAsync(Host, "juliet", Card("Juliet Capulet"));

        var read = await _store.GetAsync(Host, "juliet");
        Assert.Equal(Card("Juliet Capulet").ToString(), read!.ToString());
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM vcards"));
    }

    [Fact]
    public async Task Removing_forgets_the_vcard_of_that_account_only()
    {
        await _store.SetAsync(Host, "juliet", Card("Juliet"));
        await _store.SetAsync(Host, "romeo", Card("Romeo"));

        await _store.RemoveAsync(Host, "juliet");

        Assert.Null(await _store.GetAsync(Host, "juliet"));
        Assert.NotNull(await _store.GetAsync(Host, "romeo"));
    }

    [Fact]
    public async Task Deleting_account_data_leaves_no_row_and_other_accounts_untouched()
    {
        await _store.SetAsync(Host, "juliet", Card("Juliet"));
        await _store.SetAsync(Host, "romeo", Card("Romeo"));

        await _store.DeleteAccountDataAsync(Host, "juliet", CancellationToken.None);

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM vcards WHERE username = 'juliet'"));
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM vcards WHERE username = 'romeo'"));
        Assert.Equal("vcard", _store.Name);
    }

    [Fact]
    public async Task Nothing_is_stored_for_an_account_that_does_not_exist()
    {
        await _store.SetAsync(Host, "nobody", Card("Nobody"));

        Assert.Null(await _store.GetAsync(Host, "nobody"));
        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM vcards"));
    }

    [Fact]
    public async Task Deleting_the_account_deletes_its_vcard_too()
    {
        await _store.SetAsync(Host, "juliet", Card("Juliet"));

        await new SqliteUserStore(_database).DeleteAsync(Host, "juliet");

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM vcards"));
    }

    [Fact]
    public async Task A_corrupted_row_is_reported_not_served()
    {
        await Sql.ExecuteAsync(_database, "INSERT INTO vcards (host, username, xml) VALUES ('example.org', 'juliet', '<vCard xmlns=''vcard-temp''><FN>')");

        await Assert.ThrowsAsync<FormatException>(async () => await _store.GetAsync(Host, "juliet"));
    }
}

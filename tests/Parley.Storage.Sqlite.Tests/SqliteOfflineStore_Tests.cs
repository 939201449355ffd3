using Parley.Modules.Offline;
using Parley.Xml;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteOfflineStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteOfflineStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteOfflineStore(_database);
        var users = new SqliteUserStore(_database);
        await users.CreateAsync(Host, "juliet", []);
        await users.CreateAsync(Host, "romeo", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private static Element Message(string id, string body = "hi") => X.E("message", "jabber:client",
        X.A("from", "romeo@example.org/orchard"), X.A("to", "juliet@example.org"), X.A("id", id), X.E("body", "jabber:client", body));

    [Fact]
    public async Task Messages_read_back_in_arrival_order_with_their_stamps()
    {
        Assert.Equal(OfflineStoreResult.Stored, await _store.StoreAsync(Host, "juliet", Message("a", "<&> ünï"), Noon, 10));
        Assert.Equal(OfflineStoreResult.Stored, await _store.StoreAsync(Host, "juliet", Message("b"), Noon.AddSeconds(-5), 10));

        var waiting = await _store.GetAsync(Host, "juliet");

        Assert.Equal(["a", "b"], waiting.Select(m => m.Message.Attribute("id")));
        Assert.Equal([Noon, Noon.AddSeconds(-5)], waiting.Select(m => m.Stamp));
        Assert.Equal("<&> ünï", waiting[0].Message.Child("body", "jabber:client")!.Text);
        Assert.Empty(await _store.GetAsync(Host, "romeo"));
    }

    [Fact]
    public async Task A_full_account_refuses_more_until_messages_are_removed()
    {
        await _store.StoreAsync(Host, "juliet", Message("a"), Noon, 2);
        await _store.StoreAsync(Host, "juliet", Message("b"), Noon, 2);

        Assert.Equal(OfflineStoreResult.Full, await _store.StoreAsync(Host, "juliet", Message("c"), Noon, 2));
        // The quota is per account.
        Assert.Equal(OfflineStoreResult.Stored, await _store.StoreAsync(Host, "romeo", Message("r"), Noon, 2));

        var first = (await _store.GetAsync(Host, "juliet"))[0];
        await _store.RemoveAsync(Host, "juliet", [first.Id]);
        Assert.Equal(OfflineStoreResult.Stored, await _store.StoreAsync(Host, "juliet", Message("c"), Noon, 2));
        Assert.Equal(["b", "c"], (await _store.GetAsync(Host, "juliet")).Select(m => m.Message.Attribute("id")));
    }

    [Fact]
    public async Task Removing_touches_only_the_given_messages_of_that_account()
    {
        await _store.StoreAsync(Host, "juliet", Message("a"), Noon, 10);
        await _store.StoreAsync(Host, "romeo", Message("r"), Noon, 10);
        var romeos = await _store.GetAsync(Host, "romeo");

        // Romeo's id under Juliet's name removes nothing.
        await _store.RemoveAsync(Host, "juliet", [romeos[0].Id, 12345]);

        Assert.Single(await _store.GetAsync(Host, "juliet"));
        Assert.Single(await _store.GetAsync(Host, "romeo"));
    }

    [Fact]
    public async Task Nothing_is_stored_for_an_account_that_does_not_exist()
    {
        Assert.Equal(OfflineStoreResult.NoSuchAccount, await _store.StoreAsync(Host, "nobody", Message("x"), Noon, 10));
        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM offline_messages"));
    }

    [Fact]
    public async Task Deleting_account_data_leaves_no_row_and_other_accounts_untouched()
    {
        await _store.StoreAsync(Host, "juliet", Message("a"), Noon, 10);
        await _store.StoreAsync(Host, "romeo", Message("r"), Noon, 10);

        await _store.DeleteAccountDataAsync(Host, "juliet", CancellationToken.None);

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM offline_messages WHERE username = 'juliet'"));
        Assert.Single(await _store.GetAsync(Host, "romeo"));
        Assert.Equal("offline", _store.Name);
    }
}

using Parley.Modules.LastActivity;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteLastActivityStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteLastActivityStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteLastActivityStore(_database);
        var users = new SqliteUserStore(_database);
        await users.CreateAsync(Host, "juliet", []);
        await users.CreateAsync(Host, "romeo", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_account_that_never_logged_out_has_no_record()
    {
        Assert.Null(await _store.GetAsync(Host, "juliet"));
    }

    [Fact]
    public async Task The_last_logout_reads_back_to_the_millisecond_with_its_status()
    {
        await _store.SetAsync(Host, "juliet", new LastLogout(Noon, "Heading home"));

        Assert.Equal(new LastLogout(Noon, "Heading home"), await _store.GetAsync(Host, "juliet"));
    }

    [Fact]
    public async Task A_later_logout_replaces_the_earlier_one_and_may_have_no_status()
    {
        await _store.SetAsync(Host, "juliet", new LastLogout(Noon, "Heading home"));
        await _store.SetAsync(Host, "juliet", new LastLogout(Noon.AddHours(1), null));

        Assert.Equal(new LastLogout(Noon.AddHours(1), null), await _store.GetAsync(Host, "juliet"));
    }

    [Fact]
    public async Task A_time_in_another_offset_is_stored_as_the_same_instant()
    {
        await _store.SetAsync(Host, "juliet", new LastLogout(Noon.ToOffset(TimeSpan.FromHours(2)), null));

        Assert.Equal(Noon, (await _store.GetAsync(Host, "juliet"))!.At);
    }

    [Fact]
    public async Task Deleting_account_data_leaves_no_row_and_other_accounts_untouched()
    {
        await _store.SetAsync(Host, "juliet", new LastLogout(Noon, null));
        await _store.SetAsync(Host, "romeo", new LastLogout(Noon, null));

        await _store.DeleteAccountDataAsync(Host, "juliet", CancellationToken.None);

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM last_logout WHERE username = 'juliet'"));
        Assert.NotNull(await _store.GetAsync(Host, "romeo"));
        Assert.Equal("lastactivity", _store.Name);
    }

    [Fact]
    public async Task Nothing_is_stored_for_an_account_that_does_not_exist()
    {
        await _store.SetAsync(Host, "nobody", new LastLogout(Noon, null));

        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM last_logout"));
    }
}

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteBlocklistStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteBlocklistStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteBlocklistStore(_database);
        await new SqliteUserStore(_database).CreateAsync(Host, "juliet", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Blocking_adds_only_what_is_new_and_unblocking_removes_what_was_there()
    {
        Assert.Equal(["a@example.net", "b@example.net"], await _store.AddAsync(Host, "juliet", ["a@example.net", "b@example.net", "a@example.net"], 10));
        Assert.Equal(["c@example.net"], await _store.AddAsync(Host, "juliet", ["b@example.net", "c@example.net"], 10));

        Assert.Equal(["b@example.net"], await _store.RemoveAsync(Host, "juliet", ["b@example.net", "z@example.net"]));
        Assert.Equal(["a@example.net", "c@example.net"], (await _store.GetAsync(Host, "juliet")).Order(StringComparer.Ordinal));
        Assert.Equal(["a@example.net", "c@example.net"], (await _store.RemoveAsync(Host, "juliet", null)).Order(StringComparer.Ordinal));
        Assert.Empty(await _store.GetAsync(Host, "juliet"));
    }

    [Fact]
    public async Task A_block_past_the_limit_adds_nothing()
    {
        await _store.AddAsync(Host, "juliet", ["a@example.net", "b@example.net"], 3);

        Assert.Null(await _store.AddAsync(Host, "juliet", ["c@example.net", "d@example.net"], 3));
        Assert.Equal(2, (await _store.GetAsync(Host, "juliet")).Count);
        Assert.NotNull(await _store.AddAsync(Host, "juliet", ["a@example.net", "c@example.net"], 3));
    }
}

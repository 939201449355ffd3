using Parley.Server.Sasl;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteUserStore_Concurrency_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteUserStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteUserStore(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Many_parallel_creates_of_different_users_all_succeed()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => _store.CreateAsync(Host, $"user{i:D2}", Credentials.All()).AsTask())));

        Assert.All(created, Assert.True);
        Assert.Equal(64, (await _store.ListAsync(Host)).Count);
        Assert.Equal(64 * 3, await Sql.CountAsync(_database, "SELECT count(*) FROM scram_credentials"));
    }

    [Fact]
    public async Task Parallel_creates_of_one_user_succeed_exactly_once()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            Task.Run(() => _store.CreateAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256)]).AsTask())));

        Assert.Single(created, c => c);
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM scram_credentials"));
    }

    [Fact]
    public async Task Parallel_creates_of_one_user_through_two_databases_on_one_file_succeed_exactly_once()
    {
        // Two SqliteDatabase objects do not share a write gate, like two processes: SQLite's own lock decides.
        await using var other = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        var stores = new[] { _store, new SqliteUserStore(other) };

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => stores[i % 2].CreateAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256)]).AsTask())));

        Assert.Single(created, c => c);
        Assert.Equal(1, await Sql.CountAsync(_database, "SELECT count(*) FROM scram_credentials"));
    }

    [Fact]
    public async Task Readers_see_old_or_new_credentials_while_they_are_replaced_never_none()
    {
        await _store.CreateAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256)]);

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await _store.SetCredentialsAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256)]);
            }
        });
        var reads = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var missing = 0;
            while (!writer.IsCompleted)
            {
                if (await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha256) is null)
                {
                    missing++;
                }
            }

            return missing;
        })).ToArray();

        await writer;
        Assert.All(await Task.WhenAll(reads), missing => Assert.Equal(0, missing));
    }
}

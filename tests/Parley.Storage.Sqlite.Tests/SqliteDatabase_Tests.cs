namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteDatabase_Tests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task First_open_creates_the_folder_and_file_and_applies_the_migrations()
    {
        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        Assert.True(File.Exists(_folder.DatabasePath));
        Assert.Equal(Path.GetFullPath(_folder.DatabasePath), database.Path);
        Assert.Equal(SqliteMigration.Embedded[^1].Version, database.SchemaVersion);
        Assert.Equal(SqliteMigration.Embedded.Count,
            await Sql.CountAsync(database, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, await Sql.CountAsync(database,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'users'"));
    }

    [Fact]
    public async Task Connections_use_wal_full_sync_and_foreign_keys()
    {
        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        Assert.Equal("wal", await Sql.ScalarAsync(database, "PRAGMA journal_mode"));
        Assert.Equal(2L, await Sql.ScalarAsync(database, "PRAGMA synchronous")); // 2 = FULL
        Assert.Equal(1L, await Sql.ScalarAsync(database, "PRAGMA foreign_keys"));
        Assert.True((long)(await Sql.ScalarAsync(database, "PRAGMA busy_timeout"))! > 0);
    }

    [Fact]
    public async Task Pooled_connections_opened_again_keep_full_sync_foreign_keys_and_busy_timeout()
    {
        // The pragmas run once per native connection; every later open of a pooled one must still have them.
        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        for (var round = 0; round < 3; round++)
        {
            // Three at once: the pool holds (at least) three native connections, each checked on every round.
            var connections = new List<Microsoft.Data.Sqlite.SqliteConnection>();
            for (var i = 0; i < 3; i++)
                connections.Add(await database.OpenConnectionAsync(CancellationToken.None));
            foreach (var connection in connections)
            {
                Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous"));
                Assert.Equal(1L, Scalar(connection, "PRAGMA foreign_keys"));
                Assert.True((long)Scalar(connection, "PRAGMA busy_timeout")! > 0);
            }
            foreach (var connection in connections)
                await connection.DisposeAsync();
        }

        static object? Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }

    [Fact]
    public async Task Reopen_keeps_the_data_and_does_not_apply_migrations_again()
    {
        string firstAppliedAt;
        await using (var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None))
        {
            await Sql.ExecuteAsync(database, "INSERT INTO users (host, username) VALUES ('example.org', 'juliet')");
            firstAppliedAt = (string)(await Sql.ScalarAsync(database,
                "SELECT applied_at FROM schema_migrations WHERE version = 1"))!;
        }

        await using var reopened = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        Assert.Equal(1, await Sql.CountAsync(reopened, "SELECT count(*) FROM users"));
        Assert.Equal(SqliteMigration.Embedded.Count,
            await Sql.CountAsync(reopened, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(firstAppliedAt,
            await Sql.ScalarAsync(reopened, "SELECT applied_at FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task A_database_from_a_newer_Parley_is_refused_with_a_clear_message()
    {
        await using (var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None))
        {
            await Sql.ExecuteAsync(database,
                "INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00Z')");
        }

        var refused = await Assert.ThrowsAsync<SqliteSchemaVersionException>(
            () => SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None));

        Assert.Equal(999, refused.DatabaseVersion);
        Assert.Equal(SqliteMigration.Embedded[^1].Version, refused.KnownVersion);
        Assert.Contains("schema version 999", refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(_folder.DatabasePath), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_database_is_left_untouched()
    {
        SqliteMigration[] newer = [new(1, "one", "CREATE TABLE one (x INTEGER) STRICT;"),
            new(2, "two", "CREATE TABLE two (x INTEGER) STRICT;")];
        await (await SqliteDatabase.OpenAsync(_folder.DatabasePath, newer, CancellationToken.None)).DisposeAsync();

        // This build knows 1 and 3 but not 2: 3 must not be applied on top of an unknown 2.
        SqliteMigration[] other = [newer[0], new(3, "three", "CREATE TABLE three (x INTEGER) STRICT;")];
        var refused = await Assert.ThrowsAsync<SqliteSchemaVersionException>(
            () => SqliteDatabase.OpenAsync(_folder.DatabasePath, other, CancellationToken.None));
        Assert.Equal(2, refused.DatabaseVersion);
        Assert.Contains("does not know", refused.Message, StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, newer, CancellationToken.None);
        Assert.Equal(0, await Sql.CountAsync(database,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'three'"));
    }

    [Fact]
    public async Task Migrations_run_in_version_order_whatever_order_they_are_given_in()
    {
        SqliteMigration[] migrations =
        [
            new(2, "fill", "INSERT INTO steps (n) VALUES (2);"),
            new(1, "create", "CREATE TABLE steps (n INTEGER NOT NULL) STRICT; INSERT INTO steps (n) VALUES (1);"),
        ];

        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, migrations, CancellationToken.None);

        Assert.Equal(2, database.SchemaVersion);
        Assert.Equal("1,2", await Sql.ScalarAsync(database, "SELECT group_concat(n, ',') FROM (SELECT n FROM steps ORDER BY rowid)"));
    }

    [Fact]
    public async Task A_later_migration_is_applied_on_the_next_start_and_only_once()
    {
        SqliteMigration create = new(1, "create", "CREATE TABLE steps (n INTEGER NOT NULL) STRICT;");
        SqliteMigration fill = new(2, "fill", "INSERT INTO steps (n) VALUES (2);");
        await (await SqliteDatabase.OpenAsync(_folder.DatabasePath, [create], CancellationToken.None)).DisposeAsync();
        await (await SqliteDatabase.OpenAsync(_folder.DatabasePath, [create, fill], CancellationToken.None)).DisposeAsync();

        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, [create, fill], CancellationToken.None);

        Assert.Equal(2, database.SchemaVersion);
        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM steps"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        SqliteMigration create = new(1, "create", "CREATE TABLE steps (n INTEGER NOT NULL) STRICT;");
        SqliteMigration broken = new(2, "broken", "CREATE TABLE half (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);");

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteDatabase.OpenAsync(_folder.DatabasePath, [create, broken], CancellationToken.None));
        Assert.Contains("0002_broken", failed.Message, StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, [create], CancellationToken.None);
        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await Sql.CountAsync(database, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"));
    }

    [Fact]
    public async Task Two_migrations_with_one_version_are_refused()
    {
        SqliteMigration[] clash = [new(2, "roster", "SELECT 1;"), new(2, "blocklist", "SELECT 1;")];

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteDatabase.OpenAsync(_folder.DatabasePath, clash, CancellationToken.None));

        Assert.Contains("0002_roster", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0002_blocklist", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_migrations_are_found_by_file_name()
    {
        var first = SqliteMigration.Embedded[0];

        Assert.Equal(1, first.Version);
        Assert.Equal("users", first.Name);
        Assert.Contains("CREATE TABLE users", first.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_database_refuses_new_work()
    {
        var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await database.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.OpenConnectionAsync(CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.BeginWriteAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Dispose_closes_every_connection_and_checkpoints_the_wal()
    {
        var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await Sql.ExecuteAsync(database, "INSERT INTO users (host, username) VALUES ('example.org', 'juliet')");

        await database.DisposeAsync();

        // The last connection to close folds the WAL into the file: nothing is left open or pending.
        Assert.False(File.Exists(_folder.DatabasePath + "-wal"));
    }

    [Fact]
    public async Task A_write_that_is_not_committed_is_rolled_back()
    {
        await using var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        await using (var write = await database.BeginWriteAsync(CancellationToken.None))
        {
            using var insert = write.CreateCommand("INSERT INTO users (host, username) VALUES ('example.org', 'romeo')");
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await Sql.CountAsync(database, "SELECT count(*) FROM users"));
    }
}

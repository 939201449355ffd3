using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>Brings a database up to the newest known schema, one transaction per migration.</summary>
internal static class SqliteMigrator
{
    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at TEXT    NOT NULL
        ) STRICT;
        """;

    /// <summary>Applies what is missing and returns the resulting schema version.</summary>
    internal static async Task<int> MigrateAsync(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations,
        string path, CancellationToken cancellationToken)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = CreateHistory;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var known = migrations.Select(m => m.Version).ToHashSet();
        var knownVersion = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var applied = await ReadAppliedAsync(connection, null, cancellationToken);

        // Refuse before changing anything: newer code may have reshaped tables this build would write wrongly.
        var unknown = applied.Where(v => !known.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            throw new SqliteSchemaVersionException(path, unknown.Max(), knownVersion);
        }

        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            // IMMEDIATE: take the write lock first, then look again, because another process opening the same
            // file may have applied this migration since we read the history.
            using var transaction = connection.BeginTransaction(deferred: false);
            if ((await ReadAppliedAsync(connection, transaction, cancellationToken)).Contains(migration.Version))
            {
                continue;
            }

            try
            {
                using var apply = connection.CreateCommand();
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException(
                    $"Migration {migration} failed on '{path}' and was rolled back: {e.Message}", e);
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = """
                    INSERT INTO schema_migrations (version, applied_at)
                    VALUES ($version, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """;
                record.Parameters.AddWithValue("$version", migration.Version);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return knownVersion;
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(SqliteConnection connection, SqliteTransaction? transaction,
        CancellationToken cancellationToken)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT version FROM schema_migrations";
        var applied = new HashSet<int>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0));
        }

        return applied;
    }
}

using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>The (host, username) pair every per-account table is keyed by.</summary>
internal static class SqliteAccount
{
    // Rows owned by an account are only written while it exists: a session of an account deleted meanwhile
    // leaves nothing behind (and meets no foreign-key failure). Use as "INSERT ... SELECT ... WHERE " + this.
    internal const string Exists = "EXISTS (SELECT 1 FROM users WHERE host = $host AND username = $username)";

    internal static void Add(SqliteCommand command, string host, string username)
    {
        command.Parameters.AddWithValue("$host", host);
        command.Parameters.AddWithValue("$username", username);
    }

    internal static void Validate(string host, string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(username);
    }

    /// <summary>Deletes the account's rows of one table, in a transaction of its own.</summary>
    internal static async ValueTask DeleteRowsAsync(SqliteDatabase database, string table, string host, string username,
        CancellationToken ct)
    {
        Validate(host, username);
        await using var write = await database.BeginWriteAsync(ct);
        // The table name is one of this assembly's constants, never input.
        using var delete = write.CreateCommand($"DELETE FROM {table} WHERE host = $host AND username = $username");
        Add(delete, host, username);
        await delete.ExecuteNonQueryAsync(ct);
        await write.CommitAsync(ct);
    }
}

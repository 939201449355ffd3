namespace Parley.Storage.Sqlite.Tests;

/// <summary>Direct looks into the file, for what the store API does not show.</summary>
internal static class Sql
{
    public static async Task<object?> ScalarAsync(SqliteDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public static async Task<long> CountAsync(SqliteDatabase database, string sql) =>
        (long)(await ScalarAsync(database, sql))!;

    public static async Task ExecuteAsync(SqliteDatabase database, string sql)
    {
        await using var write = await database.BeginWriteAsync(CancellationToken.None);
        using var command = write.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
        await write.CommitAsync(CancellationToken.None);
    }
}

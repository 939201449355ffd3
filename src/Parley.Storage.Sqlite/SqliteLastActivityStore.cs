using System.Globalization;
using Parley.Modules.LastActivity;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Last logouts in the table of Migrations/0004_last_logout.sql.</summary>
public sealed class SqliteLastActivityStore(SqliteDatabase database) : ILastActivityStore, IAccountDataOwner
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public string Name => "lastactivity";

    public async ValueTask<LastLogout?> GetAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT logged_out_at, status FROM last_logout WHERE host = $host AND username = $username";
        SqliteAccount.Add(select, host, username);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        var at = DateTimeOffset.ParseExact(reader.GetString(0), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new LastLogout(at, reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public async ValueTask SetAsync(string host, string username, LastLogout logout, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(logout);
        await using var write = await database.BeginWriteAsync(ct);
        using var upsert = write.CreateCommand($"""
            INSERT INTO last_logout (host, username, logged_out_at, status)
            SELECT $host, $username, $at, $status WHERE {SqliteAccount.Exists}
            ON CONFLICT (host, username) DO UPDATE SET logged_out_at = excluded.logged_out_at, status = excluded.status
            """);
        SqliteAccount.Add(upsert, host, username);
        upsert.Parameters.AddWithValue("$at", logout.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        upsert.Parameters.AddWithValue("$status", (object?)logout.Status ?? DBNull.Value);
        await upsert.ExecuteNonQueryAsync(ct);
        await write.CommitAsync(ct);
    }

    public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        => SqliteAccount.DeleteRowsAsync(database, "last_logout", host, username, ct);
}

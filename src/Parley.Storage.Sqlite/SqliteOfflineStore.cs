using System.Globalization;
using Parley.Modules.Offline;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Storage.Sqlite;

/// <summary>Offline messages in the table of Migrations/0007_offline.sql.</summary>
public sealed class SqliteOfflineStore(SqliteDatabase database) : IOfflineStore, IAccountDataOwner
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public string Name => "offline";

    public async ValueTask<OfflineStoreResult> StoreAsync(string host, string username, Element message,
        DateTimeOffset stamp, int maxMessages, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(message);
        var xml = XmlFragment.ToText(message);
        // The count and the insert are one transaction: two senders cannot both take the last place.
        await using var write = await database.BeginWriteAsync(ct);
        using (var count = write.CreateCommand("SELECT count(*) FROM offline_messages WHERE host = $host AND username = $username"))
        {
            SqliteAccount.Add(count, host, username);
            if ((long)(await count.ExecuteScalarAsync(ct))! >= maxMessages)
                return OfflineStoreResult.Full;
        }
        using var insert = write.CreateCommand($"""
            INSERT INTO offline_messages (host, username, stamp, xml)
            SELECT $host, $username, $stamp, $xml WHERE {SqliteAccount.Exists}
            """);
        SqliteAccount.Add(insert, host, username);
        insert.Parameters.AddWithValue("$stamp", stamp.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$xml", xml);
        if (await insert.ExecuteNonQueryAsync(ct) == 0)
            return OfflineStoreResult.NoSuchAccount;
        // synchronous=FULL: on disk when this returns, so the message survives kill -9 and power loss alike.
        await write.CommitAsync(ct);
        return OfflineStoreResult.Stored;
    }

    public async ValueTask<IReadOnlyList<OfflineMessage>> GetAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, stamp, xml FROM offline_messages WHERE host = $host AND username = $username ORDER BY id";
        SqliteAccount.Add(select, host, username);
        var messages = new List<OfflineMessage>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stamp = DateTimeOffset.ParseExact(reader.GetString(1), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            messages.Add(new OfflineMessage(reader.GetInt64(0), stamp, XmlFragment.Parse(reader.GetString(2))));
        }
        return messages;
    }

    public async ValueTask RemoveAsync(string host, string username, IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return;
        await using var write = await database.BeginWriteAsync(ct);
        using var delete = write.CreateCommand("DELETE FROM offline_messages WHERE host = $host AND username = $username AND id = $id");
        SqliteAccount.Add(delete, host, username);
        var id = delete.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var value in ids)
        {
            id.Value = value;
            await delete.ExecuteNonQueryAsync(ct);
        }
        await write.CommitAsync(ct);
    }

    public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        => SqliteAccount.DeleteRowsAsync(database, "offline_messages", host, username, ct);
}

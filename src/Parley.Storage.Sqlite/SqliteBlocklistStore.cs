using Parley.Modules.Blocking;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Blocklists in the table of Migrations/0006_blocklist.sql.</summary>
public sealed class SqliteBlocklistStore(SqliteDatabase database) : IBlocklistStore, IAccountDataOwner
{
    public string Name => "blocking";

    public async ValueTask<IReadOnlyList<string>> GetAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT jid FROM blocklist WHERE host = $host AND username = $username ORDER BY blocked_at, jid";
        SqliteAccount.Add(select, host, username);
        var jids = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            jids.Add(reader.GetString(0));
        return jids;
    }

    public async ValueTask<IReadOnlyList<string>?> AddAsync(string host, string username, IReadOnlyList<string> jids, int maxItems,
        CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(jids);
        // Counted and written in one transaction: two concurrent blocks cannot both pass the limit.
        await using var write = await database.BeginWriteAsync(ct);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using (var select = write.CreateCommand("SELECT jid FROM blocklist WHERE host = $host AND username = $username"))
        {
            SqliteAccount.Add(select, host, username);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                existing.Add(reader.GetString(0));
        }
        var added = jids.Distinct(StringComparer.Ordinal).Where(j => !existing.Contains(j)).ToList();
        if (existing.Count + added.Count > maxItems)
            return null;
        using var insert = write.CreateCommand($"""
            INSERT INTO blocklist (host, username, jid) SELECT $host, $username, $jid WHERE {SqliteAccount.Exists}
            """);
        SqliteAccount.Add(insert, host, username);
        var jid = insert.Parameters.Add("$jid", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var j in added)
        {
            jid.Value = j;
            await insert.ExecuteNonQueryAsync(ct);
        }
        await write.CommitAsync(ct);
        return added;
    }

    public async ValueTask<IReadOnlyList<string>> RemoveAsync(string host, string username, IReadOnlyList<string>? jids,
        CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var write = await database.BeginWriteAsync(ct);
        var removed = new List<string>();
        if (jids is null)
        {
            using var all = write.CreateCommand("DELETE FROM blocklist WHERE host = $host AND username = $username RETURNING jid");
            SqliteAccount.Add(all, host, username);
            await using var reader = await all.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                removed.Add(reader.GetString(0));
        }
        else
        {
            using var one = write.CreateCommand("DELETE FROM blocklist WHERE host = $host AND username = $username AND jid = $jid RETURNING jid");
            SqliteAccount.Add(one, host, username);
            var jid = one.Parameters.Add("$jid", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var j in jids.Distinct(StringComparer.Ordinal))
            {
                jid.Value = j;
                if (await one.ExecuteScalarAsync(ct) is string gone)
                    removed.Add(gone);
            }
        }
        await write.CommitAsync(ct);
        return removed;
    }

    public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        => SqliteAccount.DeleteRowsAsync(database, "blocklist", host, username, ct);
}

using Parley.Modules.VCard;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Storage.Sqlite;

/// <summary>vCards in the table of Migrations/0002_vcard.sql.</summary>
public sealed class SqliteVCardStore(SqliteDatabase database) : IVCardStore, IAccountDataOwner
{
    public string Name => "vcard";

    public async ValueTask<Element?> GetAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT xml FROM vcards WHERE host = $host AND username = $username";
        SqliteAccount.Add(select, host, username);
        return await select.ExecuteScalarAsync(ct) is string xml ? XmlFragment.Parse(xml) : null;
    }

    public async ValueTask SetAsync(string host, string username, Element vcard, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(vcard);
        var xml = XmlFragment.ToText(vcard);
        await using var write = await database.BeginWriteAsync(ct);
        using var upsert = write.CreateCommand($"""
            INSERT INTO vcards (host, username, xml) SELECT $host, $username, $xml WHERE {SqliteAccount.Exists}
            ON CONFLICT (host, username) DO UPDATE SET xml = excluded.xml, updated_at = excluded.updated_at
            """);
        SqliteAccount.Add(upsert, host, username);
        upsert.Parameters.AddWithValue("$xml", xml);
        await upsert.ExecuteNonQueryAsync(ct);
        await write.CommitAsync(ct);
    }

    public ValueTask RemoveAsync(string host, string username, CancellationToken ct = default)
        => SqliteAccount.DeleteRowsAsync(database, "vcards", host, username, ct);

    public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        => SqliteAccount.DeleteRowsAsync(database, "vcards", host, username, ct);
}

using System.Text;
using Parley.Modules.Private;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Storage.Sqlite;

/// <summary>Private XML in the table of Migrations/0003_private_xml.sql.</summary>
public sealed class SqlitePrivateXmlStore(SqliteDatabase database) : IPrivateXmlStore, IAccountDataOwner
{
    public string Name => "private";

    public async ValueTask<Element?> GetAsync(string host, string username, string name, string ns,
        CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(ns);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT xml FROM private_xml
            WHERE host = $host AND username = $username AND namespace = $namespace AND name = $name
            """;
        SqliteAccount.Add(select, host, username);
        select.Parameters.AddWithValue("$namespace", ns);
        select.Parameters.AddWithValue("$name", name);
        return await select.ExecuteScalarAsync(ct) is string xml ? XmlFragment.Parse(xml) : null;
    }

    public async ValueTask<bool> SetAsync(string host, string username, IReadOnlyList<Element> elements,
        long maxAccountBytes, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(elements);
        // Within one request the last element with a name and namespace wins, as if they came one by one.
        var incoming = new Dictionary<(string Ns, string Name), (string Xml, long Bytes)>();
        foreach (var element in elements)
        {
            ArgumentException.ThrowIfNullOrEmpty(element.Namespace, nameof(elements));
            var xml = XmlFragment.ToText(element);
            incoming[(element.Namespace, element.Name)] = (xml, Encoding.UTF8.GetByteCount(xml));
        }

        // The limit is checked and the rows written in one transaction: two concurrent sets cannot both fit.
        await using var write = await database.BeginWriteAsync(ct);
        var total = incoming.Values.Sum(v => v.Bytes);
        using (var sizes = write.CreateCommand(
            "SELECT namespace, name, bytes FROM private_xml WHERE host = $host AND username = $username"))
        {
            SqliteAccount.Add(sizes, host, username);
            await using var reader = await sizes.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!incoming.ContainsKey((reader.GetString(0), reader.GetString(1))))
                    total += reader.GetInt64(2);
            }
        }
        if (total > maxAccountBytes)
            return false;

        using var upsert = write.CreateCommand($"""
            INSERT INTO private_xml (host, username, namespace, name, xml, bytes)
            SELECT $host, $username, $namespace, $name, $xml, $bytes WHERE {SqliteAccount.Exists}
            ON CONFLICT (host, username, namespace, name)
            DO UPDATE SET xml = excluded.xml, bytes = excluded.bytes, updated_at = excluded.updated_at
            """);
        SqliteAccount.Add(upsert, host, username);
        var ns = upsert.Parameters.Add("$namespace", Microsoft.Data.Sqlite.SqliteType.Text);
        var name = upsert.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text);
        var text = upsert.Parameters.Add("$xml", Microsoft.Data.Sqlite.SqliteType.Text);
        var bytes = upsert.Parameters.Add("$bytes", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var ((elementNs, elementName), (xml, size)) in incoming)
        {
            ns.Value = elementNs;
            name.Value = elementName;
            text.Value = xml;
            bytes.Value = size;
            await upsert.ExecuteNonQueryAsync(ct);
        }
        await write.CommitAsync(ct);
        return true;
    }

    public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        => SqliteAccount.DeleteRowsAsync(database, "private_xml", host, username, ct);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Storage.Sqlite;

/// <summary>Rosters and pending subscription requests in the tables of Migrations/0005_roster.sql.</summary>
public sealed class SqliteRosterStore(SqliteDatabase database) : IRosterStore, IAccountDataOwner
{
    // Removed items remembered per roster for versioned deltas; past this the oldest are forgotten and a client
    // with a version from before them gets the whole roster.
    internal const int Tombstones = 200;

    private const string NoVersion = "0";
    private const string ItemColumns = "contact, name, subscription, ask, approved, groups";

    public string Name => "roster";

    public async ValueTask<RosterSnapshot> GetRosterAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        // One read transaction: the items and the version belong together.
        using var transaction = connection.BeginTransaction(deferred: true);
        var version = await ReadVersionAsync(connection, transaction, host, username, ct);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"""
            SELECT {ItemColumns} FROM roster_items
            WHERE host = $host AND username = $username AND removed = 0 ORDER BY contact
            """;
        SqliteAccount.Add(select, host, username);
        var items = new List<RosterItem>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(ReadItem(reader, 0));
        return new RosterSnapshot(items, version?.ToString() ?? NoVersion);
    }

    public async ValueTask<(IReadOnlyList<RosterChange> Changes, string Version)?> GetChangesSinceAsync(string host,
        string username, string version, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var transaction = connection.BeginTransaction(deferred: true);
        var current = await ReadVersionAsync(connection, transaction, host, username, ct);
        if (current is null)
            return version == NoVersion ? ([], NoVersion) : null;
        if (!RosterVersion.TryParse(version, out var since) || since.Epoch != current.Value.Epoch
            || since.Number > current.Value.Number || since.Number < current.Value.Horizon)
            return null;
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"""
            SELECT {ItemColumns}, removed, version FROM roster_items
            WHERE host = $host AND username = $username AND version > $since ORDER BY version
            """;
        SqliteAccount.Add(select, host, username);
        select.Parameters.AddWithValue("$since", since.Number);
        var changes = new List<RosterChange>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var jid = Jid.Parse(reader.GetString(0));
            var item = reader.GetInt64(6) == 1 ? null : ReadItem(reader, 0);
            changes.Add(new RosterChange(jid, item, (current.Value with { Number = reader.GetInt64(7) }).ToString()));
        }
        return (changes, current.Value.ToString());
    }

    public async ValueTask<Contact> GetContactAsync(string host, string username, Jid contact, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(contact);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var transaction = connection.BeginTransaction(deferred: true);
        return await ReadContactAsync(connection, transaction, host, username, contact, ct);
    }

    public async ValueTask<ContactChange?> ChangeContactAsync(string host, string username, Jid contact,
        Func<Contact, Contact> change, int maxItems, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(change);
        // The write gate makes read, change and write one step: no other change to any roster comes between.
        await using var write = await database.BeginWriteAsync(ct);
        var before = await ReadContactAsync(write.Connection, write.Transaction, host, username, contact, ct);
        var after = change(before) with { Jid = contact };
        var itemChanged = !(before.Item is null ? after.Item is null : before.Item.SameAs(after.Item));
        var pendingChanged = !ReferenceEquals(before.PendingIn, after.PendingIn);
        if (!itemChanged && !pendingChanged)
            return new ContactChange(before, before, null);

        if (before.Item is null && after.Item is not null
            && await CountAsync(write, "SELECT count(*) FROM roster_items WHERE host = $host AND username = $username AND removed = 0", host, username, ct) >= maxItems)
            return null;
        if (before.PendingIn is null && after.PendingIn is not null
            && await CountAsync(write, "SELECT count(*) FROM subscription_requests WHERE host = $host AND username = $username", host, username, ct) >= maxItems)
            return null;

        string? version = null;
        if (itemChanged)
            version = (await WriteItemAsync(write, host, username, contact, after.Item, ct)).ToString();
        if (pendingChanged)
            await WritePendingAsync(write, host, username, contact, after.PendingIn, ct);
        await write.CommitAsync(ct);
        return new ContactChange(before, after, version);
    }

    public async ValueTask<IReadOnlyList<Contact>> GetPendingRequestsAsync(string host, string username, CancellationToken ct = default)
    {
        SqliteAccount.Validate(host, username);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT r.stanza, i.contact, i.name, i.subscription, i.ask, i.approved, i.groups, r.contact
            FROM subscription_requests r
            LEFT JOIN roster_items i
              ON i.host = r.host AND i.username = r.username AND i.contact = r.contact AND i.removed = 0
            WHERE r.host = $host AND r.username = $username
            ORDER BY r.received_at, r.rowid
            """;
        SqliteAccount.Add(select, host, username);
        var result = new List<Contact>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var item = reader.IsDBNull(1) ? null : ReadItem(reader, 1);
            result.Add(new Contact(Jid.Parse(reader.GetString(7)), item, XmlFragment.Parse(reader.GetString(0))));
        }
        return result;
    }

    public async ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
    {
        foreach (var table in new[] { "subscription_requests", "roster_items", "roster_versions" })
            await SqliteAccount.DeleteRowsAsync(database, table, host, username, ct);
    }

    private static async ValueTask<Contact> ReadContactAsync(SqliteConnection connection, SqliteTransaction? transaction,
        string host, string username, Jid contact, CancellationToken ct)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"""
            SELECT {ItemColumns} FROM roster_items
            WHERE host = $host AND username = $username AND contact = $contact AND removed = 0;
            SELECT stanza FROM subscription_requests WHERE host = $host AND username = $username AND contact = $contact;
            """;
        SqliteAccount.Add(select, host, username);
        select.Parameters.AddWithValue("$contact", contact.ToString());
        await using var reader = await select.ExecuteReaderAsync(ct);
        var item = await reader.ReadAsync(ct) ? ReadItem(reader, 0) : null;
        await reader.NextResultAsync(ct);
        var pending = await reader.ReadAsync(ct) ? XmlFragment.Parse(reader.GetString(0)) : null;
        return new Contact(contact, item, pending);
    }

    /// <summary>Writes the item (or its tombstone) under the roster's next version, and returns that version.</summary>
    private static async ValueTask<RosterVersion> WriteItemAsync(SqliteWriteTransaction write, string host, string username,
        Jid contact, RosterItem? item, CancellationToken ct)
    {
        var version = await NextVersionAsync(write, host, username, ct);
        using var upsert = write.CreateCommand($"""
            INSERT INTO roster_items (host, username, {ItemColumns}, version, removed)
            SELECT $host, $username, $contact, $name, $subscription, $ask, $approved, $groups, $version, $removed
            WHERE {SqliteAccount.Exists}
            ON CONFLICT (host, username, contact) DO UPDATE SET
                name = excluded.name, subscription = excluded.subscription, ask = excluded.ask,
                approved = excluded.approved, groups = excluded.groups, version = excluded.version, removed = excluded.removed
            """);
        SqliteAccount.Add(upsert, host, username);
        upsert.Parameters.AddWithValue("$contact", contact.ToString());
        upsert.Parameters.AddWithValue("$name", (object?)item?.Name ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$subscription", (item?.Subscription ?? Subscription.None).ToString().ToLowerInvariant());
        upsert.Parameters.AddWithValue("$ask", item?.Ask == true ? 1 : 0);
        upsert.Parameters.AddWithValue("$approved", item?.Approved == true ? 1 : 0);
        upsert.Parameters.AddWithValue("$groups", JsonSerializer.Serialize(item?.Groups ?? []));
        upsert.Parameters.AddWithValue("$version", version.Number);
        upsert.Parameters.AddWithValue("$removed", item is null ? 1 : 0);
        await upsert.ExecuteNonQueryAsync(ct);
        if (item is null)
            await ForgetOldTombstonesAsync(write, host, username, ct);
        return version;
    }

    private static async ValueTask ForgetOldTombstonesAsync(SqliteWriteTransaction write, string host, string username, CancellationToken ct)
    {
        using var oldest = write.CreateCommand("""
            SELECT version FROM roster_items WHERE host = $host AND username = $username AND removed = 1
            ORDER BY version DESC LIMIT 1 OFFSET $keep
            """);
        SqliteAccount.Add(oldest, host, username);
        oldest.Parameters.AddWithValue("$keep", Tombstones);
        if (await oldest.ExecuteScalarAsync(ct) is not long horizon)
            return;
        using var forget = write.CreateCommand("""
            DELETE FROM roster_items WHERE host = $host AND username = $username AND removed = 1 AND version <= $horizon;
            UPDATE roster_versions SET horizon = $horizon WHERE host = $host AND username = $username;
            """);
        SqliteAccount.Add(forget, host, username);
        forget.Parameters.AddWithValue("$horizon", horizon);
        await forget.ExecuteNonQueryAsync(ct);
    }

    private static async ValueTask WritePendingAsync(SqliteWriteTransaction write, string host, string username, Jid contact,
        Element? stanza, CancellationToken ct)
    {
        using var command = write.CreateCommand(stanza is null
            ? "DELETE FROM subscription_requests WHERE host = $host AND username = $username AND contact = $contact"
            : $"""
              INSERT INTO subscription_requests (host, username, contact, stanza)
              SELECT $host, $username, $contact, $stanza WHERE {SqliteAccount.Exists}
              ON CONFLICT (host, username, contact) DO UPDATE SET stanza = excluded.stanza
              """);
        SqliteAccount.Add(command, host, username);
        command.Parameters.AddWithValue("$contact", contact.ToString());
        if (stanza is not null)
            command.Parameters.AddWithValue("$stanza", XmlFragment.ToText(stanza));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async ValueTask<RosterVersion> NextVersionAsync(SqliteWriteTransaction write, string host, string username, CancellationToken ct)
    {
        using var upsert = write.CreateCommand($"""
            INSERT INTO roster_versions (host, username, epoch, version)
            SELECT $host, $username, $epoch, 1 WHERE {SqliteAccount.Exists}
            ON CONFLICT (host, username) DO UPDATE SET version = version + 1
            RETURNING epoch, version, horizon
            """);
        SqliteAccount.Add(upsert, host, username);
        upsert.Parameters.AddWithValue("$epoch", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        await using var reader = await upsert.ExecuteReaderAsync(ct);
        // No row: the account is gone; nothing is written, and the version says so.
        return await reader.ReadAsync(ct)
            ? new RosterVersion(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2))
            : new RosterVersion("gone", 0, 0);
    }

    private static async ValueTask<RosterVersion?> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction,
        string host, string username, CancellationToken ct)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT epoch, version, horizon FROM roster_versions WHERE host = $host AND username = $username";
        SqliteAccount.Add(select, host, username);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new RosterVersion(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    private static async ValueTask<long> CountAsync(SqliteWriteTransaction write, string sql, string host, string username, CancellationToken ct)
    {
        using var count = write.CreateCommand(sql);
        SqliteAccount.Add(count, host, username);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Reads contact, name, subscription, ask, approved, groups from <paramref name="first"/> on.</summary>
    private static RosterItem ReadItem(SqliteDataReader reader, int first) => new(
        Jid.Parse(reader.GetString(first)),
        reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
        Enum.Parse<Subscription>(reader.GetString(first + 2), ignoreCase: true),
        reader.GetInt64(first + 3) == 1,
        reader.GetInt64(first + 4) == 1,
        JsonSerializer.Deserialize<string[]>(reader.GetString(first + 5)) ?? []);

    /// <summary>A roster version as clients see it: "epoch-number".</summary>
    private readonly record struct RosterVersion(string Epoch, long Number, long Horizon)
    {
        public override string ToString() => $"{Epoch}-{Number.ToString(CultureInfo.InvariantCulture)}";

        public static bool TryParse(string text, out RosterVersion version)
        {
            version = default;
            var dash = text.LastIndexOf('-');
            if (dash <= 0 || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return false;
            version = new RosterVersion(text[..dash], number, 0);
            return true;
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Parley.Cli;
using Parley.Composition;
using Parley.Modules.Blocking;
using Parley.Modules.LastActivity;
using Parley.Modules.Offline;
using Parley.Modules.Private;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Modules.VCard;
using Parley.Server.Config;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Tests;

/// <summary>`parley deluser` leaves nothing of the account in any module's storage, and nothing of anyone else goes.</summary>
public sealed class Deluser_Tests : IDisposable
{
    private const string Host = "example.org";
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-deluser-").FullName;
    private readonly string _configPath;
    private readonly LoadedConfig _config;

    public Deluser_Tests()
    {
        _configPath = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(_configPath, """
            data_dir = "data"
            [hosts."example.org"]
            """);
        _config = ConfigLoader.Load(_configPath);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string DatabasePath => Path.Combine(_config.Options.DataDir, _config.Options.Storage.Path);

    /// <summary>Alice and Bob, each with data written by <paramref name="write"/>, through the server's own composition.</summary>
    private async Task WithAccountsAsync(Func<IServiceProvider, string, Task> write)
    {
        await using var services = ParleyApp.BuildServices(_config);
        var users = services.GetRequiredService<IUserStore>();
        foreach (var user in new[] { "alice", "bob" })
        {
            await users.CreateAsync(Host, user, []);
            await write(services, user);
        }
    }

    private async Task<long> RowsAsync(string table, string username)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var count = connection.CreateCommand();
        // The table names come from this test class, never from input.
        count.CommandText = $"SELECT count(*) FROM {table} WHERE host = $host AND username = $username";
        count.Parameters.AddWithValue("$host", Host);
        count.Parameters.AddWithValue("$username", username);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task DeluserAsync(string jid) => Assert.Equal(0, await Commands.RunAsync(["deluser", jid, "--config", _configPath]));

    [Fact]
    public async Task Deluser_leaves_no_vcard()
    {
        await WithAccountsAsync((s, user) => s.GetRequiredService<IVCardStore>()
            .SetAsync(Host, user, X.E("vCard", "vcard-temp", X.E("FN", "vcard-temp", user))).AsTask());
        Assert.Equal(1, await RowsAsync("vcards", "alice"));

        await DeluserAsync("alice@example.org");

        Assert.Equal(0, await RowsAsync("vcards", "alice"));
        Assert.Equal(1, await RowsAsync("vcards", "bob"));
    }

    [Fact]
    public async Task Deluser_leaves_no_private_xml()
    {
        await WithAccountsAsync((s, user) => s.GetRequiredService<IPrivateXmlStore>()
            .SetAsync(Host, user, [X.E("storage", "storage:bookmarks"), X.E("exodus", "exodus:prefs")], long.MaxValue).AsTask());
        Assert.Equal(2, await RowsAsync("private_xml", "alice"));

        await DeluserAsync("alice@example.org");

        Assert.Equal(0, await RowsAsync("private_xml", "alice"));
        Assert.Equal(2, await RowsAsync("private_xml", "bob"));
    }

    [Fact]
    public async Task Deluser_leaves_no_last_logout()
    {
        await WithAccountsAsync((s, user) => s.GetRequiredService<ILastActivityStore>()
            .SetAsync(Host, user, new LastLogout(DateTimeOffset.UtcNow, "gone")).AsTask());
        Assert.Equal(1, await RowsAsync("last_logout", "alice"));

        await DeluserAsync("alice@example.org");

        Assert.Equal(0, await RowsAsync("last_logout", "alice"));
        Assert.Equal(1, await RowsAsync("last_logout", "bob"));
    }

    [Fact]
    public async Task Deluser_leaves_no_offline_messages()
    {
        await WithAccountsAsync((s, user) => s.GetRequiredService<IOfflineStore>()
            .StoreAsync(Host, user, X.E("message", "jabber:client", X.E("body", "jabber:client", "for " + user)), DateTimeOffset.UtcNow, 10).AsTask());
        Assert.Equal(1, await RowsAsync("offline_messages", "alice"));

        await DeluserAsync("alice@example.org");

        Assert.Equal(0, await RowsAsync("offline_messages", "alice"));
        Assert.Equal(1, await RowsAsync("offline_messages", "bob"));
    }

    [Fact]
    public async Task Deluser_leaves_no_roster_item_pending_request_or_roster_version()
    {
        await WithAccountsAsync((s, user) => SeedRosterAsync(s, user).AsTask());
        Assert.Equal(2, await RowsAsync("roster_items", "alice"));
        Assert.Equal(1, await RowsAsync("subscription_requests", "alice"));

        await DeluserAsync("alice@example.org");

        foreach (var table in new[] { "roster_items", "subscription_requests", "roster_versions" })
        {
            Assert.Equal(0, await RowsAsync(table, "alice"));
            Assert.Equal(table == "subscription_requests" ? 1 : table == "roster_items" ? 2 : 1, await RowsAsync(table, "bob"));
        }
    }

    [Fact]
    public async Task Deluser_leaves_no_blocklist()
    {
        await WithAccountsAsync((s, user) => s.GetRequiredService<IBlocklistStore>()
            .AddAsync(Host, user, ["mallory@example.com", "spam.example"], 100).AsTask());
        Assert.Equal(2, await RowsAsync("blocklist", "alice"));

        await DeluserAsync("alice@example.org");

        Assert.Equal(0, await RowsAsync("blocklist", "alice"));
        Assert.Equal(2, await RowsAsync("blocklist", "bob"));
    }

    /// <summary>Two items (one removed, kept as a tombstone for versioning) and a request waiting for an answer.</summary>
    private static async ValueTask SeedRosterAsync(IServiceProvider s, string user)
    {
        var store = s.GetRequiredService<IRosterStore>();
        var carol = Jid.Parse("carol@example.net");
        var dave = Jid.Parse("dave@example.net");
        await store.ChangeContactAsync(Host, user, carol, c => c with { Item = RosterItem.New(carol) with { Subscription = Subscription.Both } }, 100);
        await store.ChangeContactAsync(Host, user, dave, c => c with { Item = RosterItem.New(dave) }, 100);
        await store.ChangeContactAsync(Host, user, dave, c => c with
        {
            Item = null,
            PendingIn = XmlFragment.Parse($"<presence xmlns='jabber:client' from='dave@example.net' to='{user}@{Host}' type='subscribe'/>"),
        }, 100);
    }

    [Fact]
    public async Task Deluser_leaves_no_row_of_the_account_in_any_table()
    {
        // Every store at once, then every table keyed by account, whichever module added it.
        await WithAccountsAsync(async (s, user) =>
        {
            await s.GetRequiredService<IVCardStore>().SetAsync(Host, user, X.E("vCard", "vcard-temp", X.E("FN", "vcard-temp", user)));
            await s.GetRequiredService<IPrivateXmlStore>().SetAsync(Host, user, [X.E("storage", "storage:bookmarks")], long.MaxValue);
            await s.GetRequiredService<ILastActivityStore>().SetAsync(Host, user, new LastLogout(DateTimeOffset.UtcNow, null));
            await SeedRosterAsync(s, user);
            await s.GetRequiredService<IBlocklistStore>().AddAsync(Host, user, ["mallory@example.com"], 100);
            await s.GetRequiredService<IOfflineStore>().StoreAsync(Host, user, X.E("message", "jabber:client"), DateTimeOffset.UtcNow, 10);
        });

        await DeluserAsync("alice@example.org");

        var tables = await AccountTablesAsync();
        Assert.Superset(new HashSet<string> { "users", "scram_credentials", "vcards", "private_xml", "last_logout",
            "roster_versions", "roster_items", "subscription_requests", "blocklist", "offline_messages" }, tables.ToHashSet());
        foreach (var table in tables)
            Assert.True(await RowsAsync(table, "alice") == 0, $"{table} still holds rows of alice");
        Assert.Equal(1, await RowsAsync("users", "bob"));
    }

    [Fact]
    public async Task Every_store_of_account_data_is_asked_to_forget_the_account()
    {
        await using var services = ParleyApp.BuildServices(_config);

        Assert.Equal(["blocking", "lastactivity", "offline", "private", "roster", "vcard"], services.GetRequiredService<AccountDeletion>().Owners.Order(StringComparer.Ordinal));
    }

    /// <summary>The tables with host and username columns.</summary>
    private async Task<List<string>> AccountTablesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var list = connection.CreateCommand();
        list.CommandText = """
            SELECT m.name FROM sqlite_master m
            WHERE m.type = 'table'
              AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'host')
              AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'username')
            """;
        var tables = new List<string>();
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }
}

using Parley.Server.Sasl;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteUserStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteUserStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteUserStore(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Created_account_exists_and_has_a_credential_per_hash()
    {
        var credentials = Credentials.All();

        Assert.True(await _store.CreateAsync(Host, "juliet", credentials));

        Assert.True(await _store.ExistsAsync(Host, "juliet"));
        foreach (var credential in credentials)
        {
            Credentials.AssertSame(credential, await _store.GetCredentialAsync(Host, "juliet", credential.Hash));
        }
    }

    [Fact]
    public async Task Creating_an_existing_account_returns_false_and_keeps_its_credentials()
    {
        var original = Credentials.For(ScramHash.Sha256);
        await _store.CreateAsync(Host, "juliet", [original]);

        Assert.False(await _store.CreateAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256), Credentials.For(ScramHash.Sha1)]));

        Credentials.AssertSame(original, await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha256));
        Assert.Null(await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha1));
    }

    [Fact]
    public async Task An_account_may_have_no_credentials()
    {
        Assert.True(await _store.CreateAsync(Host, "component-owned", []));

        Assert.True(await _store.ExistsAsync(Host, "component-owned"));
        Assert.Null(await _store.GetCredentialAsync(Host, "component-owned", ScramHash.Sha256));
    }

    [Fact]
    public async Task A_missing_hash_or_account_has_no_credential()
    {
        await _store.CreateAsync(Host, "juliet", [Credentials.For(ScramHash.Sha1)]);

        Assert.Null(await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha512));
        Assert.Null(await _store.GetCredentialAsync(Host, "nobody", ScramHash.Sha1));
        Assert.False(await _store.ExistsAsync(Host, "nobody"));
    }

    [Fact]
    public async Task Setting_credentials_replaces_all_of_them()
    {
        await _store.CreateAsync(Host, "juliet", Credentials.All());
        var replacement = Credentials.For(ScramHash.Sha256, iterations: 10000);

        Assert.True(await _store.SetCredentialsAsync(Host, "juliet", [replacement]));

        Credentials.AssertSame(replacement, await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha256));
        Assert.Null(await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha1));
        Assert.Null(await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha512));
    }

    [Fact]
    public async Task Setting_credentials_of_a_missing_account_returns_false_and_creates_nothing()
    {
        Assert.False(await _store.SetCredentialsAsync(Host, "nobody", Credentials.All()));

        Assert.False(await _store.ExistsAsync(Host, "nobody"));
        Assert.Equal(0, await Sql.CountAsync(_database, "SELECT count(*) FROM scram_credentials"));
    }

    [Fact]
    public async Task Invalid_credentials_are_refused_and_nothing_is_changed()
    {
        var original = Credentials.For(ScramHash.Sha1);
        await _store.CreateAsync(Host, "juliet", [original]);
        var shortKey = new ScramCredential(ScramHash.Sha256, [1, 2, 3], 4096, new byte[20], new byte[20]);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.SetCredentialsAsync(Host, "juliet", [Credentials.For(ScramHash.Sha256), Credentials.For(ScramHash.Sha256)]).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SetCredentialsAsync(Host, "juliet", [shortKey]).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateAsync(Host, "romeo", [shortKey]).AsTask());

        Credentials.AssertSame(original, await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha1));
        Assert.False(await _store.ExistsAsync(Host, "romeo"));
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_credentials()
    {
        await _store.CreateAsync(Host, "juliet", Credentials.All());
        await _store.CreateAsync(Host, "romeo", Credentials.All());

        Assert.True(await _store.DeleteAsync(Host, "juliet"));

        Assert.False(await _store.ExistsAsync(Host, "juliet"));
        Assert.Equal(0, await Sql.CountAsync(_database,
            "SELECT count(*) FROM scram_credentials WHERE username = 'juliet'"));
        Assert.Equal(3, await Sql.CountAsync(_database,
            "SELECT count(*) FROM scram_credentials WHERE username = 'romeo'"));

        // Re-registered under the same name, the account starts clean.
        Assert.True(await _store.CreateAsync(Host, "juliet", []));
        Assert.Null(await _store.GetCredentialAsync(Host, "juliet", ScramHash.Sha256));
    }

    [Fact]
    public async Task Deleting_a_missing_account_returns_false()
    {
        Assert.False(await _store.DeleteAsync(Host, "nobody"));
    }

    [Fact]
    public async Task List_returns_the_usernames_of_a_host_sorted()
    {
        foreach (var username in new[] { "romeo", "benvolio", "juliet", "mercutio" })
        {
            await _store.CreateAsync(Host, username, []);
        }

        Assert.Equal(["benvolio", "juliet", "mercutio", "romeo"], await _store.ListAsync(Host));
        Assert.Empty(await _store.ListAsync("empty.example"));
    }

    [Fact]
    public async Task Hosts_are_separate()
    {
        var montague = Credentials.For(ScramHash.Sha256);
        var capulet = Credentials.For(ScramHash.Sha256);
        await _store.CreateAsync("montague.example", "romeo", [montague]);

        Assert.True(await _store.CreateAsync("capulet.example", "romeo", [capulet]));
        Assert.False(await _store.ExistsAsync("verona.example", "romeo"));

        Assert.True(await _store.DeleteAsync("capulet.example", "romeo"));
        Assert.True(await _store.ExistsAsync("montague.example", "romeo"));
        Credentials.AssertSame(montague, await _store.GetCredentialAsync("montague.example", "romeo", ScramHash.Sha256));
        Assert.Equal(["romeo"], await _store.ListAsync("montague.example"));
        Assert.Empty(await _store.ListAsync("capulet.example"));
    }

    [Fact]
    public async Task Usernames_are_stored_as_given()
    {
        // Normalization is the caller's job (PRECIS); the store must not fold case or quote anything.
        await _store.CreateAsync(Host, "Ünïcode'; DROP TABLE users; --", []);

        Assert.True(await _store.ExistsAsync(Host, "Ünïcode'; DROP TABLE users; --"));
        Assert.False(await _store.ExistsAsync(Host, "ünïcode'; drop table users; --"));
    }

    [Fact]
    public async Task Accounts_survive_dispose_and_reopen()
    {
        var credentials = Credentials.All();
        await _store.CreateAsync(Host, "juliet", credentials);
        await _database.DisposeAsync();

        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        var reopened = new SqliteUserStore(_database);

        Assert.Equal(["juliet"], await reopened.ListAsync(Host));
        foreach (var credential in credentials)
        {
            Credentials.AssertSame(credential, await reopened.GetCredentialAsync(Host, "juliet", credential.Hash));
        }
    }
}

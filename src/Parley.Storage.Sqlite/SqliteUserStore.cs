using Microsoft.Data.Sqlite;
using Parley.Server.Sasl;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Accounts and their SCRAM keys in the tables of Migrations/0001_users.sql.</summary>
public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    public async ValueTask<bool> CreateAsync(string host, string username, IReadOnlyList<ScramCredential> credentials,
        CancellationToken cancellationToken = default)
    {
        ValidateAccount(host, username);
        ValidateCredentials(credentials);

        await using var write = await database.BeginWriteAsync(cancellationToken);
        using (var insert = write.CreateCommand("""
            INSERT INTO users (host, username) VALUES ($host, $username)
            ON CONFLICT (host, username) DO NOTHING
            """))
        {
            AddAccount(insert, host, username);

            // Only the duplicate is swallowed: any other constraint failure is a bug and should surface.
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await InsertCredentialsAsync(write, host, username, credentials, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask<bool> SetCredentialsAsync(string host, string username,
        IReadOnlyList<ScramCredential> credentials, CancellationToken cancellationToken = default)
    {
        ValidateAccount(host, username);
        ValidateCredentials(credentials);

        // One transaction: a reader sees the old keys or the new ones, never a mix or none.
        await using var write = await database.BeginWriteAsync(cancellationToken);
        using (var exists = write.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM users WHERE host = $host AND username = $username)"))
        {
            AddAccount(exists, host, username);
            if (!Convert.ToBoolean(await exists.ExecuteScalarAsync(cancellationToken)))
            {
                return false;
            }
        }

        using (var delete = write.CreateCommand(
            "DELETE FROM scram_credentials WHERE host = $host AND username = $username"))
        {
            AddAccount(delete, host, username);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertCredentialsAsync(write, host, username, credentials, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask<ScramCredential?> GetCredentialAsync(string host, string username, ScramHash hash,
        CancellationToken cancellationToken = default)
    {
        ValidateAccount(host, username);
        var hashName = ScramHashNames.ToSql(hash);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT salt, iterations, stored_key, server_key FROM scram_credentials
            WHERE host = $host AND username = $username AND hash = $hash
            """;
        AddAccount(select, host, username);
        select.Parameters.AddWithValue("$hash", hashName);

        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ScramCredential(hash, reader.GetFieldValue<byte[]>(0), reader.GetInt32(1),
            reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3));
    }

    public async ValueTask<bool> ExistsAsync(string host, string username, CancellationToken cancellationToken = default)
    {
        ValidateAccount(host, username);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT EXISTS (SELECT 1 FROM users WHERE host = $host AND username = $username)";
        AddAccount(select, host, username);
        return Convert.ToBoolean(await select.ExecuteScalarAsync(cancellationToken));
    }

    public async ValueTask<bool> DeleteAsync(string host, string username, CancellationToken cancellationToken = default)
    {
        ValidateAccount(host, username);

        // The credentials go with the user: ON DELETE CASCADE, foreign keys being on for every connection.
        await using var write = await database.BeginWriteAsync(cancellationToken);
        using var delete = write.CreateCommand("DELETE FROM users WHERE host = $host AND username = $username");
        AddAccount(delete, host, username);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        await write.CommitAsync(cancellationToken);
        return deleted;
    }

    public async ValueTask<IReadOnlyList<string>> ListAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var select = connection.CreateCommand();

        // BINARY collation on UTF-8: code point order, the same for every culture.
        select.CommandText = "SELECT username FROM users WHERE host = $host ORDER BY username";
        select.Parameters.AddWithValue("$host", host);

        var usernames = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            usernames.Add(reader.GetString(0));
        }

        return usernames;
    }

    private static async Task InsertCredentialsAsync(SqliteWriteTransaction write, string host, string username,
        IReadOnlyList<ScramCredential> credentials, CancellationToken cancellationToken)
    {
        if (credentials.Count == 0)
        {
            return;
        }

        using var insert = write.CreateCommand("""
            INSERT INTO scram_credentials (host, username, hash, salt, iterations, stored_key, server_key)
            VALUES ($host, $username, $hash, $salt, $iterations, $stored_key, $server_key)
            """);
        AddAccount(insert, host, username);
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        var salt = insert.Parameters.Add("$salt", SqliteType.Blob);
        var iterations = insert.Parameters.Add("$iterations", SqliteType.Integer);
        var storedKey = insert.Parameters.Add("$stored_key", SqliteType.Blob);
        var serverKey = insert.Parameters.Add("$server_key", SqliteType.Blob);

        foreach (var credential in credentials)
        {
            hash.Value = ScramHashNames.ToSql(credential.Hash);
            salt.Value = credential.Salt;
            iterations.Value = credential.Iterations;
            storedKey.Value = credential.StoredKey;
            serverKey.Value = credential.ServerKey;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void AddAccount(SqliteCommand command, string host, string username)
    {
        command.Parameters.AddWithValue("$host", host);
        command.Parameters.AddWithValue("$username", username);
    }

    private static void ValidateAccount(string host, string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(username);
    }

    // Bad credentials are a caller's bug; refusing them here keeps a half-usable account out of the file.
    private static void ValidateCredentials(IReadOnlyList<ScramCredential> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var seen = new HashSet<ScramHash>();
        foreach (var credential in credentials)
        {
            ArgumentNullException.ThrowIfNull(credential, nameof(credentials));
            var keyLength = ScramHashNames.KeyLength(credential.Hash);
            if (!seen.Add(credential.Hash))
            {
                throw new ArgumentException($"Two credentials for {credential.Hash}.", nameof(credentials));
            }

            if (credential.Salt is not { Length: > 0 } || credential.Iterations <= 0
                || credential.StoredKey?.Length != keyLength || credential.ServerKey?.Length != keyLength)
            {
                throw new ArgumentException(
                    $"The {credential.Hash} credential needs a salt, a positive iteration count and "
                    + $"{keyLength}-byte keys.", nameof(credentials));
            }
        }
    }
}

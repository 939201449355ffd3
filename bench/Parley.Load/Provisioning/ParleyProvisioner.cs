using Microsoft.Data.Sqlite;
using Parley.Load.Client;
using Parley.Storage.Sqlite;

namespace Parley.Load.Provisioning;

/// <summary>
/// Writes the accounts straight into Parley's SQLite file before the server starts (`parley adduser` runs PBKDF2
/// and one fsync'd transaction per user: hours for 20k). The schema comes from Parley's own migrations.
/// </summary>
internal static class ParleyProvisioner
{
    public static async Task RunAsync(BenchAccounts accounts, string databasePath, CancellationToken ct)
    {
        await (await SqliteDatabase.OpenAsync(databasePath, ct)).DisposeAsync();
        var keys = new[] { ("SHA-1", accounts.Keys(ScramAlgorithm.Sha1)), ("SHA-256", accounts.Keys(ScramAlgorithm.Sha256)),
            ("SHA-512", accounts.Keys(ScramAlgorithm.Sha512)) };

        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        using var user = connection.CreateCommand();
        user.CommandText = "INSERT OR IGNORE INTO users (host, username) VALUES ($host, $username)";
        var userHost = user.Parameters.AddWithValue("$host", accounts.Host);
        var userName = user.Parameters.Add("$username", SqliteType.Text);
        using var credential = connection.CreateCommand();
        credential.CommandText = """
            INSERT OR REPLACE INTO scram_credentials (host, username, hash, salt, iterations, stored_key, server_key)
            VALUES ($host, $username, $hash, $salt, $iterations, $stored, $server)
            """;
        credential.Parameters.AddWithValue("$host", accounts.Host);
        var credName = credential.Parameters.Add("$username", SqliteType.Text);
        var hash = credential.Parameters.Add("$hash", SqliteType.Text);
        var salt = credential.Parameters.Add("$salt", SqliteType.Blob);
        var iterations = credential.Parameters.Add("$iterations", SqliteType.Integer);
        var stored = credential.Parameters.Add("$stored", SqliteType.Blob);
        var server = credential.Parameters.Add("$server", SqliteType.Blob);
        _ = userHost;
        for (var i = 0; i < accounts.Count; i++)
        {
            userName.Value = credName.Value = accounts.Username(i);
            await user.ExecuteNonQueryAsync(ct);
            foreach (var (name, set) in keys)
            {
                hash.Value = name;
                salt.Value = set.Salt;
                iterations.Value = set.Iterations;
                stored.Value = set.StoredKey;
                server.Value = set.ServerKey;
                await credential.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The embedded database file: opened (and created, with its folder) once, migrated at start-up, then shared by
/// every SQLite store. Stores read through <see cref="OpenConnectionAsync"/> and write through
/// <see cref="BeginWriteAsync"/>.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite runs every call synchronously on the calling thread, its async methods included; that is
/// native work (a few microseconds, or an fsync on commit), not sync-over-async. What would block a thread-pool
/// thread for long is SQLite's busy wait for the write lock, so writers of this process queue on an async gate
/// instead and meet no lock contention from each other. The busy timeout remains for other processes (a CLI verb
/// editing the same file while the server runs).
/// </remarks>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private const int BusyTimeoutSeconds = 30;

    // Per-connection settings, run on every open because a pooled connection may be fresh:
    // synchronous=FULL fsyncs the WAL on every commit. With NORMAL, WAL mode survives kill -9 but may lose the
    // last commits on power loss or an OS crash, and DESIGN §5 promises that a stanza the server acknowledged
    // (XEP-0198 <a/>, offline storage, archive) is never lost. The cost is one fsync per write transaction.
    private static readonly string ConnectionPragmas =
        $"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};";

    private readonly string _connectionString;

    // Native connections (pooled, reused across opens) whose ConnectionPragmas have run.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly Lazy<Task> _opening;

    // One writer at a time is all SQLite allows; waiting here is asynchronous, waiting inside SQLite is not.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _disposed;

    private SqliteDatabase(string path, IReadOnlyList<SqliteMigration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _migrations = migrations;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Not ForeignKeys = true: Microsoft.Data.Sqlite would run that pragma on every open of a pooled
            // connection. It is in ConnectionPragmas, run once per native connection.
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();

        // Task.Run: the first caller must not run migrations while holding Lazy's lock, which would block every
        // other caller's thread; they all await the same task instead.
        _opening = new Lazy<Task>(() => Task.Run(OpenCoreAsync));
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The schema version after start-up migrations; 0 until opened.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens or creates the database at <paramref name="path"/> and applies the embedded migrations.</summary>
    /// <exception cref="SqliteSchemaVersionException">The file was written by a newer Parley.</exception>
    public static Task<SqliteDatabase> OpenAsync(string path, CancellationToken ct) =>
        OpenAsync(path, SqliteMigration.Embedded, ct);

    internal static async Task<SqliteDatabase> OpenAsync(string path, IReadOnlyList<SqliteMigration> migrations,
        CancellationToken ct)
    {
        var database = new SqliteDatabase(path, SqliteMigration.InOrder(migrations));
        try
        {
            await database.EnsureOpenAsync(ct);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A database that opens on first use (or when the host starts, see <see cref="SqliteStartup"/>), so that
    /// dependency injection can construct it and the stores synchronously.
    /// </summary>
    internal static SqliteDatabase OpenLazily(string path) => new(path, SqliteMigration.Embedded);

    /// <summary>
    /// Opens and migrates once; every caller awaits the same attempt, and a failure (such as a too new schema)
    /// is remembered. <paramref name="ct"/> stops the waiting, not the migration, which other callers share.
    /// </summary>
    internal Task EnsureOpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var opening = _opening.Value;
        return opening.IsCompletedSuccessfully ? Task.CompletedTask : opening.WaitAsync(ct);
    }

    /// <summary>An open, configured connection from the pool, for reads; dispose it to return it.</summary>
    internal async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        return await OpenConfiguredAsync(ct);
    }

    /// <summary>
    /// Starts the only write transaction of this process (BEGIN IMMEDIATE). Nothing is kept unless
    /// <see cref="SqliteWriteTransaction.CommitAsync"/> is called; commit before acknowledging anything.
    /// </summary>
    internal async ValueTask<SqliteWriteTransaction> BeginWriteAsync(CancellationToken ct)
    {
        await EnsureOpenAsync(ct);
        await _writeGate.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            connection = await OpenConfiguredAsync(ct);

            // IMMEDIATE takes the write lock now. A deferred transaction that reads first and then writes can
            // fail at once with SQLITE_BUSY in WAL mode when another process wrote in between.
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqliteWriteTransaction(connection, transaction, _writeGate);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _writeGate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_opening.IsValueCreated)
        {
            try
            {
                await _opening.Value;
            }
            catch
            {
                // Already reported to whoever awaited the opening.
            }
        }

        // Let a write in progress commit; writers queued behind it see the disposal and throw.
        await _writeGate.WaitAsync();
        _writeGate.Release();

        // Closes the pooled connections; closing the last one checkpoints the WAL into the main file.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override string ToString() => Path;

    private async Task OpenCoreAsync()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenConfiguredAsync(CancellationToken.None);
        using (var wal = connection.CreateCommand())
        {
            // Persistent in the file. WAL lets readers run while one writer commits.
            wal.CommandText = "PRAGMA journal_mode = WAL";
            var mode = (string?)await wal.ExecuteScalarAsync();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The database '{Path}' could not be switched to WAL journal mode (it is '{mode}'); "
                    + "put it on a local file system.");
            }
        }

        SchemaVersion = await SqliteMigrator.MigrateAsync(connection, _migrations, Path, CancellationToken.None);
    }

    private async Task<SqliteConnection> OpenConfiguredAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // The pragmas belong to the native connection, which the pool keeps open and hands out again: set them
            // once per native connection, not on every open (they were two statements to parse and run before
            // every query, a few per login).
            var handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                using var pragmas = connection.CreateCommand();
                pragmas.CommandText = ConnectionPragmas;
                await pragmas.ExecuteNonQueryAsync(ct);
                _configured.AddOrUpdate(handle, Configured);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

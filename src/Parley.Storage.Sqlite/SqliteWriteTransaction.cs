using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A write transaction holding the database's write gate. Disposing without <see cref="CommitAsync"/> rolls back;
/// disposing always returns the connection to the pool and lets the next writer in.
/// </summary>
internal sealed class SqliteWriteTransaction : IAsyncDisposable
{
    private readonly SqliteTransaction _transaction;
    private SemaphoreSlim? _writeGate;

    internal SqliteWriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writeGate)
    {
        Connection = connection;
        _transaction = transaction;
        _writeGate = writeGate;
    }

    internal SqliteConnection Connection { get; }

    internal SqliteTransaction Transaction => _transaction;

    /// <summary>A command enlisted in this transaction (Microsoft.Data.Sqlite refuses commands that are not).</summary>
    internal SqliteCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Durable when this returns (synchronous=FULL): only now may the caller acknowledge.</summary>
    internal Task CommitAsync(CancellationToken ct) => _transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        var writeGate = Interlocked.Exchange(ref _writeGate, null);
        if (writeGate is null)
        {
            return;
        }

        try
        {
            await _transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            writeGate.Release();
        }
    }
}

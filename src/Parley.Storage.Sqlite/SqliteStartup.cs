using Microsoft.Extensions.Hosting;

namespace Parley.Storage.Sqlite;

/// <summary>Opens and migrates the database when the host starts; a failure stops the start-up.</summary>
internal sealed class SqliteStartup(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureOpenAsync(cancellationToken);

    // The container disposes the database after the other services have stopped.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>
    /// Registers the database file at <paramref name="databasePath"/> and every store backed by it.
    /// </summary>
    /// <remarks>
    /// The database is a singleton that opens lazily, and a hosted service opens it when the host starts.
    /// Lazy, because the host constructs every hosted service (and through them the stores) before it starts
    /// any, and opening needs async I/O that a constructor cannot await. Opened at start-up anyway, so that a
    /// database written by a newer Parley stops the server from starting rather than failing its first login.
    /// Tools that build a provider without a host get the same database, opened on first use.
    /// </remarks>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);

        services.AddSingleton(_ => SqliteDatabase.OpenLazily(databasePath));
        services.AddHostedService<SqliteStartup>();

        // One line per store.
        services.AddSingleton<IUserStore, SqliteUserStore>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Blocking;
using Parley.Modules.LastActivity;
using Parley.Modules.Offline;
using Parley.Modules.Private;
using Parley.Modules.Roster;
using Parley.Modules.VCard;
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
        services.AddAccountStore<IVCardStore, SqliteVCardStore>();
        services.AddAccountStore<IPrivateXmlStore, SqlitePrivateXmlStore>();
        services.AddAccountStore<ILastActivityStore, SqliteLastActivityStore>();
        services.AddAccountStore<IRosterStore, SqliteRosterStore>();
        services.AddAccountStore<IBlocklistStore, SqliteBlocklistStore>();
        services.AddAccountStore<IOfflineStore, SqliteOfflineStore>();
        return services;
    }

    /// <summary>
    /// A store of per-account data: one instance, seen both as the feature's store and as an
    /// <see cref="IAccountDataOwner"/>, so deleting an account reaches it whether or not its module is enabled.
    /// </summary>
    private static void AddAccountStore<TStore, TImplementation>(this IServiceCollection services)
        where TStore : class
        where TImplementation : class, TStore, IAccountDataOwner
    {
        services.AddSingleton<TImplementation>();
        services.AddSingleton<TStore>(sp => sp.GetRequiredService<TImplementation>());
        services.AddSingleton<IAccountDataOwner>(sp => sp.GetRequiredService<TImplementation>());
    }
}

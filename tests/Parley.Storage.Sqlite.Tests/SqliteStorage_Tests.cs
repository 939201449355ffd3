using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Server.Sasl;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteStorage_Tests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Starting_the_host_opens_and_migrates_the_database()
    {
        using var host = BuildHost();
        Assert.False(File.Exists(_folder.DatabasePath));

        await host.StartAsync();

        Assert.True(File.Exists(_folder.DatabasePath));
        Assert.Equal(SqliteMigration.Embedded[^1].Version, host.Services.GetRequiredService<SqliteDatabase>().SchemaVersion);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_registered_user_store_works_on_the_one_database()
    {
        using var host = BuildHost();
        await host.StartAsync();

        var users = host.Services.GetRequiredService<IUserStore>();
        Assert.IsType<SqliteUserStore>(users);
        Assert.Same(host.Services.GetRequiredService<SqliteDatabase>(), host.Services.GetRequiredService<SqliteDatabase>());
        Assert.True(await users.CreateAsync("example.org", "juliet", [Credentials.For(ScramHash.Sha256)]));
        Assert.True(await users.ExistsAsync("example.org", "juliet"));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_database_from_a_newer_Parley_stops_the_host_from_starting()
    {
        await using (var database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None))
        {
            await Sql.ExecuteAsync(database,
                "INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00Z')");
        }

        using var host = BuildHost();

        await Assert.ThrowsAsync<SqliteSchemaVersionException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Without_a_host_the_database_opens_on_first_use()
    {
        var services = new ServiceCollection().AddSqliteStorage(_folder.DatabasePath);
        await using var provider = services.BuildServiceProvider();

        var users = provider.GetRequiredService<IUserStore>();
        Assert.False(File.Exists(_folder.DatabasePath));

        Assert.True(await users.CreateAsync("example.org", "romeo", []));
        Assert.Equal(["romeo"], await users.ListAsync("example.org"));
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteStorage(_folder.DatabasePath);
        return builder.Build();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Blocking;
using Parley.Modules.LastActivity;
using Parley.Modules.Offline;
using Parley.Modules.Private;
using Parley.Modules.Roster;
using Parley.Modules.VCard;
using Parley.Server.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteAccountStores_Tests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_per_account_store_is_registered_once_and_also_as_an_account_data_owner()
    {
        await using var provider = new ServiceCollection().AddSqliteStorage(_folder.DatabasePath).BuildServiceProvider();

        var owners = provider.GetServices<IAccountDataOwner>().Cast<object>().ToList();

        Assert.Equal(["blocking", "lastactivity", "offline", "private", "roster", "vcard"], owners.Cast<IAccountDataOwner>().Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.Contains((object)provider.GetRequiredService<IVCardStore>(), owners);
        Assert.Contains((object)provider.GetRequiredService<IPrivateXmlStore>(), owners);
        Assert.Contains((object)provider.GetRequiredService<ILastActivityStore>(), owners);
        Assert.Contains((object)provider.GetRequiredService<IRosterStore>(), owners);
        Assert.Contains((object)provider.GetRequiredService<IBlocklistStore>(), owners);
        Assert.Contains((object)provider.GetRequiredService<IOfflineStore>(), owners);
    }
}

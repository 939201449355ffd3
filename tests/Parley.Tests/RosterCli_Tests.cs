using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Parley.Composition;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Config;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Tests;

/// <summary>`parley roster JID` shows an account's contacts, from the same store the server uses.</summary>
public sealed class RosterCli_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-roster-").FullName;
    private readonly string _config;

    public RosterCli_Tests()
    {
        _config = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(_config, """
            data_dir = "data"
            [hosts."example.org"]
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Roster_lists_contacts_names_subscriptions_pending_requests_and_groups()
    {
        await using (var services = ParleyApp.BuildServices(ConfigLoader.Load(_config)))
        {
            await services.GetRequiredService<IUserStore>().CreateAsync("example.org", "alice", []);
            var store = services.GetRequiredService<IRosterStore>();
            await SetAsync(store, "bob@example.org", c => c with { Item = new RosterItem(c.Jid, "Bob", Subscription.Both, false, false, ["Friends", "Work"]) });
            await SetAsync(store, "carol@example.net", c => c with { Item = new RosterItem(c.Jid, null, Subscription.None, true, false, []) });
            await SetAsync(store, "dave@example.net", c => c with
            {
                PendingIn = XmlFragment.Parse("<presence xmlns='jabber:client' from='dave@example.net' to='alice@example.org' type='subscribe'/>"),
            });
        }

        var (code, output, error) = await Cli_Tests.ParleyAsync(null, "roster", "alice@example.org", "--config", _config);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CONTACT", "NAME", "SUBSCRIPTION", "PENDING", "GROUPS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^bob@example\.org\s+Bob\s+both\s+-\s+Friends, Work$", lines[1]);
        Assert.Matches(@"^carol@example\.net\s+none\s+out$", lines[2]);
        Assert.Matches(@"^dave@example\.net\s+none\s+in$", lines[3]);
        Assert.StartsWith("2 items, 1 requests waiting", lines[4]);
    }

    [Fact]
    public async Task Roster_of_an_account_that_does_not_exist_fails()
    {
        var (code, _, error) = await Cli_Tests.ParleyAsync(null, "roster", "nobody@example.org", "--config", _config);

        Assert.Equal(1, code);
        Assert.Contains("no such account", error);
    }

    [Fact]
    public async Task Roster_of_something_that_is_not_an_account_is_bad_input()
    {
        var (code, _, _) = await Cli_Tests.ParleyAsync(null, "roster", "example.org", "--config", _config);

        Assert.Equal(2, code);
    }

    private static Task SetAsync(IRosterStore store, string contact, Func<Contact, Contact> change)
        => store.ChangeContactAsync("example.org", "alice", Jid.Parse(contact), change, int.MaxValue).AsTask();
}

using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SqliteRosterStore_Tests : IAsyncLifetime
{
    private const string Host = "example.org";
    private readonly TempFolder _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteRosterStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        _store = new SqliteRosterStore(_database);
        var users = new SqliteUserStore(_database);
        await users.CreateAsync(Host, "juliet", []);
        await users.CreateAsync(Host, "romeo", []);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private Task<ContactChange?> SetAsync(string contact, Func<Contact, Contact> change, int max = 100, string user = "juliet")
        => _store.ChangeContactAsync(Host, user, Jid.Parse(contact), change, max).AsTask();

    private static Func<Contact, Contact> Item(string? name = null, Subscription subscription = Subscription.None, params string[] groups)
        => c => c with { Item = new RosterItem(c.Jid, name, subscription, false, false, groups) };

    private static Func<Contact, Contact> Remove => c => c with { Item = null };

    [Fact]
    public async Task An_item_reads_back_with_its_name_subscription_flags_and_groups_in_order()
    {
        var item = new RosterItem(Jid.Parse("romeo@example.net"), "Romeo \"R\" <M>", Subscription.To, true, true, ["Zeta", "Alpha", "Ünïcode"]);
        await SetAsync("romeo@example.net", c => c with { Item = item });

        var read = (await _store.GetContactAsync(Host, "juliet", Jid.Parse("romeo@example.net"))).Item;

        Assert.True(item.SameAs(read), $"{read}");
        Assert.Single((await _store.GetRosterAsync(Host, "juliet")).Items);
        Assert.Empty((await _store.GetRosterAsync(Host, "romeo")).Items);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_writes_nothing_and_gives_no_version()
    {
        await SetAsync("romeo@example.net", Item("Romeo"));
        var version = (await _store.GetRosterAsync(Host, "juliet")).Version;

        var change = await SetAsync("romeo@example.net", Item("Romeo"));

        Assert.False(change!.ItemChanged);
        Assert.Equal(version, (await _store.GetRosterAsync(Host, "juliet")).Version);
    }

    [Fact]
    public async Task Changes_since_a_version_are_the_items_changed_after_it_removals_included_in_order()
    {
        await SetAsync("a@example.net", Item("A"));
        await SetAsync("b@example.net", Item("B"));
        var since = (await _store.GetRosterAsync(Host, "juliet")).Version;
        await SetAsync("a@example.net", Remove);
        await SetAsync("c@example.net", Item("C"));
        await SetAsync("b@example.net", Item("B2"));

        var (changes, version) = (await _store.GetChangesSinceAsync(Host, "juliet", since))!.Value;

        Assert.Equal(["a@example.net", "c@example.net", "b@example.net"], changes.Select(c => c.Jid.ToString()));
        Assert.Null(changes[0].Item);
        Assert.Equal("B2", changes[2].Item!.Name);
        Assert.Equal(version, changes[^1].Version);
        Assert.Equal(version, (await _store.GetRosterAsync(Host, "juliet")).Version);
        Assert.Empty((await _store.GetChangesSinceAsync(Host, "juliet", version))!.Value.Changes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("deadbeef-1")] // another epoch
    [InlineData("-5")]
    public async Task A_version_this_roster_never_had_means_the_whole_roster(string version)
    {
        await SetAsync("a@example.net", Item("A"));
        var current = (await _store.GetRosterAsync(Host, "juliet")).Version;
        var ahead = current[..current.LastIndexOf('-')] + "-99";

        Assert.Null(await _store.GetChangesSinceAsync(Host, "juliet", version));
        Assert.Null(await _store.GetChangesSinceAsync(Host, "juliet", ahead));
    }

    [Fact]
    public async Task An_empty_roster_that_was_never_written_has_version_0()
    {
        Assert.Equal("0", (await _store.GetRosterAsync(Host, "romeo")).Version);
        Assert.Empty((await _store.GetChangesSinceAsync(Host, "romeo", "0"))!.Value.Changes);
    }

    [Fact]
    public async Task Old_removals_are_forgotten_and_versions_before_them_get_the_whole_roster()
    {
        var since = (await SetAsync("keep@example.net", Item("K")))!.Version!;
        for (var i = 0; i <= SqliteRosterStore.Tombstones; i++)
        {
            await SetAsync($"gone{i}@example.net", Item());
            await SetAsync($"gone{i}@example.net", Remove);
        }

        Assert.Null(await _store.GetChangesSinceAsync(Host, "juliet", since));
        var recent = (await _store.GetRosterAsync(Host, "juliet")).Version;
        await SetAsync("last@example.net", Item());
        Assert.Single((await _store.GetChangesSinceAsync(Host, "juliet", recent))!.Value.Changes);
    }

    [Fact]
    public async Task A_new_item_past_the_limit_is_refused_but_existing_ones_still_change()
    {
        await SetAsync("a@example.net", Item(), max: 2);
        await SetAsync("b@example.net", Item(), max: 2);

        Assert.Null(await SetAsync("c@example.net", Item(), max: 2));
        Assert.NotNull(await SetAsync("a@example.net", Item("renamed"), max: 2));
        Assert.Equal(2, (await _store.GetRosterAsync(Host, "juliet")).Items.Count);
    }

    [Fact]
    public async Task A_pending_request_is_kept_with_its_stanza_apart_from_the_roster_and_can_be_dropped()
    {
        var stanza = XmlFragment.Parse("<presence xmlns='jabber:client' from='romeo@example.net' to='juliet@example.org' type='subscribe'><status>Let me in</status></presence>");
        await SetAsync("romeo@example.net", c => c with { PendingIn = stanza });

        var pending = Assert.Single(await _store.GetPendingRequestsAsync(Host, "juliet"));
        Assert.Equal(stanza.ToString(), pending.PendingIn!.ToString());
        Assert.Null(pending.Item);
        Assert.Empty((await _store.GetRosterAsync(Host, "juliet")).Items);
        Assert.Equal(new SubscriptionState(Subscription.None, PendingIn: true), (await _store.GetContactAsync(Host, "juliet", Jid.Parse("romeo@example.net"))).State);

        await SetAsync("romeo@example.net", c => c with { PendingIn = null });
        Assert.Empty(await _store.GetPendingRequestsAsync(Host, "juliet"));
    }

    [Fact]
    public async Task Nothing_is_written_for_an_account_that_does_not_exist()
    {
        await SetAsync("romeo@example.net", Item("R"), user: "nobody");

        Assert.Empty((await _store.GetRosterAsync(Host, "nobody")).Items);
    }

    [Fact]
    public async Task Deleting_the_account_data_removes_items_requests_and_versions()
    {
        await SetAsync("a@example.net", Item("A"));
        await SetAsync("b@example.net", c => c with { PendingIn = XmlFragment.Parse("<presence xmlns='jabber:client' type='subscribe'/>") });

        await _store.DeleteAccountDataAsync(Host, "juliet", CancellationToken.None);

        Assert.Empty((await _store.GetRosterAsync(Host, "juliet")).Items);
        Assert.Empty(await _store.GetPendingRequestsAsync(Host, "juliet"));
        Assert.Equal("0", (await _store.GetRosterAsync(Host, "juliet")).Version);
    }
}

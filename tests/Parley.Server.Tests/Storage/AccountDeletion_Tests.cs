using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Events;
using Parley.Server.Sasl;
using Parley.Server.Storage;

namespace Parley.Server.Tests.Storage;

public sealed class AccountDeletion_Tests
{
    private readonly List<string> _log = [];
    private readonly EventBus _events = new(NullLogger<EventBus>.Instance);

    [Fact]
    public async Task Every_owner_forgets_the_account_before_the_account_is_deleted()
    {
        var users = new Users(_log, "juliet");
        var deletion = new AccountDeletion(users, [new Owner("vcard", _log), new Owner("private", _log)], _events);

        Assert.True(await deletion.DeleteAsync("example.org", "juliet"));

        Assert.Equal(["vcard example.org juliet", "private example.org juliet", "users example.org juliet"], _log);
        Assert.Equal(["vcard", "private"], deletion.Owners);
    }

    [Fact]
    public async Task A_missing_account_is_reported_and_no_store_is_touched()
    {
        var deletion = new AccountDeletion(new Users(_log), [new Owner("vcard", _log)], _events);

        Assert.False(await deletion.DeleteAsync("example.org", "nobody"));

        Assert.Empty(_log);
    }

    [Fact]
    public async Task A_failing_owner_leaves_the_account_so_deleting_again_can_finish()
    {
        var users = new Users(_log, "juliet");
        var deletion = new AccountDeletion(users, [new Owner("broken", _log, fail: true)], _events);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await deletion.DeleteAsync("example.org", "juliet"));

        Assert.True(await users.ExistsAsync("example.org", "juliet"));
    }

    [Fact]
    public async Task UserDeleted_is_published_after_the_deletion()
    {
        UserDeleted? seen = null;
        _events.Subscribe<UserDeleted>((e, _) =>
        {
            seen = e;
            return ValueTask.CompletedTask;
        });
        var deletion = new AccountDeletion(new Users(_log, "juliet"), [], _events);

        await deletion.DeleteAsync("example.org", "juliet");

        Assert.Equal(new UserDeleted("example.org", "juliet"), seen);
    }

    private sealed class Owner(string name, List<string> log, bool fail = false) : IAccountDataOwner
    {
        public string Name => name;

        public ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct)
        {
            if (fail)
                throw new InvalidOperationException("disk on fire");
            log.Add($"{name} {host} {username}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Users(List<string> log, params string[] existing) : IUserStore
    {
        private readonly HashSet<string> _users = [.. existing];

        public ValueTask<bool> ExistsAsync(string host, string username, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(_users.Contains(username));

        public ValueTask<bool> DeleteAsync(string host, string username, CancellationToken cancellationToken = default)
        {
            log.Add($"users {host} {username}");
            return ValueTask.FromResult(_users.Remove(username));
        }

        public ValueTask<bool> CreateAsync(string host, string username, IReadOnlyList<ScramCredential> credentials,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> SetCredentialsAsync(string host, string username, IReadOnlyList<ScramCredential> credentials,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<ScramCredential?> GetCredentialAsync(string host, string username, ScramHash hash,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<string>> ListAsync(string host, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();
    }
}

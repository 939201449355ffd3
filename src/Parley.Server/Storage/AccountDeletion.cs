using Parley.Server.Events;

namespace Parley.Server.Storage;

/// <summary>Deletes an account with every piece of its data, whichever module stored it.</summary>
public sealed class AccountDeletion(IUserStore users, IEnumerable<IAccountDataOwner> owners, EventBus events)
{
    private readonly IAccountDataOwner[] _owners = [.. owners];

    /// <summary>The names of the stores that are asked to forget an account.</summary>
    public IReadOnlyList<string> Owners => [.. _owners.Select(o => o.Name)];

    /// <summary>False when there is no such account.</summary>
    public async ValueTask<bool> DeleteAsync(string host, string username, CancellationToken ct = default)
    {
        if (!await users.ExistsAsync(host, username, ct))
            return false;
        // The data first, the account last: if a store fails, the account is still there and deleting it again
        // finishes the work. The other order would leave data behind with no account to find it by.
        foreach (var owner in _owners)
            await owner.DeleteAccountDataAsync(host, username, ct);
        var deleted = await users.DeleteAsync(host, username, ct);
        if (deleted)
            await events.PublishAsync(new UserDeleted(host, username), ct);
        return deleted;
    }
}

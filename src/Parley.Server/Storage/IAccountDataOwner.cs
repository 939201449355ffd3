namespace Parley.Server.Storage;

/// <summary>
/// A store that keeps data of accounts (a vCard, private XML, the last logout). Deleting an account calls every
/// owner before the account itself goes, so nothing of a deleted user is left in any module's storage.
/// </summary>
public interface IAccountDataOwner
{
    /// <summary>What the data is, for logs and errors ("vcard", "private").</summary>
    string Name { get; }

    /// <summary>Deletes everything this store keeps for the account; nothing to delete is not an error.</summary>
    ValueTask DeleteAccountDataAsync(string host, string username, CancellationToken ct);
}

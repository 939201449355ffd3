using Parley.Server.Sasl;

namespace Parley.Server.Storage;

/// <summary>Accounts of the local virtual hosts. Usernames are already normalized (PRECIS UsernameCaseMapped).</summary>
public interface IUserStore
{
    /// <summary>Creates the account; false when it already exists.</summary>
    ValueTask<bool> CreateAsync(string host, string username, IReadOnlyList<ScramCredential> credentials,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored credentials; false when there is no such account.</summary>
    ValueTask<bool> SetCredentialsAsync(string host, string username, IReadOnlyList<ScramCredential> credentials,
        CancellationToken cancellationToken = default);

    /// <summary>The credential for one hash, or null when the account or that hash is missing.</summary>
    ValueTask<ScramCredential?> GetCredentialAsync(string host, string username, ScramHash hash,
        CancellationToken cancellationToken = default);

    ValueTask<bool> ExistsAsync(string host, string username, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string host, string username, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<string>> ListAsync(string host, CancellationToken cancellationToken = default);
}

using Parley.Server.Storage;

namespace Parley.Server.Sasl;

/// <summary>SCRAM credentials of one virtual host's accounts, for the mechanisms.</summary>
internal sealed class UserStoreCredentials(IUserStore users, string host) : ISaslCredentialSource
{
    public ValueTask<ScramCredential?> GetScramAsync(string username, ScramHash hash, CancellationToken ct)
        => users.GetCredentialAsync(host, username, hash, ct);
}

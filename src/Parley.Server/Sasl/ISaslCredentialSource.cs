namespace Parley.Server.Sasl;

/// <summary>Where mechanisms find stored SCRAM keys; the server binds it to the virtual host's user store.</summary>
public interface ISaslCredentialSource
{
    /// <summary>
    /// The credential for <paramref name="username"/> (already normalized), or null when the account or that hash is missing.
    /// </summary>
    ValueTask<ScramCredential?> GetScramAsync(string username, ScramHash hash, CancellationToken ct);
}

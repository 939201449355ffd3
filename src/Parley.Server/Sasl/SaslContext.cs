using System.Security.Cryptography;

namespace Parley.Server.Sasl;

/// <summary>What a mechanism knows of the stream it authenticates, for one SASL negotiation.</summary>
/// <param name="Domain">The virtual host (normalized domainpart); an authzid must be a bare JID of this domain.</param>
/// <param name="Binding">The TLS channel binding; null on a stream without TLS.</param>
/// <param name="NormalizeUsername">PRECIS UsernameCaseMapped (RFC 7613 §3.3) preparation; null when invalid.</param>
/// <param name="ChannelBindingOffered">Whether -PLUS mechanisms were advertised on this stream (downgrade detection).</param>
public sealed record SaslContext(
    ISaslCredentialSource Credentials,
    string Domain,
    bool IsTls,
    ChannelBinding? Binding,
    Func<string, string?> NormalizeUsername,
    bool ChannelBindingOffered)
{
    // A process-wide fallback keeps decoys stable only until restart: a server should pass a persisted secret
    // so that an unknown user's fake salt never changes, as a real user's does not.
    private static readonly byte[] _processSecret = RandomNumberGenerator.GetBytes(32);

    /// <summary>Key for the fake SCRAM parameters shown for unknown users (see <c>ScramDecoy</c>).</summary>
    public byte[] ServerSecret { get; init; } = _processSecret;

    /// <summary>Iteration count shown for unknown users: set it to the count new accounts get.</summary>
    public int DecoyIterations { get; init; } = ScramKeys.DefaultIterations;
}

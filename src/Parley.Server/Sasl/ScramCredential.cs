namespace Parley.Server.Sasl;

public enum ScramHash
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>
/// What the server keeps of a password for one SCRAM hash (RFC 5802 §3): never the password itself.
/// PLAIN is verified by deriving StoredKey from the offered password and comparing.
/// </summary>
public sealed record ScramCredential(ScramHash Hash, byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey);

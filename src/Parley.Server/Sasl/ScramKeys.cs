using System.Security.Cryptography;

namespace Parley.Server.Sasl;

/// <summary>Derives what is stored instead of a password: SCRAM's StoredKey and ServerKey (RFC 5802 §3).</summary>
public static class ScramKeys
{
    /// <summary>RFC 7677 §4 asks for at least 4096 iterations.</summary>
    public const int DefaultIterations = 4096;

    public const int SaltLength = 16;

    /// <summary>
    /// Derives the credential for one hash. The password is prepared with PRECIS OpaqueString (RFC 8265 §4.2);
    /// throws <see cref="ArgumentException"/> when it is empty or holds a control or unassigned code point.
    /// A fresh random salt is made when <paramref name="salt"/> is null.
    /// </summary>
    public static ScramCredential Derive(string password, ScramHash hash, int iterations, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (salt is { Length: 0 })
        {
            throw new ArgumentException("The salt must not be empty.", nameof(salt));
        }

        var prepared = (Parley.Protocol.Precis.OpaqueString.TryEnforce(password, out var opaque) ? opaque : null)
            ?? throw new ArgumentException("The password is empty or holds a disallowed character.", nameof(password));
        salt = salt is null ? RandomNumberGenerator.GetBytes(SaltLength) : (byte[])salt.Clone();

        var salted = SaltedPassword(prepared, hash, salt, iterations);
        var storedKey = StoredKey(hash, salted);
        var serverKey = Hmac(hash, salted, "Server Key"u8);
        CryptographicOperations.ZeroMemory(salted);
        return new ScramCredential(hash, salt, iterations, storedKey, serverKey);
    }

    /// <summary>One credential per hash (SHA-1, SHA-256, SHA-512), each with its own fresh salt.</summary>
    public static IReadOnlyList<ScramCredential> DeriveAll(string password, int iterations) =>
    [
        Derive(password, ScramHash.Sha1, iterations),
        Derive(password, ScramHash.Sha256, iterations),
        Derive(password, ScramHash.Sha512, iterations),
    ];

    // StoredKey of an already prepared password with the credential's salt and iterations: how PLAIN is checked.
    internal static byte[] StoredKeyFor(string preparedPassword, ScramCredential credential)
    {
        var salted = SaltedPassword(preparedPassword, credential.Hash, credential.Salt, credential.Iterations);
        var storedKey = StoredKey(credential.Hash, salted);
        CryptographicOperations.ZeroMemory(salted);
        return storedKey;
    }

    internal static string MechanismName(ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => "SCRAM-SHA-1",
        ScramHash.Sha256 => "SCRAM-SHA-256",
        ScramHash.Sha512 => "SCRAM-SHA-512",
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };

    internal static int HashLength(ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => 20,
        ScramHash.Sha256 => 32,
        ScramHash.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };

    internal static byte[] Hmac(ScramHash hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        CryptographicOperations.HmacData(Algorithm(hash), key, data);

    internal static byte[] Hash(ScramHash hash, ReadOnlySpan<byte> data) =>
        CryptographicOperations.HashData(Algorithm(hash), data);

    // Hi() of RFC 5802 §2.2 is PBKDF2 (RFC 8018) with one block of output.
    private static byte[] SaltedPassword(string preparedPassword, ScramHash hash, byte[] salt, int iterations)
    {
        var password = SaslText.Encode(preparedPassword);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, Algorithm(hash), HashLength(hash));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private static byte[] StoredKey(ScramHash hash, byte[] saltedPassword)
    {
        var clientKey = Hmac(hash, saltedPassword, "Client Key"u8);
        var storedKey = Hash(hash, clientKey);
        CryptographicOperations.ZeroMemory(clientKey);
        return storedKey;
    }

    private static HashAlgorithmName Algorithm(ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => HashAlgorithmName.SHA1,
        ScramHash.Sha256 => HashAlgorithmName.SHA256,
        ScramHash.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Load.Client;

/// <summary>
/// The client side of SCRAM-SHA-1/256/512 (RFC 5802, RFC 7677) without channel binding (gs2 flag 'n').
/// </summary>
/// <remarks>
/// The salted password is cached per (password, salt, iterations), as RFC 5802 §5.1 lets clients do: a load
/// generator that ran PBKDF2 on every login would measure itself, not the server. The server's work per login is
/// the same either way (it stores StoredKey/ServerKey and never runs PBKDF2 for SCRAM).
/// </remarks>
internal sealed class ScramClient
{
    private static readonly ConcurrentDictionary<(string Password, string Salt, int Iterations, ScramAlgorithm Hash), byte[]> s_salted = new();

    private readonly ScramAlgorithm _hash;
    private readonly string _username;
    private readonly string _password;
    private readonly string _clientNonce;
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public ScramClient(ScramAlgorithm hash, string username, string password, string? clientNonce = null)
    {
        _hash = hash;
        _username = username;
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    }

    public static bool TryParseMechanism(string name, out ScramAlgorithm hash)
    {
        hash = name switch
        {
            "SCRAM-SHA-1" => ScramAlgorithm.Sha1,
            "SCRAM-SHA-256" => ScramAlgorithm.Sha256,
            "SCRAM-SHA-512" => ScramAlgorithm.Sha512,
            _ => (ScramAlgorithm)(-1),
        };
        return (int)hash >= 0;
    }

    public string ClientFirst()
    {
        _clientFirstBare = $"n={Escape(_username)},r={_clientNonce}";
        return "n,," + _clientFirstBare;
    }

    /// <summary>Answers server-first with client-final; throws <see cref="ScramException"/> on a bad challenge.</summary>
    public string ClientFinal(string serverFirst)
    {
        if (_clientFirstBare is null)
            throw new InvalidOperationException("ClientFirst comes first.");
        string? nonce = null, salt = null;
        var iterations = 0;
        foreach (var field in serverFirst.Split(','))
        {
            if (field.Length < 2 || field[1] != '=')
                throw new ScramException($"Malformed server-first '{serverFirst}'.");
            var value = field[2..];
            switch (field[0])
            {
                case 'r': nonce = value; break;
                case 's': salt = value; break;
                case 'i': iterations = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case 'm': throw new ScramException("Mandatory extension not supported.");
            }
        }
        if (nonce is null || salt is null || iterations <= 0 || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal))
            throw new ScramException($"Unusable server-first '{serverFirst}'.");

        var salted = SaltedPassword(salt, iterations);
        var withoutProof = "c=biws,r=" + nonce; // biws = base64("n,,")
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        var clientKey = Hmac(salted, "Client Key"u8);
        var storedKey = Hash(clientKey);
        var signature = Hmac(storedKey, authMessage);
        for (var i = 0; i < clientKey.Length; i++)
            clientKey[i] ^= signature[i];
        _expectedServerSignature = Hmac(Hmac(salted, "Server Key"u8), authMessage);
        return withoutProof + ",p=" + Convert.ToBase64String(clientKey);
    }

    /// <summary>Checks server-final ("v=…"): a server that cannot prove it knows the keys is an error.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        if (_expectedServerSignature is null)
            throw new InvalidOperationException("ClientFinal comes first.");
        if (!serverFinal.StartsWith("v=", StringComparison.Ordinal))
            throw new ScramException($"Server-final '{serverFinal}' has no verifier.");
        var got = Convert.FromBase64String(serverFinal[2..]);
        if (!CryptographicOperations.FixedTimeEquals(got, _expectedServerSignature))
            throw new ScramException("The server's signature does not match.");
    }

    public static byte[] Derive(ScramAlgorithm hash, string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, Name(hash), Length(hash));

    private byte[] SaltedPassword(string salt, int iterations) =>
        s_salted.GetOrAdd((_password, salt, iterations, _hash),
            static key => Derive(key.Hash, key.Password, Convert.FromBase64String(key.Salt), key.Iterations));

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) => CryptographicOperations.HmacData(Name(_hash), key, data);

    private byte[] Hash(byte[] data) => CryptographicOperations.HashData(Name(_hash), data);

    private static HashAlgorithmName Name(ScramAlgorithm hash) => hash switch
    {
        ScramAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        ScramAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        _ => HashAlgorithmName.SHA512,
    };

    private static int Length(ScramAlgorithm hash) => hash switch
    {
        ScramAlgorithm.Sha1 => 20,
        ScramAlgorithm.Sha256 => 32,
        _ => 64,
    };

    // RFC 5802 §5.1: ',' and '=' in a username are escaped.
    private static string Escape(string username) => username.Replace("=", "=3D").Replace(",", "=2C");
}

internal enum ScramAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

internal sealed class ScramException(string message) : Exception(message);

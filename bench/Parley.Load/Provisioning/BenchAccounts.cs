using System.Security.Cryptography;
using System.Text;
using Parley.Load.Client;

namespace Parley.Load.Provisioning;

/// <summary>
/// The benchmark's accounts: u0 … u(N-1) on one host, all with the same password, salt and iteration count, so
/// the SCRAM keys are derived once. A server does the same work per login whatever the salt; the shared salt only
/// spares provisioning and the generator thousands of PBKDF2 runs.
/// </summary>
internal sealed record BenchAccounts(string Host, int Count, string Password, int Iterations, string UserPrefix = "u")
{
    /// <summary>ASCII, so that every server's storage format carries it unchanged (Prosody keeps it as a raw string).</summary>
    public const string Salt = "parley-bench-salt-2c9f";

    public string Username(int i) => UserPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ScramKeySet Keys(ScramAlgorithm hash)
    {
        var name = hash switch
        {
            ScramAlgorithm.Sha1 => HashAlgorithmName.SHA1,
            ScramAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            _ => HashAlgorithmName.SHA512,
        };
        var salt = Encoding.ASCII.GetBytes(Salt);
        var salted = ScramClient.Derive(hash, Password, salt, Iterations);
        var clientKey = CryptographicOperations.HmacData(name, salted, "Client Key"u8);
        return new ScramKeySet(salt, Iterations, CryptographicOperations.HashData(name, clientKey),
            CryptographicOperations.HmacData(name, salted, "Server Key"u8));
    }
}

internal sealed record ScramKeySet(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey);

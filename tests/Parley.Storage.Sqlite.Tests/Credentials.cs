using System.Security.Cryptography;
using Parley.Server.Sasl;

namespace Parley.Storage.Sqlite.Tests;

internal static class Credentials
{
    public static ScramCredential For(ScramHash hash, int iterations = 4096)
    {
        var keyLength = hash switch
        {
            ScramHash.Sha1 => 20,
            ScramHash.Sha256 => 32,
            _ => 64,
        };
        return new ScramCredential(hash, RandomNumberGenerator.GetBytes(16), iterations,
            RandomNumberGenerator.GetBytes(keyLength), RandomNumberGenerator.GetBytes(keyLength));
    }

    public static ScramCredential[] All() => [For(ScramHash.Sha1), For(ScramHash.Sha256), For(ScramHash.Sha512)];

    public static void AssertSame(ScramCredential expected, ScramCredential? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Salt, actual.Salt);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.StoredKey, actual.StoredKey);
        Assert.Equal(expected.ServerKey, actual.ServerKey);
    }
}

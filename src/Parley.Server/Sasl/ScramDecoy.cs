using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Sasl;

/// <summary>
/// Fake SCRAM parameters for a user that does not exist, so that the server-first message does not reveal it
/// (RFC 5802 §9, "unknown user" guidance). Derived from the username with the server secret: a repeated attempt
/// sees the same salt, as it would for a real account. The iteration count is the one new accounts get.
/// </summary>
internal static class ScramDecoy
{
    public static ScramCredential For(string username, ScramHash hash, SaslContext context)
    {
        int length = ScramKeys.HashLength(hash);
        return new ScramCredential(
            hash,
            Derive(context.ServerSecret, "salt", hash, username, ScramKeys.SaltLength),
            context.DecoyIterations,
            Derive(context.ServerSecret, "stored-key", hash, username, length),
            Derive(context.ServerSecret, "server-key", hash, username, length));
    }

    private static byte[] Derive(byte[] secret, string purpose, ScramHash hash, string username, int length)
    {
        var input = Encoding.UTF8.GetBytes($"{purpose}\0{hash}\0{username}");
        return HMACSHA512.HashData(secret, input)[..length];
    }
}

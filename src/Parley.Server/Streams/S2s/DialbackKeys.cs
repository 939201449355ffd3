using System.Security.Cryptography;
using System.Text;
using Parley.Server.Hosting;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Dialback keys as XEP-0185 §2 recommends: HMAC-SHA256 keyed with SHA-256 (in hex) of a secret, over
/// "receiving originating streamid", in lower-case hex. The secret is derived from the persisted server secret
/// (for this one purpose), so keys stay verifiable across restarts and by every node sharing the data folder.
/// </summary>
internal sealed class DialbackKeys
{
    private readonly byte[] _key;

    public DialbackKeys(ServerSecret secret)
        : this(HMACSHA256.HashData(secret.Value, "parley xep-0185 dialback secret"u8))
    {
    }

    /// <summary>Keys from <paramref name="secret"/> itself (the XEP's examples use a text secret).</summary>
    internal DialbackKeys(byte[] secret)
        // XEP-0185 §2: the HMAC key is SHA-256 of the secret in lower-case hex (so the XEP's example keys come out).
        => _key = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(secret)));

    public string Generate(string receiving, string originating, string streamId)
        => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{receiving} {originating} {streamId}")));

    /// <summary>Compares in constant time (DESIGN §8); surrounding whitespace and hex case do not matter.</summary>
    public bool Verify(string receiving, string originating, string streamId, string key)
    {
        var expected = Encoding.ASCII.GetBytes(Generate(receiving, originating, streamId));
        var given = Encoding.UTF8.GetBytes(key.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

using Parley.Server.Sasl;

namespace Parley.Storage.Sqlite;

/// <summary>The hash column holds the IANA names that the SCRAM mechanism names use (RFC 5802 §4).</summary>
internal static class ScramHashNames
{
    internal static string ToSql(ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => "SHA-1",
        ScramHash.Sha256 => "SHA-256",
        ScramHash.Sha512 => "SHA-512",
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };

    /// <summary>Length of StoredKey and ServerKey, which are outputs of the hash.</summary>
    internal static int KeyLength(ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => 20,
        ScramHash.Sha256 => 32,
        ScramHash.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };
}

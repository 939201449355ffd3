using System.Text;

namespace Parley.Server.Sasl;

/// <summary>client-first-message (RFC 5802 §7), split into what the server needs.</summary>
/// <param name="Gs2Header">The header as sent, e.g. <c>"p=tls-server-end-point,,"</c>: the channel binding covers it.</param>
/// <param name="CbFlag"><c>'n'</c>, <c>'y'</c> or <c>'p'</c>.</param>
/// <param name="Bare">client-first-message-bare as sent: part of AuthMessage.</param>
internal sealed record ScramClientFirst(
    string Gs2Header, char CbFlag, string? CbName, string? Authzid, string Username, string ClientNonce, string Bare);

/// <summary>client-final-message (RFC 5802 §7).</summary>
/// <param name="WithoutProof">client-final-message-without-proof as sent: part of AuthMessage.</param>
internal sealed record ScramClientFinal(byte[] ChannelBinding, string Nonce, byte[] Proof, string WithoutProof);

/// <summary>Strict parsers for the SCRAM client messages; anything off the RFC 5802 §7 grammar is refused.</summary>
internal static class ScramMessages
{
    public static ScramClientFirst? ParseClientFirst(string message, out string? error)
    {
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","
        int flagEnd = message.IndexOf(',');
        int authzidEnd = flagEnd < 0 ? -1 : message.IndexOf(',', flagEnd + 1);
        if (authzidEnd < 0)
        {
            error = "The GS2 header is incomplete.";
            return null;
        }

        var flag = message[..flagEnd];
        char cbFlag;
        string? cbName = null;
        if (flag is "n" or "y")
        {
            cbFlag = flag[0];
        }
        else if (flag.StartsWith("p=", StringComparison.Ordinal) && IsCbName(flag.AsSpan(2)))
        {
            cbFlag = 'p';
            cbName = flag[2..];
        }
        else
        {
            error = "The channel binding flag is invalid.";
            return null;
        }

        string? authzid = null;
        var authzidField = message[(flagEnd + 1)..authzidEnd];
        if (authzidField.Length > 0)
        {
            if (!authzidField.StartsWith("a=", StringComparison.Ordinal))
            {
                error = "The authorization identity is invalid.";
                return null;
            }

            authzid = DecodeSaslName(authzidField.AsSpan(2));
            if (authzid is null)
            {
                error = "The authorization identity is invalid.";
                return null;
            }
        }

        // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
        var bare = message[(authzidEnd + 1)..];
        var attributes = bare.Split(',');
        if (!CheckAttributes(attributes, out error))
        {
            return null;
        }

        if (attributes.Length < 2 || attributes[0][0] != 'n' || attributes[1][0] != 'r')
        {
            error = "The username or the nonce is missing.";
            return null;
        }

        var username = DecodeSaslName(attributes[0].AsSpan(2));
        if (username is null)
        {
            error = "The username is invalid.";
            return null;
        }

        var nonce = attributes[1][2..];
        if (!IsPrintable(nonce))
        {
            error = "The nonce is invalid.";
            return null;
        }

        error = null;
        return new ScramClientFirst(message[..(authzidEnd + 1)], cbFlag, cbName, authzid, username, nonce, bare);
    }

    public static ScramClientFinal? ParseClientFinal(string message, out string? error)
    {
        // client-final-message = channel-binding "," nonce ["," extensions] "," proof
        int proofStart = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofStart < 0)
        {
            error = "The proof is missing.";
            return null;
        }

        var proof = DecodeBase64(message.AsSpan(proofStart + 3));
        if (proof is not { Length: > 0 })
        {
            error = "The proof is invalid.";
            return null;
        }

        var withoutProof = message[..proofStart];
        var attributes = withoutProof.Split(',');
        if (!CheckAttributes(attributes, out error))
        {
            return null;
        }

        if (attributes.Length < 2 || attributes[0][0] != 'c' || attributes[1][0] != 'r')
        {
            error = "The channel binding or the nonce is missing.";
            return null;
        }

        var binding = DecodeBase64(attributes[0].AsSpan(2));
        if (binding is not { Length: > 0 })
        {
            error = "The channel binding is invalid.";
            return null;
        }

        var nonce = attributes[1][2..];
        if (!IsPrintable(nonce))
        {
            error = "The nonce is invalid.";
            return null;
        }

        error = null;
        return new ScramClientFinal(binding, nonce, proof, withoutProof);
    }

    /// <summary>
    /// saslname (RFC 5802 §7): ',' and '=' only as "=2C" and "=3D"; null on any other '=' or when empty.
    /// </summary>
    public static string? DecodeSaslName(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        var decoded = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == ',')
            {
                return null;
            }

            if (c != '=')
            {
                decoded.Append(c);
            }
            else if (value[(i + 1)..].StartsWith("2C", StringComparison.Ordinal))
            {
                decoded.Append(',');
                i += 2;
            }
            else if (value[(i + 1)..].StartsWith("3D", StringComparison.Ordinal))
            {
                decoded.Append('=');
                i += 2;
            }
            else
            {
                return null;
            }
        }

        return decoded.ToString();
    }

    // attr-val = ALPHA "=" value, value = 1*value-char. RFC 5802 §5.1: 'm' is reserved and its presence must fail
    // the authentication; other unknown attributes are extensions, which are ignored (§7).
    private static bool CheckAttributes(string[] attributes, out string? error)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Length < 3 || !char.IsAsciiLetter(attribute[0]) || attribute[1] != '=')
            {
                error = "An attribute is malformed.";
                return false;
            }

            if (attribute[0] == 'm')
            {
                error = "Mandatory extensions are not supported.";
                return false;
            }
        }

        error = null;
        return true;
    }

    // printable = %x21-2B / %x2D-7E
    private static bool IsPrintable(string value) =>
        value.Length > 0 && value.AsSpan().IndexOfAnyExceptInRange('\x21', '\x7E') < 0 && !value.Contains(',');

    // cb-name = 1*(ALPHA / DIGIT / "." / "-")
    private static bool IsCbName(ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '-')
            {
                return false;
            }
        }

        return !value.IsEmpty;
    }

    // Convert.TryFromBase64Chars skips whitespace; SCRAM's base64 has none, so it is refused here first.
    private static byte[]? DecodeBase64(ReadOnlySpan<char> value)
    {
        if (value.Length % 4 != 0 || value.ContainsAny(" \t\r\n"))
        {
            return null;
        }

        var bytes = new byte[value.Length / 4 * 3];
        return Convert.TryFromBase64Chars(value, bytes, out int written) ? bytes[..written] : null;
    }
}

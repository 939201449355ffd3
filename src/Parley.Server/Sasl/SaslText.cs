using System.Text;

namespace Parley.Server.Sasl;

internal static class SaslText
{
    private static readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes a SASL message that must be UTF-8; null when it is not. Mechanisms answer that with
    /// MalformedRequest: RFC 6120 §6.5.3 keeps incorrect-encoding for bad base64, which the stream layer handles,
    /// while bytes that are not UTF-8 violate the mechanism's own syntax (RFC 6120 §6.5.8, RFC 5802 §7, RFC 4616 §2).
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return _strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static byte[] Encode(string text) => _strict.GetBytes(text);
}

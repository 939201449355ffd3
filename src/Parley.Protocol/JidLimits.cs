using System.Text;

namespace Parley.Protocol;

internal static class JidLimits
{
    // RFC 7622 §3.2, §3.3, §3.4: every part is 1 to 1023 octets of UTF-8, counted after normalization.
    public const int MaxPartBytes = 1023;

    // Inputs longer than this are refused before any Unicode work. NFC composes at most four code points into one and
    // nothing else in the pipeline shrinks a string, so no valid part is longer; the limit bounds the work per part.
    public const int MaxRawPartChars = 8 * MaxPartBytes;

    // A UTF-16 char takes one to three UTF-8 bytes (a surrogate pair four for two chars).
    public static bool FitsInPart(string value) =>
        value.Length <= MaxPartBytes
        && (value.Length * 3 <= MaxPartBytes || Encoding.UTF8.GetByteCount(value) <= MaxPartBytes);
}

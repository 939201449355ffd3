using System.Buffers;
using System.Globalization;
using System.Text;

namespace Parley.Server.Sasl;

/// <summary>
/// PRECIS OpaqueString (RFC 8265 §4.2), the preparation of passwords. RFC 5802 names SASLprep (RFC 4013), which
/// RFC 7622-era XMPP replaced by PRECIS; both keep ASCII passwords unchanged, and OpaqueString uses NFC where
/// SASLprep used NFKC, so a non-ASCII password that NFKC would change may fail with an old SASLprep client.
/// Simplified enforcement: control and unassigned code points are refused; the FreeformClass's finer rules
/// (contextual joiners, old Hangul jamo) are not applied.
/// </summary>
internal static class OpaqueString
{
    /// <summary>The prepared password, or null when it is empty or holds a disallowed code point.</summary>
    public static string? Prepare(string password)
    {
        if (password.Length == 0)
        {
            return null;
        }

        // RFC 8265 §4.2.1 (additional mapping rule): non-ASCII spaces become U+0020. Every Zs code point is in the BMP.
        var mapped = string.Create(password.Length, password, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = c != ' ' && char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c;
            }
        });

        string normalized;
        try
        {
            normalized = mapped.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null; // unpaired surrogate
        }

        for (int i = 0; i < normalized.Length;)
        {
            if (Rune.DecodeFromUtf16(normalized.AsSpan(i), out var rune, out int used) != OperationStatus.Done)
            {
                return null; // unpaired surrogate
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned)
            {
                return null;
            }

            i += used;
        }

        return normalized;
    }
}

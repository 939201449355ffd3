using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Parley.Protocol.Precis;

// The OpaqueString profile of the PRECIS FreeformClass, RFC 8265 §4.2: JID resourceparts (RFC 7622 §3.4) and
// passwords (SASL PLAIN and SCRAM).
public static class OpaqueString
{
    public static bool TryEnforce(string? input, [NotNullWhen(true)] out string? output)
    {
        output = input is null ? null : Enforce(input);
        return output is not null;
    }

    // Null when the input is not a valid opaque string.
    internal static string? Enforce(ReadOnlySpan<char> input)
    {
        // Additional mapping rule: non-ASCII spaces (Zs) become U+0020. Every Zs is in the BMP.
        string value = MapSpaces(input);

        // Preparation: every code point valid in the FreeformClass; checked again after NFC (RFC 8264 §7).
        // No width mapping, case mapping or directionality rule in this profile.
        if (!StringClassRules.IsValid(value, StringClass.Freeform))
        {
            return null;
        }

        if (!value.IsNormalized(NormalizationForm.FormC))
        {
            value = value.Normalize(NormalizationForm.FormC);
            if (!StringClassRules.IsValid(value, StringClass.Freeform))
            {
                return null;
            }
        }

        return value.Length == 0 ? null : value;
    }

    private static string MapSpaces(ReadOnlySpan<char> input)
    {
        int first = -1;
        for (int i = 0; i < input.Length; i++)
        {
            if (IsNonAsciiSpace(input[i]))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return input.ToString();
        }

        char[] buffer = input.ToArray();
        for (int i = first; i < buffer.Length; i++)
        {
            if (IsNonAsciiSpace(buffer[i]))
            {
                buffer[i] = ' ';
            }
        }

        return new string(buffer);
    }

    private static bool IsNonAsciiSpace(char c) =>
        c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;
}

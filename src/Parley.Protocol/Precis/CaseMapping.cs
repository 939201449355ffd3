using System.Text;

namespace Parley.Protocol.Precis;

// The case-mapping rule of RFC 8264 §5.2.3: Unicode toLowerCase() (Unicode §3.13, Default Case Conversion R2), which
// is the full, language-insensitive lowercase mapping. .NET's invariant casing is the simple mapping less the Turkish
// dotted capital I, so the two differences are handled here: U+0130 lowercases to "i\u0307" (SpecialCasing.txt), and
// U+03A3 lowercases to the final sigma U+03C2 under the Final_Sigma condition.
internal static class CaseMapping
{
    private const int CapitalSigma = 0x03A3;
    private const int CapitalIWithDotAbove = 0x0130;

    public static string ToLower(string value)
    {
        if (!NeedsMapping(value))
        {
            return value;
        }

        // U+0130 is the only code point whose lowercase is longer, and only by one char.
        var builder = new StringBuilder(value.Length + 8);
        Span<char> utf16 = stackalloc char[2];
        int index = 0;
        foreach (Rune rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case CapitalIWithDotAbove:
                    builder.Append("i\u0307");
                    break;
                case CapitalSigma:
                    builder.Append(IsFinalSigma(value, index) ? '\u03C2' : '\u03C3');
                    break;
                default:
                    Rune lower = Rune.ToLowerInvariant(rune);
                    builder.Append(utf16[..lower.EncodeToUtf16(utf16)]);
                    break;
            }

            index += rune.Utf16SequenceLength;
        }

        return builder.ToString();
    }

    private static bool NeedsMapping(string value)
    {
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (rune.Value == CapitalIWithDotAbove || Rune.ToLowerInvariant(rune) != rune)
            {
                return true;
            }
        }

        return false;
    }

    // Final_Sigma (Unicode Table 3-17): preceded by a cased code point and then zero or more case-ignorable ones,
    // and not followed by zero or more case-ignorable code points and then a cased one.
    private static bool IsFinalSigma(string value, int index) =>
        CasedBeyondIgnorables(value.AsSpan(0, index), backwards: true)
        && !CasedBeyondIgnorables(value.AsSpan(index + 1), backwards: false);

    private static bool CasedBeyondIgnorables(ReadOnlySpan<char> value, bool backwards)
    {
        while (!value.IsEmpty)
        {
            Rune rune;
            int consumed;
            System.Buffers.OperationStatus status = backwards
                ? Rune.DecodeLastFromUtf16(value, out rune, out consumed)
                : Rune.DecodeFromUtf16(value, out rune, out consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            // As in ICU, a code point that is both case-ignorable and cased (U+0345) counts as ignorable.
            if (!UnicodeTables.IsCaseIgnorable(rune.Value))
            {
                return UnicodeTables.IsCased(rune.Value);
            }

            value = backwards ? value[..^consumed] : value[consumed..];
        }

        return false;
    }
}

using System.Globalization;
using System.Text;

namespace Parley.Protocol.Precis;

// The IDNA2008 checks (RFC 5891 §5.4) on a domain name already put through UTS #46 ToASCII and ToUnicode by .NET's
// IdnMapping. ICU's UTS #46, as .NET calls it, checks neither the CONTEXTO rules, nor the Bidi Rule, nor that each
// code point is PVALID under RFC 5892 (it accepts the symbols UTS #46 marks NV8, such as U+2603, old Hangul jamo and
// the ignorable blocks), all of which RFC 7622 §3.2 requires of a domainpart. This fills those gaps.
internal static class Idna2008
{
    // value is in U-label form: lower case, NFC, dot-separated, without the trailing dot.
    public static bool IsValidDomainName(string value)
    {
        // RFC 5893 §1.4: a "Bidi domain name" has at least one RTL label; then every label satisfies the Bidi Rule.
        bool bidiDomainName = BidiRule.HasRightToLeft(value);
        foreach (Range range in value.AsSpan().Split('.'))
        {
            ReadOnlySpan<char> label = value.AsSpan(range);
            if (label.IsEmpty || !HasValidCodePoints(label) || (bidiDomainName && !BidiRule.IsSatisfied(label)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasValidCodePoints(ReadOnlySpan<char> label)
    {
        int index = 0;
        foreach (Rune rune in label.EnumerateRunes())
        {
            bool valid = GetProperty(rune.Value) switch
            {
                DerivedProperty.Pvalid => true,
                DerivedProperty.ContextJ => ContextRules.AllowsJoiner(label, index, rune.Value),
                DerivedProperty.ContextO => ContextRules.AllowsOther(label, index, rune.Value),
                _ => false,
            };
            if (!valid)
            {
                return false;
            }

            index += rune.Utf16SequenceLength;
        }

        return true;
    }

    // RFC 5892 §3, in its order.
    private static DerivedProperty GetProperty(int cp)
    {
        // LDH (E): the only ASCII left after STD3 rules; upper case cannot occur in a U-label.
        if (cp < 0x80)
        {
            return cp is '-' or (>= '0' and <= '9') or (>= 'a' and <= 'z') ? DerivedProperty.Pvalid : DerivedProperty.Disallowed;
        }

        // Exceptions (F) and JoinControl (H) are the same as PRECIS's; BackwardCompatible (G) is empty.
        DerivedProperty precis = DerivedProperties.Get(cp);
        if (precis is DerivedProperty.ContextJ or DerivedProperty.ContextO or DerivedProperty.Unassigned)
        {
            return precis;
        }

        if (cp is 0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007)
        {
            return DerivedProperty.Pvalid;
        }

        // Unstable (B) is left out: UTS #46 mapping has already replaced every code point that case folding or NFKC
        // would change. IgnorableProperties (C) and OldHangulJamo (I) are disallowed in PRECIS as well.
        if (precis == DerivedProperty.Disallowed || IsInIgnorableBlock(cp))
        {
            return DerivedProperty.Disallowed;
        }

        // LetterDigits (A).
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ModifierLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => DerivedProperty.Pvalid,
            _ => DerivedProperty.Disallowed,
        };
    }

    // IgnorableBlocks (D): Combining Diacritical Marks for Symbols, Musical Symbols, Ancient Greek Musical Notation.
    private static bool IsInIgnorableBlock(int cp) =>
        cp is >= 0x20D0 and <= 0x20FF or >= 0x1D100 and <= 0x1D1FF or >= 0x1D200 and <= 0x1D24F;
}

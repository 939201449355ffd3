using System.Globalization;
using System.Text;

namespace Parley.Protocol.Precis;

// RFC 8264 §8: the derived property value of a code point, computed in the order the RFC gives from the categories of
// §9. General categories come from .NET (CharUnicodeInfo); HasCompat from ICU's NFKC; the properties .NET does not
// expose from the generated tables, whose Unicode version (UnicodeTables.DataVersion) bounds what counts as assigned.
// Results are cached per 256-code-point page, built on first use.
internal static class DerivedProperties
{
    private const int PageShift = 8;
    private const int PageSize = 1 << PageShift;

    private static readonly DerivedProperty[]?[] s_pages = new DerivedProperty[]?[0x110000 >> PageShift];

    public static DerivedProperty Get(int codePoint)
    {
        // ASCII7 (§9.11) comes after Exceptions, BackwardCompatible and Unassigned, none of which holds ASCII.
        if (codePoint < 0x80)
        {
            return codePoint is >= 0x21 and <= 0x7E ? DerivedProperty.Pvalid : Compute(codePoint);
        }

        // A page is immutable once published, so racing builders only waste work.
        DerivedProperty[] page = Volatile.Read(ref s_pages[codePoint >> PageShift]) ?? BuildPage(codePoint >> PageShift);
        return page[codePoint & (PageSize - 1)];
    }

    private static DerivedProperty[] BuildPage(int pageIndex)
    {
        var page = new DerivedProperty[PageSize];
        int first = pageIndex << PageShift;
        for (int i = 0; i < PageSize; i++)
        {
            page[i] = Compute(first + i);
        }

        Volatile.Write(ref s_pages[pageIndex], page);
        return page;
    }

    internal static DerivedProperty Compute(int cp)
    {
        DerivedProperty exception = Exceptions(cp);
        if (exception != DerivedProperty.Unknown)
        {
            return exception;
        }

        // BackwardCompatible (§9.7) is empty. Unassigned (§9.10) is judged by the generated tables' Unicode version
        // as well as .NET's: a code point newer than the tables has no Bidi_Class, Joining_Type or script here.
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(cp);
        if ((category == UnicodeCategory.OtherNotAssigned || UnicodeTables.IsUnassigned(cp)) && !UnicodeTables.IsNoncharacter(cp))
        {
            return DerivedProperty.Unassigned;
        }

        if (cp is >= 0x21 and <= 0x7E)
        {
            return DerivedProperty.Pvalid;
        }

        if (cp is 0x200C or 0x200D)
        {
            return DerivedProperty.ContextJ;
        }

        if (UnicodeTables.IsOldHangulJamo(cp))
        {
            return DerivedProperty.Disallowed;
        }

        // PrecisIgnorableProperties (§9.13): Default_Ignorable_Code_Point or Noncharacter_Code_Point.
        if (UnicodeTables.IsDefaultIgnorable(cp) || UnicodeTables.IsNoncharacter(cp))
        {
            return DerivedProperty.Disallowed;
        }

        // Surrogate code points never reach here from a well-formed string; they fall through to DISALLOWED in the
        // RFC too, and cannot be put through NFKC.
        if (category is UnicodeCategory.Control or UnicodeCategory.Surrogate)
        {
            return DerivedProperty.Disallowed;
        }

        if (HasCompat(cp))
        {
            return DerivedProperty.SpecificClass;
        }

        switch (category)
        {
            // LetterDigits (§9.1).
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
                return DerivedProperty.Pvalid;

            // OtherLetterDigits (§9.18), Spaces (§9.14), Symbols (§9.15), Punctuation (§9.16).
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
                return DerivedProperty.SpecificClass;

            default:
                return DerivedProperty.Disallowed;
        }
    }

    // Exceptions (§9.6), the table of RFC 5892 §2.6.
    private static DerivedProperty Exceptions(int cp) => cp switch
    {
        0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007 => DerivedProperty.Pvalid,
        0x00B7 or 0x0375 or 0x05F3 or 0x05F4 or 0x30FB => DerivedProperty.ContextO,
        >= 0x0660 and <= 0x0669 => DerivedProperty.ContextO,
        >= 0x06F0 and <= 0x06F9 => DerivedProperty.ContextO,
        0x0640 or 0x07FA or 0x302E or 0x302F or 0x303B => DerivedProperty.Disallowed,
        >= 0x3031 and <= 0x3035 => DerivedProperty.Disallowed,
        _ => DerivedProperty.Unknown,
    };

    // HasCompat (§9.17): toNFKC(cp) != cp.
    private static bool HasCompat(int cp)
    {
        Span<char> utf16 = stackalloc char[2];
        int length = new Rune(cp).EncodeToUtf16(utf16);
        return !((ReadOnlySpan<char>)utf16[..length]).IsNormalized(NormalizationForm.FormKC);
    }
}

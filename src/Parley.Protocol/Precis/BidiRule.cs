using System.Text;

namespace Parley.Protocol.Precis;

// The Bidi Rule of RFC 5893 §2.
internal static class BidiRule
{
    // As RFC 8264 §5.2.5 applies it: only to strings that contain right-to-left code points; others pass unchecked.
    public static bool IsSatisfiedIfRightToLeft(ReadOnlySpan<char> value) =>
        !HasRightToLeft(value) || IsSatisfied(value);

    // RFC 5893 §1.4: an "RTL label" holds at least one code point of Bidi_Class R, AL or AN.
    public static bool HasRightToLeft(ReadOnlySpan<char> value)
    {
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (UnicodeTables.GetBidiClass(rune.Value) is BidiClass.R or BidiClass.AL or BidiClass.AN)
            {
                return true;
            }
        }

        return false;
    }

    // All six conditions, for a well-formed non-empty string.
    public static bool IsSatisfied(ReadOnlySpan<char> value)
    {
        if (Rune.DecodeFromUtf16(value, out Rune first, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        // 1. The first code point is L (an LTR label), or R or AL (an RTL label).
        BidiClass direction = UnicodeTables.GetBidiClass(first.Value);
        if (direction is not (BidiClass.L or BidiClass.R or BidiClass.AL))
        {
            return false;
        }

        bool rightToLeft = direction != BidiClass.L;
        bool hasEuropeanNumber = false;
        bool hasArabicNumber = false;
        BidiClass lastNonMark = direction;
        foreach (Rune rune in value.EnumerateRunes())
        {
            BidiClass bidi = UnicodeTables.GetBidiClass(rune.Value);
            bool allowed = rightToLeft
                // 2. What an RTL label may contain.
                ? bidi is BidiClass.R or BidiClass.AL or BidiClass.AN or BidiClass.EN or BidiClass.ES or BidiClass.CS
                    or BidiClass.ET or BidiClass.ON or BidiClass.BN or BidiClass.NSM
                // 5. What an LTR label may contain.
                : bidi is BidiClass.L or BidiClass.EN or BidiClass.ES or BidiClass.CS or BidiClass.ET or BidiClass.ON
                    or BidiClass.BN or BidiClass.NSM;
            if (!allowed)
            {
                return false;
            }

            hasEuropeanNumber |= bidi == BidiClass.EN;
            hasArabicNumber |= bidi == BidiClass.AN;
            if (bidi != BidiClass.NSM)
            {
                lastNonMark = bidi;
            }
        }

        return rightToLeft
            // 3. An RTL label ends in R, AL, EN or AN, then any NSM; 4. it holds EN or AN, not both.
            ? lastNonMark is BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN
                && !(hasEuropeanNumber && hasArabicNumber)
            // 6. An LTR label ends in L or EN, then any NSM.
            : lastNonMark is BidiClass.L or BidiClass.EN;
    }
}

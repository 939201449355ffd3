using System.Text;

namespace Parley.Protocol.Precis;

// The contextual rules of RFC 5892 Appendix A, which RFC 8264 applies to its CONTEXTJ and CONTEXTO code
// points. Callers pass a well-formed string and the UTF-16 index of the code point in question.
internal static class ContextRules
{
    // A.1 ZERO WIDTH NON-JOINER and A.2 ZERO WIDTH JOINER.
    public static bool AllowsJoiner(ReadOnlySpan<char> value, int index, int codePoint)
    {
        if (TryGetBefore(value, index, out int before) && UnicodeTables.IsVirama(before))
        {
            return true;
        }

        if (codePoint != 0x200C)
        {
            return false;
        }

        // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
        JoiningType left = FirstNonTransparent(value[..index], backwards: true);
        if (left is not (JoiningType.LeftJoining or JoiningType.DualJoining))
        {
            return false;
        }

        JoiningType right = FirstNonTransparent(value[(index + 1)..], backwards: false);
        return right is JoiningType.RightJoining or JoiningType.DualJoining;
    }

    public static bool AllowsOther(ReadOnlySpan<char> value, int index, int codePoint)
    {
        switch (codePoint)
        {
            case 0x00B7:
                // A.3 MIDDLE DOT: between two 'l' (the Catalan ela geminada).
                return index > 0 && value[index - 1] == 'l' && index + 1 < value.Length && value[index + 1] == 'l';

            case 0x0375:
                // A.4 GREEK LOWER NUMERAL SIGN (KERAIA): followed by a Greek code point.
                return TryGetAfter(value, index, out int after) && UnicodeTables.IsGreek(after);

            case 0x05F3:
            case 0x05F4:
                // A.5 HEBREW PUNCTUATION GERESH and A.6 GERSHAYIM: preceded by a Hebrew code point.
                return TryGetBefore(value, index, out int before) && UnicodeTables.IsHebrew(before);

            case 0x30FB:
                // A.7 KATAKANA MIDDLE DOT: somewhere in the string a Hiragana, Katakana or Han code point.
                foreach (Rune rune in value.EnumerateRunes())
                {
                    if (UnicodeTables.IsHiraganaKatakanaOrHan(rune.Value))
                    {
                        return true;
                    }
                }

                return false;

            case >= 0x0660 and <= 0x0669:
                // A.8 ARABIC-INDIC DIGITS: not mixed with EXTENDED ARABIC-INDIC DIGITS.
                return !ContainsInRange(value, '\u06F0', '\u06F9');

            case >= 0x06F0 and <= 0x06F9:
                // A.9 EXTENDED ARABIC-INDIC DIGITS: not mixed with ARABIC-INDIC DIGITS.
                return !ContainsInRange(value, '\u0660', '\u0669');

            default:
                return false;
        }
    }

    private static bool ContainsInRange(ReadOnlySpan<char> value, char low, char high) =>
        value.IndexOfAnyInRange(low, high) >= 0;

    private static bool TryGetBefore(ReadOnlySpan<char> value, int index, out int codePoint)
    {
        if (index > 0 && Rune.DecodeLastFromUtf16(value[..index], out Rune rune, out _) == System.Buffers.OperationStatus.Done)
        {
            codePoint = rune.Value;
            return true;
        }

        codePoint = 0;
        return false;
    }

    private static bool TryGetAfter(ReadOnlySpan<char> value, int index, out int codePoint)
    {
        // Every code point with a context rule is in the BMP: the next one starts one char later.
        if (index + 1 < value.Length
            && Rune.DecodeFromUtf16(value[(index + 1)..], out Rune rune, out _) == System.Buffers.OperationStatus.Done)
        {
            codePoint = rune.Value;
            return true;
        }

        codePoint = 0;
        return false;
    }

    private static JoiningType FirstNonTransparent(ReadOnlySpan<char> value, bool backwards)
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
                return JoiningType.NonJoining;
            }

            JoiningType type = UnicodeTables.GetJoiningType(rune.Value);
            if (type != JoiningType.Transparent)
            {
                return type;
            }

            value = backwards ? value[..^consumed] : value[consumed..];
        }

        return JoiningType.NonJoining;
    }
}

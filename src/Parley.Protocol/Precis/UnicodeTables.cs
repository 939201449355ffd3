namespace Parley.Protocol.Precis;

// Look-ups over the generated tables. Inversion lists hold sorted boundaries: a code point is in the set when an odd
// number of boundaries are <= it. Range maps hold starts and the value from each start up to the next.
internal static partial class UnicodeTables
{
    public static BidiClass GetBidiClass(int codePoint) =>
        (BidiClass)BidiClassValues[LastAtOrBelow(BidiClassStarts, codePoint)];

    public static JoiningType GetJoiningType(int codePoint) =>
        (JoiningType)JoiningTypeValues[LastAtOrBelow(JoiningTypeStarts, codePoint)];

    public static bool IsUnassigned(int codePoint) => Contains(Unassigned, codePoint);

    public static bool IsVirama(int codePoint) => Contains(Virama, codePoint);

    public static bool IsDefaultIgnorable(int codePoint) => Contains(DefaultIgnorable, codePoint);

    public static bool IsOldHangulJamo(int codePoint) => Contains(OldHangulJamo, codePoint);

    public static bool IsCased(int codePoint) => Contains(Cased, codePoint);

    public static bool IsCaseIgnorable(int codePoint) => Contains(CaseIgnorable, codePoint);

    public static bool IsGreek(int codePoint) => Contains(ScriptGreek, codePoint);

    public static bool IsHebrew(int codePoint) => Contains(ScriptHebrew, codePoint);

    public static bool IsHiraganaKatakanaOrHan(int codePoint) =>
        Contains(ScriptHiragana, codePoint) || Contains(ScriptKatakana, codePoint) || Contains(ScriptHan, codePoint);

    // Noncharacter_Code_Point is closed by definition (Unicode 23.7): U+FDD0..U+FDEF and the last two of each plane.
    public static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    // Every <wide> and <narrow> decomposition maps one BMP code point to one BMP code point.
    public static bool TryGetWidthMapping(int codePoint, out char mapped)
    {
        if (codePoint == 0x3000 || codePoint is >= 0xFF01 and <= 0xFFEE)
        {
            int index = WidthFrom.BinarySearch(codePoint);
            if (index >= 0)
            {
                mapped = (char)WidthTo[index];
                return true;
            }
        }

        mapped = '\0';
        return false;
    }

    private static bool Contains(ReadOnlySpan<int> inversionList, int codePoint) =>
        (LastAtOrBelow(inversionList, codePoint) & 1) == 0;

    // Index of the last element <= value, or -1 when every element is greater.
    private static int LastAtOrBelow(ReadOnlySpan<int> sorted, int value)
    {
        int index = sorted.BinarySearch(value);
        return index >= 0 ? index : ~index - 1;
    }
}

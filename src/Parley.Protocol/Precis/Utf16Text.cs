namespace Parley.Protocol.Precis;

internal static class Utf16Text
{
    // No lone surrogate: a .NET string may hold one, a Unicode string may not, and normalization throws on it.
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        int index = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (index >= 0 && index < value.Length)
        {
            if (!char.IsHighSurrogate(value[index]) || index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]))
            {
                return false;
            }

            int next = value[(index + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            index = next < 0 ? -1 : index + 2 + next;
        }

        return true;
    }
}

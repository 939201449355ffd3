namespace Parley.Protocol.Precis;

// The width-mapping rule of the UsernameCaseMapped profile (RFC 8265 §3.3, RFC 8264 §5.2.1): fullwidth and halfwidth
// code points map to their <wide> / <narrow> decomposition mappings. Every such mapping is one BMP char to one BMP char.
internal static class WidthMapping
{
    public static bool NeedsMapping(ReadOnlySpan<char> value) =>
        value.Contains('\u3000') || value.IndexOfAnyInRange('\uFF01', '\uFFEE') >= 0;

    public static string Apply(ReadOnlySpan<char> value)
    {
        if (!NeedsMapping(value))
        {
            return value.ToString();
        }

        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        for (int i = 0; i < value.Length; i++)
        {
            buffer[i] = UnicodeTables.TryGetWidthMapping(value[i], out char mapped) ? mapped : value[i];
        }

        return new string(buffer);
    }
}

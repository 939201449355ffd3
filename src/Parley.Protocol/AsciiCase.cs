using System.Text;

namespace Parley.Protocol;

internal static class AsciiCase
{
    // For input already known to be ASCII.
    public static string ToLower(ReadOnlySpan<char> input)
    {
        Span<char> buffer = input.Length <= 256 ? stackalloc char[input.Length] : new char[input.Length];
        Ascii.ToLower(input, buffer, out int written);
        return new string(buffer[..written]);
    }
}

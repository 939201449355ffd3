using System.Buffers;
using Parley.Protocol.Precis;

namespace Parley.Protocol;

// RFC 7622 §3.3: a localpart is an instance of the UsernameCaseMapped profile of the PRECIS IdentifierClass (RFC 8265)
// that does not contain any of " & ' / : < > @ (§3.3.1).
internal static class Localpart
{
    private const string Prohibited = "\"&'/:<>@";

    private static readonly SearchValues<char> s_prohibited = SearchValues.Create(Prohibited);

    // Printable ASCII (U+0021..U+007E, all PVALID in the IdentifierClass) less upper case and the prohibited eight:
    // a string made only of these is its own enforced form.
    private static readonly SearchValues<char> s_normalizedAscii = SearchValues.Create(
        "!#$%()*+,-.0123456789;=?[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static JidPartStatus Enforce(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        if (input.IsEmpty || input.Length > JidLimits.MaxRawPartChars)
        {
            return JidPartStatus.Invalid;
        }

        if (!input.ContainsAnyExcept(s_normalizedAscii))
        {
            return input.Length <= JidLimits.MaxPartBytes ? JidPartStatus.Unchanged : JidPartStatus.Invalid;
        }

        // Printable ASCII with upper case: lowercasing is all the profile does to it.
        if (!input.ContainsAnyExceptInRange('\u0021', '\u007E'))
        {
            if (input.ContainsAny(s_prohibited) || input.Length > JidLimits.MaxPartBytes)
            {
                return JidPartStatus.Invalid;
            }

            normalized = AsciiCase.ToLower(input);
            return JidPartStatus.Changed;
        }

        return EnforceSlow(input, out normalized);
    }

    // The full PRECIS pipeline; internal so tests can check the ASCII shortcuts against it.
    internal static JidPartStatus EnforceSlow(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        string? value = UsernameCaseMapped.Enforce(input);
        if (value is null || value.AsSpan().ContainsAny(s_prohibited) || !JidLimits.FitsInPart(value))
        {
            return JidPartStatus.Invalid;
        }

        if (value.AsSpan().SequenceEqual(input))
        {
            return JidPartStatus.Unchanged;
        }

        normalized = value;
        return JidPartStatus.Changed;
    }
}

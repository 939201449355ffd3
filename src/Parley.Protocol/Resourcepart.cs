using Parley.Protocol.Precis;

namespace Parley.Protocol;

// RFC 7622 §3.4: a resourcepart is an instance of the OpaqueString profile of the PRECIS FreeformClass (RFC 8265).
// It keeps its case and may contain '@' and '/'.
internal static class Resourcepart
{
    public static JidPartStatus Enforce(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        if (input.IsEmpty || input.Length > JidLimits.MaxRawPartChars)
        {
            return JidPartStatus.Invalid;
        }

        // U+0020..U+007E are all valid in the FreeformClass and no rule of the profile maps them.
        if (!input.ContainsAnyExceptInRange('\u0020', '\u007E'))
        {
            return input.Length <= JidLimits.MaxPartBytes ? JidPartStatus.Unchanged : JidPartStatus.Invalid;
        }

        return EnforceSlow(input, out normalized);
    }

    internal static JidPartStatus EnforceSlow(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        string? value = OpaqueString.Enforce(input);
        if (value is null || !JidLimits.FitsInPart(value))
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

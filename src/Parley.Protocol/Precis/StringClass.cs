using System.Text;

namespace Parley.Protocol.Precis;

// The two PRECIS string classes (RFC 8264 §4.2 and §4.3) and the check that every code point of a string is valid in
// one of them, contextual rules included.
internal enum StringClass
{
    Identifier,
    Freeform,
}

internal static class StringClassRules
{
    // False also for ill-formed UTF-16 (a lone surrogate).
    public static bool IsValid(ReadOnlySpan<char> value, StringClass stringClass)
    {
        int index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value[index..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            bool valid = DerivedProperties.Get(rune.Value) switch
            {
                DerivedProperty.Pvalid => true,
                DerivedProperty.SpecificClass => stringClass == StringClass.Freeform,
                DerivedProperty.ContextJ => ContextRules.AllowsJoiner(value, index, rune.Value),
                DerivedProperty.ContextO => ContextRules.AllowsOther(value, index, rune.Value),
                _ => false,
            };
            if (!valid)
            {
                return false;
            }

            index += consumed;
        }

        return true;
    }
}

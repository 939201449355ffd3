using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Parley.Protocol.Precis;

// The UsernameCaseMapped profile of the PRECIS IdentifierClass, RFC 8265 §3.3: JID localparts (RFC 7622 §3.3) and
// SASL simple user names.
public static class UsernameCaseMapped
{
    public static bool TryEnforce(string? input, [NotNullWhen(true)] out string? output)
    {
        output = input is null ? null : Enforce(input);
        return output is not null;
    }

    // Null when the input is not a valid username.
    internal static string? Enforce(ReadOnlySpan<char> input)
    {
        // Preparation: width mapping, then every code point must be valid in the IdentifierClass. Checking
        // before NFC also guarantees well-formed UTF-16 for the normalizer.
        string value = WidthMapping.Apply(input);
        if (!StringClassRules.IsValid(value, StringClass.Identifier))
        {
            return null;
        }

        // Enforcement: case mapping, NFC, then the directionality rule. RFC 8264 §7 checks the string class
        // last as well, since mapping and normalization may change code points.
        value = CaseMapping.ToLower(value);
        if (!value.IsNormalized(NormalizationForm.FormC))
        {
            value = value.Normalize(NormalizationForm.FormC);
        }

        if (value.Length == 0
            || !StringClassRules.IsValid(value, StringClass.Identifier)
            || !BidiRule.IsSatisfiedIfRightToLeft(value))
        {
            return null;
        }

        return value;
    }
}

using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Protocol.Precis;

namespace Parley.Protocol;

// RFC 7622 §3.2: a domainpart is an IP literal (IPv4, or IPv6 in brackets as in RFC 3986) or an internationalized
// domain name, stored as U-labels in lower case, without a trailing dot.
internal static class Domainpart
{
    // The length of a DNS name in text form (RFC 1035 §2.3.4); ICU enforces it on the A-label form.
    private const int MaxDnsNameChars = 253;
    private const int MaxDnsLabelChars = 63;

    private static readonly IdnMapping s_idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    private static readonly SearchValues<char> s_letterDigitHyphenDot =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> s_otherLabelSeparators = SearchValues.Create("\u3002\uFF0E\uFF61");

    private static readonly SearchValues<char> s_ipv6Literal = SearchValues.Create(".0123456789:ABCDEFabcdef");

    public static JidPartStatus Enforce(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        if (input.IsEmpty || input.Length > JidLimits.MaxRawPartChars)
        {
            return JidPartStatus.Invalid;
        }

        if (input[0] == '[')
        {
            return EnforceIPv6Literal(input, out normalized);
        }

        if (IsPlainHostName(input, out bool hasUpperCase))
        {
            if (!hasUpperCase)
            {
                return JidPartStatus.Unchanged;
            }

            normalized = AsciiCase.ToLower(input);
            return JidPartStatus.Changed;
        }

        return EnforceSlow(input, out normalized);
    }

    // ASCII letters, digits and hyphens in dot-separated labels of 1 to 63 chars, no hyphen at either end of a label
    // nor in its third and fourth places (those are A-labels, or invalid), 253 chars at most: UTS #46 leaves such a
    // name as it is, but for case. IPv4 literals are among them.
    internal static bool IsPlainHostName(ReadOnlySpan<char> input, out bool hasUpperCase)
    {
        hasUpperCase = false;
        if (input.Length > MaxDnsNameChars || input.ContainsAnyExcept(s_letterDigitHyphenDot))
        {
            return false;
        }

        foreach (Range range in input.Split('.'))
        {
            ReadOnlySpan<char> label = input[range];
            if (label.IsEmpty || label.Length > MaxDnsLabelChars || label[0] == '-' || label[^1] == '-'
                || (label.Length >= 4 && label[2] == '-' && label[3] == '-'))
            {
                return false;
            }
        }

        hasUpperCase = input.ContainsAnyInRange('A', 'Z');
        return true;
    }

    // RFC 7622 §3.2.2: the width-mapping, case-mapping and normalization rules of IDNA2008 mapping (RFC 5895), then
    // the IDNA2008 conversion of A-labels to U-labels and its validity rules. UTS #46 maps more than RFC 5895 does (a
    // circled letter to the letter, a soft hyphen to nothing): a label that UTS #46 would change is refused, not
    // mapped, since the code points it holds are not valid in IDNA2008.
    internal static JidPartStatus EnforceSlow(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        if (!Utf16Text.IsWellFormed(input))
        {
            return JidPartStatus.Invalid;
        }

        // The other label separators of IDNA become full stops first, so that a trailing one is stripped too.
        Span<char> separated = input.Length <= 256 ? stackalloc char[input.Length] : new char[input.Length];
        input.CopyTo(separated);
        separated.ReplaceAny(s_otherLabelSeparators, '.');

        // §3.2: one trailing dot is stripped before any other canonicalization.
        ReadOnlySpan<char> name = separated;
        if (name[^1] == '.')
        {
            name = name[..^1];
        }

        if (name.IsEmpty || name[^1] == '.')
        {
            return JidPartStatus.Invalid;
        }

        string mapped = CaseMapping.ToLower(WidthMapping.Apply(name));
        if (!mapped.IsNormalized(NormalizationForm.FormC))
        {
            mapped = mapped.Normalize(NormalizationForm.FormC);
        }

        string unicode;
        try
        {
            unicode = s_idn.GetUnicode(s_idn.GetAscii(mapped));
        }
        catch (ArgumentException)
        {
            return JidPartStatus.Invalid;
        }

        if (!OnlyALabelsChanged(mapped, unicode) || !Idna2008.IsValidDomainName(unicode) || !JidLimits.FitsInPart(unicode))
        {
            return JidPartStatus.Invalid;
        }

        if (unicode.AsSpan().SequenceEqual(input))
        {
            return JidPartStatus.Unchanged;
        }

        normalized = unicode;
        return JidPartStatus.Changed;
    }

    private static bool OnlyALabelsChanged(string before, string after)
    {
        MemoryExtensions.SpanSplitEnumerator<char> afterLabels = after.AsSpan().Split('.');
        foreach (Range range in before.AsSpan().Split('.'))
        {
            if (!afterLabels.MoveNext())
            {
                return false;
            }

            ReadOnlySpan<char> label = before.AsSpan(range);
            if (!label.StartsWith("xn--", StringComparison.Ordinal) && !label.SequenceEqual(after.AsSpan(afterLabels.Current)))
            {
                return false;
            }
        }

        return !afterLabels.MoveNext();
    }

    // RFC 3986 IP-literal without IPvFuture and without zone identifiers, kept in the RFC 5952 text form so that one
    // address has one domainpart.
    private static JidPartStatus EnforceIPv6Literal(ReadOnlySpan<char> input, out string? normalized)
    {
        normalized = null;
        if (input.Length < 4 || input[^1] != ']')
        {
            return JidPartStatus.Invalid;
        }

        ReadOnlySpan<char> address = input[1..^1];
        if (address.ContainsAnyExcept(s_ipv6Literal)
            || !address.Contains(':')
            || !IPAddress.TryParse(address, out IPAddress? parsed)
            || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return JidPartStatus.Invalid;
        }

        string canonical = "[" + parsed + "]";
        if (canonical.AsSpan().SequenceEqual(input))
        {
            return JidPartStatus.Unchanged;
        }

        normalized = canonical;
        return JidPartStatus.Changed;
    }
}

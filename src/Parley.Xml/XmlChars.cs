namespace Parley.Xml;

/// <summary>Character classes of XML 1.0 §2.2 and §2.3, and QNames of Namespaces in XML 1.0 §4.</summary>
internal static class XmlChars
{
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    /// <summary>
    /// True when every char is an XML 1.0 §2.2 [2] Char: no C0 control other than tab, LF and CR, and no
    /// U+FFFE/U+FFFF. Surrogates never appear unpaired in text decoded from strict UTF-8, so this is all that
    /// decoded input must be checked for.
    /// </summary>
    public static bool AllLegal(ReadOnlySpan<char> chars)
    {
        // One vectorized pass finds anything outside U+0020..U+FFFD; only tab, LF and CR there are legal.
        var i = chars.IndexOfAnyExceptInRange(' ', '\uFFFD');
        while (i >= 0)
        {
            if (chars[i] is not ('\t' or '\n' or '\r'))
                return false;
            chars = chars[(i + 1)..];
            i = chars.IndexOfAnyExceptInRange(' ', '\uFFFD');
        }
        return true;
    }

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>§2.2 [2] Char, for code points produced by character references.</summary>
    public static bool IsChar(int cp) =>
        cp is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    /// <summary>First character of an NCName (see <see cref="XmlNameCharacters"/> for which edition and why).</summary>
    public static bool IsNameStartChar(int cp) => XmlNameCharacters.IsStart(cp);

    /// <summary>Later character of an NCName.</summary>
    public static bool IsNameChar(int cp) => XmlNameCharacters.IsName(cp);

    /// <summary>
    /// Scans a QName (Namespaces in XML 1.0 §4 [7]) starting at <paramref name="i"/>, leaving <paramref name="i"/>
    /// after it. False when no QName starts there, or the name has an empty or second prefix (a Name but not
    /// a QName, which namespace well-formedness forbids).
    /// </summary>
    public static bool ScanQName(ReadOnlySpan<char> c, ref int i, out int colon)
    {
        colon = -1;
        var atStart = true;
        while (i < c.Length)
        {
            int cp = c[i];
            var width = 1;
            if (char.IsHighSurrogate(c[i]) && i + 1 < c.Length && char.IsLowSurrogate(c[i + 1]))
            {
                cp = char.ConvertToUtf32(c[i], c[i + 1]);
                width = 2;
            }
            if (cp == ':')
            {
                if (atStart || colon >= 0)
                    return false;
                colon = i;
                atStart = true; // the local part is an NCName: it starts with a NameStartChar
                i++;
                continue;
            }
            if (atStart ? !IsNameStartChar(cp) : !IsNameChar(cp))
                break;
            atStart = false;
            i += width;
        }
        return !atStart;
    }

    /// <summary>True when the whole span is an NCName (used for entity names, which are Names).</summary>
    public static bool IsName(ReadOnlySpan<char> c)
    {
        var i = 0;
        return ScanQName(c, ref i, out _) && i == c.Length;
    }
}

using System.Buffers;

namespace Parley.Xml;

/// <summary>Character classes of XML 1.0 §2.2 and §2.3, and QNames of Namespaces in XML 1.0 §4.</summary>
internal static class XmlChars
{
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    // §2.2 [2] Char excludes C0 controls other than tab, LF, CR, and U+FFFE/U+FFFF. Surrogates never appear
    // unpaired in text decoded from strict UTF-8, so this set is all that decoded input must be checked against.
    public static readonly SearchValues<char> Illegal = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\uFFFE\uFFFF");

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

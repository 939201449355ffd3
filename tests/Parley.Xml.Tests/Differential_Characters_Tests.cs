using System.Text;
using System.Xml;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

/// <summary>
/// Exhaustive differential over code points: every character as a name start, a name character, raw text, a raw
/// attribute value and a character reference, through our parser and System.Xml.XmlReader.
/// </summary>
public class Differential_Characters_Tests
{
    private const string Header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private static readonly XmlReaderSettings s_settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private static bool OursAccepts(string stanza)
    {
        var events = StreamFeed.Run(Encoding.UTF8.GetBytes(Header + stanza + "</stream:stream>"), []);
        return events[^1] == "close";
    }

    private static bool TheirsAccept(string stanza)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(Header + stanza + "</stream:stream>"), s_settings);
            while (reader.Read())
            {
            }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static IEnumerable<int> Scalars(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Where(c => c is < 0xD800 or > 0xDFFF);

    private static void AssertAgree(Func<string, string> stanzaFor, IEnumerable<int> codePoints)
    {
        var disagreements = new List<string>();
        foreach (var cp in codePoints)
        {
            var stanza = stanzaFor(char.ConvertFromUtf32(cp));
            var ours = OursAccepts(stanza);
            if (ours != TheirsAccept(stanza))
                disagreements.Add($"U+{cp:X4} {(ours ? "we accept" : "we reject")}");
        }
        Assert.True(disagreements.Count == 0, string.Join(", ", disagreements.Take(50)) + $" ({disagreements.Count} in all)");
    }

    [Fact]
    public void Name_start_characters_agree() => AssertAgree(c => $"<{c}m/>", Scalars(0x20, 0xFFFF));

    [Fact]
    public void Name_characters_agree() => AssertAgree(c => $"<m{c}/>", Scalars(0x20, 0xFFFF));

    [Fact]
    public void Astral_name_characters_agree() =>
        AssertAgree(c => $"<m{c}/>", [0x10000, 0x1F600, 0xEFFFF, 0xF0000, 0x10FFFF]);

    [Fact]
    public void Text_characters_agree() => AssertAgree(c => $"<m>{c}</m>", Scalars(0, 0xFFFF).Append(0x10000).Append(0x10FFFF));

    [Fact]
    public void Attribute_characters_agree() => AssertAgree(c => $"<m a='{c}'/>", Scalars(0, 0xFFFF).Append(0x10FFFF));

    [Fact]
    public void Character_references_agree() =>
        AssertAgree(c => $"<m>&#x{char.ConvertToUtf32(c, 0):X};</m>", Scalars(0, 0xFFFF).Append(0x10000).Append(0x10FFFF));
}

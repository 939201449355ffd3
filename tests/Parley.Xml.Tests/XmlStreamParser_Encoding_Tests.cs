using System.Text;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlStreamParser_Encoding_Tests
{
    public static TheoryData<string> InvalidUtf8 => new()
    {
        "C0 AF", // overlong '/'
        "C1 BF", // overlong
        "E0 80 AF", // overlong, three bytes
        "F0 80 80 AF", // overlong, four bytes
        "ED A0 80", // UTF-16 surrogate D800
        "ED BF BF", // surrogate DFFF
        "F4 90 80 80", // past U+10FFFF
        "F5 80 80 80",
        "FF",
        "80", // lone continuation byte
        "E2 82", // truncated before the next character
        "F0 9F 98", // truncated four-byte sequence
        "C3 28", // bad continuation
    };

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Concat(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_utf8_is_not_well_formed_wherever_it_appears(string hex)
    {
        var bad = Hex(hex);
        Feed.StanzaFails(Concat("<b>", bad, "</b>"), XmlErrorKind.NotWellFormed);
        Feed.StanzaFails(Concat("<b a='", bad, "'/>"), XmlErrorKind.NotWellFormed);
        Feed.StanzaFails(Concat("<b", bad, "/>"), XmlErrorKind.NotWellFormed);
        Feed.StanzaFails(Concat("<b><![CDATA[", bad, "]]></b>"), XmlErrorKind.NotWellFormed);
        Feed.Fails(Concat("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='", bad, "'>"), XmlErrorKind.NotWellFormed);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    [InlineData("08")]
    [InlineData("0B")]
    [InlineData("0C")]
    [InlineData("1F")]
    [InlineData("EF BF BE")] // U+FFFE
    [InlineData("EF BF BF")] // U+FFFF
    public void Characters_outside_xml_char_are_not_well_formed(string hex)
    {
        var bad = Hex(hex);
        Feed.StanzaFails(Concat("<b>", bad, "</b>"), XmlErrorKind.NotWellFormed);
        Feed.StanzaFails(Concat("<b a='", bad, "'/>"), XmlErrorKind.NotWellFormed);
        Feed.StanzaFails(Concat("<b><![CDATA[", bad, "]]></b>"), XmlErrorKind.NotWellFormed);
    }

    [Fact]
    public void Multibyte_characters_of_every_length_are_accepted_everywhere() =>
        Assert.Equal("{jabber:client}é名 ü=\"\\u007F\\u0085\uE000\uFFFD\U0001F600\U0010FFFD\"[\"é名\U0001F600\u2028\"]",
            Feed.Stanza("<é名 ü='\u007F\u0085\uE000\uFFFD\U0001F600\U0010FFFD'>é名\U0001F600\u2028</é名>"));

    [Theory]
    [InlineData("<a1-._\u00B7\u0300/>")]
    [InlineData("<_/>")]
    [InlineData("<\u00C0\u00F8\u0386\u3007\u4E00\uAC00\u0E01\u0E46/>")]
    [InlineData("<\u0E01\u0E50\u0F20\u3005\u309A/>")]
    public void Names_use_the_characters_every_xml_parser_accepts(string stanza) =>
        Assert.StartsWith("{jabber:client}", Feed.Stanza(stanza), StringComparison.Ordinal);

    [Theory]
    [InlineData("<1a/>")]
    [InlineData("<-a/>")]
    [InlineData("<.a/>")]
    [InlineData("<\u00B7a/>")]
    [InlineData("<\u0300a/>")]
    [InlineData("<a\u00D7/>")] // multiplication sign
    [InlineData("<a\u00F7/>")] // division sign
    [InlineData("<\U000F0000/>")]
    [InlineData("<\U00010000/>")] // Fifth Edition only
    [InlineData("<a\U00010000/>")]
    [InlineData("<\u0132/>")] // Fifth Edition only: ligature IJ
    [InlineData("<a\u203F/>")] // Fifth Edition only: undertie
    [InlineData("<\u2C00/>")] // Fifth Edition only: Glagolitic
    [InlineData("<\uF900/>")] // compatibility ideograph
    [InlineData("<a\u037E/>")] // Greek question mark
    [InlineData("<a\u2000/>")]
    [InlineData("<x a\u00D7='1'/>")]
    public void Characters_outside_the_name_rules_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);
}

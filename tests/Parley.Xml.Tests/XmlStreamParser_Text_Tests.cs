using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlStreamParser_Text_Tests
{
    [Fact]
    public void Predefined_entities_are_unescaped_in_text_and_attributes() =>
        Assert.Equal("{jabber:client}body a=\"<>&'\\\"\"[\"<>&'\\\"\"]",
            Feed.Stanza("<body a='&lt;&gt;&amp;&apos;&quot;'>&lt;&gt;&amp;&apos;&quot;</body>"));

    [Fact]
    public void Character_references_are_unescaped_including_astral_ones() =>
        Assert.Equal("{jabber:client}b a=\"A\U0001F600\"[\"AA\u00E9\U0001F600\U0010FFFD\"]",
            Feed.Stanza("<b a='&#65;&#x1F600;'>&#65;&#x41;&#xe9;&#128512;&#x10FFFD;</b>"));

    [Fact]
    public void Character_references_may_have_leading_zeros() =>
        Assert.Equal("{jabber:client}b[\"AA\"]", Feed.Stanza("<b>&#0000000000065;&#x00000000041;</b>"));

    [Theory]
    [InlineData("&#0;")]
    [InlineData("&#x1;")]
    [InlineData("&#x1F;")]
    [InlineData("&#xFFFE;")]
    [InlineData("&#xFFFF;")]
    [InlineData("&#xD800;")]
    [InlineData("&#xDFFF;")]
    [InlineData("&#x110000;")]
    [InlineData("&#99999999999999999999;")]
    [InlineData("&#;")]
    [InlineData("&#x;")]
    [InlineData("&#12a;")]
    [InlineData("&#X41;")]
    [InlineData("&#x-1;")]
    [InlineData("&# 65;")]
    public void Invalid_character_references_are_not_well_formed(string reference)
    {
        Feed.StanzaFails($"<b>{reference}</b>", XmlErrorKind.NotWellFormed);
        Feed.StanzaFails($"<b a='{reference}'/>", XmlErrorKind.NotWellFormed);
    }

    [Theory]
    [InlineData("&nbsp;")]
    [InlineData("&foo;")]
    [InlineData("&LT;")]
    public void Other_entity_references_are_restricted(string reference)
    {
        Feed.StanzaFails($"<b>{reference}</b>", XmlErrorKind.RestrictedXml);
        Feed.StanzaFails($"<b a='{reference}'/>", XmlErrorKind.RestrictedXml);
    }

    [Theory]
    [InlineData("a & b")]
    [InlineData("&;")]
    [InlineData("&amp")]
    [InlineData("&lt b;")]
    [InlineData("&1x;")]
    public void Malformed_references_are_not_well_formed(string text) =>
        Feed.StanzaFails($"<b>{text}</b>", XmlErrorKind.NotWellFormed);

    [Fact]
    public void Line_ends_in_text_become_line_feeds() =>
        Assert.Equal("{jabber:client}b[\"a\\u000Ab\\u000Ac\\u000A\\u000Ad\\u000D\"]", Feed.Stanza("<b>a\r\nb\rc\n\r\nd&#13;</b>"));

    [Fact]
    public void Attribute_whitespace_is_normalized_but_references_are_kept() =>
        Assert.Equal("{jabber:client}b a=\"1 2 3 4  5\\u0009\\u000A\\u000D\"[]", Feed.Stanza("<b a='1\t2\n3\r\n4\r\r5&#9;&#10;&#13;'/>"));

    [Fact]
    public void Whitespace_inside_stanzas_is_kept() =>
        Assert.Equal("{jabber:client}m[\" \" {jabber:client}b[\"  \"]\"\\u000A\"]".Replace("\" {", "\"{", StringComparison.Ordinal),
            Feed.Stanza("<m> <b>  </b>\n</m>"));

    [Fact]
    public void Close_bracket_sequence_is_not_allowed_in_text() =>
        Feed.StanzaFails("<b>a]]>b</b>", XmlErrorKind.NotWellFormed);

    [Fact]
    public void Brackets_and_greater_than_alone_are_fine_in_text() =>
        Assert.Equal("{jabber:client}b[\"]] ]>] > ]\"]", Feed.Stanza("<b>]] ]>] > ]</b>"));

    [Fact]
    public void Cdata_sections_are_text_merged_with_their_neighbours() =>
        Assert.Equal("{jabber:client}b[\"a<x>&amp;]]b\\u000Ac\"{jabber:client}i[]\"\"]".Replace("\"\"]", "]", StringComparison.Ordinal),
            Feed.Stanza("<b>a<![CDATA[<x>&amp;]]]]><![CDATA[b\r\n]]>c<i/><![CDATA[]]></b>"));

    [Theory]
    [InlineData("<b><![CDAT[x]]></b>")]
    [InlineData("<b><![cdata[x]]></b>")]
    public void Malformed_cdata_is_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Both_quote_styles_are_accepted_and_may_hold_the_other_quote() =>
        Assert.Equal("{jabber:client}b a=\"it's\" b=\"say \\\"hi\\\"\" c=\"a>b\"[]",
            Feed.Stanza("<b a=\"it's\" b='say \"hi\"' c='a>b'/>"));

    [Theory]
    [InlineData("<b a='<'/>")]
    [InlineData("<b a=1/>")]
    [InlineData("<b a/>")]
    [InlineData("<b a=/>")]
    [InlineData("<b a='1'c='2'/>")]
    [InlineData("<b / >")]
    [InlineData("<b/ >")]
    [InlineData("< b/>")]
    [InlineData("<b =''/>")]
    public void Malformed_attributes_and_tags_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Whitespace_is_allowed_around_equals_and_before_the_tag_end() =>
        Assert.Equal("{jabber:client}b a=\"1\"[]", Feed.Stanza("<b \r\n a \t= '1' \n></b\n >"));

    [Theory]
    [InlineData("<a></b>")]
    [InlineData("<a><b></a></b>")]
    [InlineData("<a></a b>")]
    [InlineData("<a></>")]
    public void Mismatched_end_tags_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Nested_elements_and_text_keep_document_order() =>
        Assert.Equal("{jabber:client}m[\"a\"{jabber:client}b[\"c\"]\"d\"{jabber:client}e[]\"f\"]",
            Feed.Stanza("<m>a<b>c</b>d<e/>f</m>"));
}

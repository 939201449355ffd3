using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

/// <summary>RFC 6120 §11.1: the XML features an XMPP stream may not use.</summary>
public class XmlStreamParser_Restricted_Tests
{
    [Theory]
    [InlineData("<!-- hi -->")]
    [InlineData("<?pi data?>")]
    [InlineData("<?xml-stylesheet href='x'?>")]
    [InlineData("<?xml version='1.0'?>")]
    [InlineData("<!DOCTYPE x>")]
    [InlineData("<!ENTITY x 'y'>")]
    [InlineData("<!ELEMENT x ANY>")]
    [InlineData("<!-")]
    public void Comments_processing_instructions_and_declarations_are_restricted_between_stanzas(string markup) =>
        Feed.Fails(Streams.Header + markup, XmlErrorKind.RestrictedXml);

    [Theory]
    [InlineData("<!-- hi -->")]
    [InlineData("<?pi?>")]
    [InlineData("<!DOCTYPE x>")]
    public void Comments_processing_instructions_and_declarations_are_restricted_inside_stanzas(string markup) =>
        Feed.StanzaFails($"<message><body>x{markup}</body></message>", XmlErrorKind.RestrictedXml);

    [Theory]
    [InlineData("<!DOCTYPE stream:stream [<!ENTITY lol 'lol'>]>")]
    [InlineData("<!-- before -->")]
    [InlineData("<?pi?>")]
    public void Restricted_markup_before_the_header_is_refused(string markup)
    {
        Feed.Fails(markup + Streams.Header, XmlErrorKind.RestrictedXml);
        Feed.Fails("<?xml version='1.0'?>" + markup + Streams.Header, XmlErrorKind.RestrictedXml);
    }

    [Fact]
    public void Billion_laughs_fails_before_any_expansion() =>
        Feed.Fails("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>" +
            Streams.Header + "<message><body>&lol2;</body></message>", XmlErrorKind.RestrictedXml);

    [Fact]
    public void External_entity_reference_is_restricted() =>
        Feed.StanzaFails("<message><body>&xxe;</body></message>", XmlErrorKind.RestrictedXml);
}

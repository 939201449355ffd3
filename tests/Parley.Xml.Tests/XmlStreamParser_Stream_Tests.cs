using System.Buffers;
using System.Text;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlStreamParser_Stream_Tests
{
    private const string Open = "open {http://etherx.jabber.org/streams}stream to=\"example.org\" version=\"1.0\"[] default=jabber:client";

    [Fact]
    public void Header_reports_its_attributes_and_default_namespace()
    {
        var events = Feed.Events("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
            "to='example.org' version='1.0' xml:lang='en'>");
        Assert.Equal(["open {http://etherx.jabber.org/streams}stream to=\"example.org\" version=\"1.0\" " +
            "{http://www.w3.org/XML/1998/namespace}lang=\"en\"[] default=jabber:client"], events);
    }

    [Theory]
    [InlineData("<?xml version='1.0'?>")]
    [InlineData("<?xml version=\"1.0\"?>")]
    [InlineData("<?xml version='1.0' encoding='UTF-8'?>")]
    [InlineData("<?xml version='1.0' encoding='utf-8' standalone='yes'?>")]
    [InlineData("<?xml version = '1.0'  encoding = \"UTF-8\" standalone='no' ?>\n")]
    [InlineData("\uFEFF<?xml version='1.0'?>")]
    [InlineData("\uFEFF")]
    [InlineData("")]
    [InlineData("\r\n ")]
    public void Xml_declaration_and_byte_order_mark_are_optional(string prolog)
    {
        Assert.Equal([Open], Feed.Events(prolog + Streams.Header));
    }

    [Theory]
    [InlineData("<?xml version='1.0' encoding='ISO-8859-1'?>")]
    [InlineData("<?xml version='1.0' encoding='UTF-16'?>")]
    [InlineData("<?xml version='1.0' encoding='utf8'?>")]
    public void Encodings_other_than_utf8_are_unsupported(string prolog) =>
        Feed.Fails(prolog + Streams.Header, XmlErrorKind.UnsupportedEncoding);

    [Fact]
    public void Utf16_byte_order_marks_are_unsupported()
    {
        Feed.Fails([0xFF, 0xFE, (byte)'<', 0], XmlErrorKind.UnsupportedEncoding);
        Feed.Fails([0xFE, 0xFF, 0, (byte)'<'], XmlErrorKind.UnsupportedEncoding);
    }

    [Theory]
    [InlineData("<?xml version='1.1'?>")]
    [InlineData("<?xml version='2.0'?>")]
    [InlineData("<?xml encoding='UTF-8'?>")]
    [InlineData("<?xml version='1.0'encoding='UTF-8'?>")]
    [InlineData("<?xml version='1.0' standalone='maybe'?>")]
    [InlineData("<?xml version='1.0' encoding='8bit'?>")]
    [InlineData("<?xml version='1.0' junk='1'?>")]
    [InlineData("<?xml version='1.0\"?>")]
    [InlineData("<?xml ?>")]
    [InlineData("\uFEFF\uFEFF")]
    public void Malformed_declarations_are_not_well_formed(string prolog) =>
        Feed.Fails(prolog + Streams.Header, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Declaration_after_whitespace_is_a_processing_instruction() =>
        Feed.Fails(" <?xml version='1.0'?>" + Streams.Header, XmlErrorKind.RestrictedXml);

    [Theory]
    [InlineData("<stream xmlns='http://etherx.jabber.org/streams'>")]
    [InlineData("<s:stream xmlns:s='http://etherx.jabber.org/streams'>")]
    public void Stream_element_may_use_any_prefix(string header) =>
        Assert.StartsWith("open {http://etherx.jabber.org/streams}stream[]", Feed.Events(header).Single(), StringComparison.Ordinal);

    [Theory]
    [InlineData("<stream:foo xmlns:stream='http://etherx.jabber.org/streams'>")]
    [InlineData("<message xmlns='jabber:client'/>")]
    public void Root_other_than_stream_stream_is_bad_format(string header) =>
        Feed.Fails(header, XmlErrorKind.BadFormat);

    // RFC 6120 §4.9.3.10: the stream element in the wrong namespace is invalid-namespace.
    [Theory]
    [InlineData("<stream:stream xmlns:stream='urn:other'>")]
    [InlineData("<stream xmlns='jabber:client'>")]
    public void Stream_element_in_another_namespace_is_invalid_namespace(string header) =>
        Feed.Fails(header, XmlErrorKind.InvalidNamespace);

    [Fact]
    public void Root_with_undeclared_prefix_is_not_well_formed() =>
        Feed.Fails("<stream:stream xmlns='jabber:client'>", XmlErrorKind.NotWellFormed);

    [Fact]
    public void Stanzas_inherit_the_header_namespaces()
    {
        var events = Feed.Events(Streams.Header + "<message/><stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
        Assert.Equal(
        [
            Open, "element {jabber:client}message[]",
            "element {http://etherx.jabber.org/streams}features[{urn:ietf:params:xml:ns:xmpp-bind}bind[]]",
        ], events);
    }

    [Fact]
    public void Server_streams_report_their_namespace()
    {
        var events = Feed.Events("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' " +
            "xmlns:db='jabber:server:dialback'><db:result from='a' to='b'>key</db:result>");
        Assert.Equal("element {jabber:server:dialback}result from=\"a\" to=\"b\"[\"key\"]", events[1]);
        Assert.EndsWith("default=jabber:server", events[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_keepalives_between_stanzas_are_ignored()
    {
        var events = Feed.Events(Streams.Header + " \n\t\r\n <presence/>  \n <presence/>\n </stream:stream> \n");
        Assert.Equal([Open, "element {jabber:client}presence[]", "element {jabber:client}presence[]", "close"], events);
    }

    [Theory]
    [InlineData("hello<presence/>")]
    [InlineData(" x ")]
    [InlineData("&amp;")]
    [InlineData("&#32;")]
    [InlineData("<![CDATA[ ]]>")]
    public void Character_data_between_stanzas_is_bad_format(string between) =>
        Feed.Fails(Streams.Header + between, XmlErrorKind.BadFormat);

    [Fact]
    public void Character_data_before_the_header_is_not_well_formed() =>
        Feed.Fails("hello" + Streams.Header, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Closing_the_stream_reports_it_and_nothing_may_follow()
    {
        Assert.Equal([Open, "close"], Feed.Events(Streams.Header + "</stream:stream>"));
        Assert.Equal([Open, "close", "error NotWellFormed"], Feed.Events(Streams.Header + "</stream:stream><presence/>"));
        Assert.Equal([Open, "close", "error NotWellFormed"], Feed.Events(Streams.Header + "</stream:stream>junk"));
    }

    [Fact]
    public void Empty_stream_element_opens_and_closes()
    {
        var events = Feed.Events("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>");
        Assert.Equal(["open {http://etherx.jabber.org/streams}stream[] default=", "close"], events);
    }

    [Theory]
    [InlineData("</stream>")]
    [InlineData("</stream:foo>")]
    [InlineData("</s:stream>")]
    [InlineData("</presence>")]
    public void Mismatched_stream_close_is_not_well_formed(string close) =>
        Feed.Fails(Streams.Header + close, XmlErrorKind.NotWellFormed);

    [Fact]
    public void End_tag_before_the_header_is_not_well_formed() =>
        Feed.Fails("</stream:stream>", XmlErrorKind.NotWellFormed);

    [Fact]
    public void After_an_error_every_call_returns_error()
    {
        var parser = new XmlStreamParser(XmlLimits.Authenticated);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("junk"));
        Assert.Equal(XmlParseStatus.Error, parser.Parse(ref buffer));
        var good = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header));
        Assert.Equal(XmlParseStatus.Error, parser.Parse(ref good));
        Assert.Equal(XmlErrorKind.NotWellFormed, parser.Error!.Kind);
    }

    [Fact]
    public void Reset_restarts_the_stream_with_a_new_declaration_and_header()
    {
        var parser = new XmlStreamParser(XmlLimits.Authenticated);
        var events = new List<string>();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message><bo"));
        StreamFeed.Drain(parser, ref buffer, events);
        parser.Reset();
        Assert.Null(parser.Header);
        buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("\uFEFF<?xml version='1.0'?>" + Streams.Open("jabber:server") + "<presence/>"));
        StreamFeed.Drain(parser, ref buffer, events);
        Assert.Equal(
        [
            Open, "element {urn:ietf:params:xml:ns:xmpp-tls}starttls[]",
            "open {http://etherx.jabber.org/streams}stream[] default=jabber:server", "element {jabber:server}presence[]",
        ], events);
    }

    [Fact]
    public void Reset_clears_an_error()
    {
        var parser = new XmlStreamParser(XmlLimits.Authenticated);
        var buffer = new ReadOnlySequence<byte>("<!-- -->"u8.ToArray());
        Assert.Equal(XmlParseStatus.Error, parser.Parse(ref buffer));
        parser.Reset();
        Assert.Null(parser.Error);
        buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header));
        Assert.Equal(XmlParseStatus.StreamOpened, parser.Parse(ref buffer));
    }
}

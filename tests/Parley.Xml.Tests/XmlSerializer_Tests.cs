using System.Buffers;
using System.Text;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlSerializer_Tests
{
    private const string Client = "jabber:client";

    [Fact]
    public void Namespace_is_declared_only_where_it_differs_from_the_inherited_one()
    {
        var iq = X.E("iq", Client, X.A("type", "get"), X.A("id", "1"), X.E("ping", "urn:xmpp:ping"));
        Assert.Equal("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>", XmlSerializer.ToXmlString(iq, Client));
        Assert.Equal("<iq xmlns='jabber:client' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>", XmlSerializer.ToXmlString(iq));
    }

    [Fact]
    public void Child_in_no_namespace_undeclares_the_default()
    {
        var e = X.E("a", "urn:a", X.E("b", ""));
        Assert.Equal("<a xmlns='urn:a'><b xmlns=''/></a>", XmlSerializer.ToXmlString(e));
    }

    [Fact]
    public void Text_escapes_markup_and_carriage_return()
    {
        var e = X.E("body", Client, "a & b < c > d ]]> \" ' \r\n\t");
        Assert.Equal("<body>a &amp; b &lt; c &gt; d ]]&gt; \" ' &#xD;\n\t</body>", XmlSerializer.ToXmlString(e, Client));
    }

    [Fact]
    public void Attribute_values_escape_quotes_and_whitespace_that_normalization_would_change()
    {
        var e = X.E("x", Client, X.A("v", "'\"&<>\t\n\r "));
        Assert.Equal("<x v='&apos;&quot;&amp;&lt;&gt;&#x9;&#xA;&#xD; '/>", XmlSerializer.ToXmlString(e, Client));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_lone_surrogates_replaced()
    {
        var e = X.E("x", Client, X.A("v", "a\u0001b\uFFFEc"), "d\u0000e\uFFFF\uD800f\U0001F600");
        Assert.Equal("<x v='abc'>de\uFFFDf\U0001F600</x>", XmlSerializer.ToXmlString(e, Client));
    }

    [Fact]
    public void Xml_lang_is_written_with_the_xml_prefix()
    {
        var e = new Element("body", Client, [new XmlAttribute("lang", "en", Element.XmlNamespace)]);
        Assert.Equal("<body xml:lang='en'/>", XmlSerializer.ToXmlString(e, Client));
    }

    [Fact]
    public void Namespaced_attributes_get_generated_prefixes()
    {
        var e = new Element("x", Client,
        [
            new XmlAttribute("a", "1", "urn:one"), new XmlAttribute("b", "2", "urn:two"),
            new XmlAttribute("c", "3", "urn:one"), new XmlAttribute("d", "4"),
        ]);
        Assert.Equal("<x xmlns:ns1='urn:one' ns1:a='1' xmlns:ns2='urn:two' ns2:b='2' ns1:c='3' d='4'/>",
            XmlSerializer.ToXmlString(e, Client));
        Assert.Equal(Dump.Of(e), Dump.Of(Streams.ParseStanza(XmlSerializer.ToXmlString(e, Client))));
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("1a")]
    [InlineData("")]
    [InlineData("a b")]
    public void Invalid_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(new Element(name, Client)));
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(X.E("x", Client, X.A(name, "v"))));
    }

    [Fact]
    public void Namespace_declarations_and_duplicates_are_refused_as_attributes()
    {
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(X.E("x", Client, X.A("xmlns", "urn:evil"))));
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(
            new Element("x", Client, [new XmlAttribute("p", "urn:evil", "http://www.w3.org/2000/xmlns/")])));
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(X.E("x", Client, X.A("a", "1"), X.A("a", "2"))));
        Assert.Throws<ArgumentException>(() => XmlSerializer.ToXmlString(new Element("x", "http://www.w3.org/2000/xmlns/")));
    }

    [Fact]
    public void Elements_in_the_xml_namespace_keep_the_xml_prefix()
    {
        var e = new Element("x", Element.XmlNamespace, [], [X.E("y", Client), X.E("z", "urn:z")]);
        var xml = XmlSerializer.ToXmlString(e, Client);
        Assert.Equal("<xml:x><y/><z xmlns='urn:z'/></xml:x>", xml);
        Assert.Equal(Dump.Of(e), Dump.Of(Streams.ParseStanza(xml)));
    }

    [Fact]
    public void Stream_header_and_close()
    {
        var output = new ArrayBufferWriter<byte>();
        XmlSerializer.WriteStreamHeader(output, Client,
        [
            new XmlAttribute("from", "example.org"), new XmlAttribute("id", "abc"), new XmlAttribute("version", "1.0"),
            new XmlAttribute("lang", "en", Element.XmlNamespace),
        ]);
        XmlSerializer.WriteStreamClose(output);
        Assert.Equal(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
            "from='example.org' id='abc' version='1.0' xml:lang='en'></stream:stream>",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Long_text_with_astral_characters_is_written_across_buffer_spans()
    {
        var text = string.Concat(Enumerable.Repeat("é\U0001F600x&", 5000));
        var e = X.E("body", Client, text);
        var parsed = Streams.ParseStanza(XmlSerializer.ToXmlString(e, Client));
        Assert.Equal(text, parsed.Text);
    }

    [Fact]
    public void A_server_stream_header_declares_the_dialback_prefix_and_dialback_elements_use_it()
    {
        // XEP-0220 §2.4.1: dialback support is the xmlns:db declaration; its elements carry the db: prefix.
        var output = new ArrayBufferWriter<byte>();
        XmlSerializer.WriteStreamHeader(output, "jabber:server", [new XmlAttribute("from", "a.example")],
            [("db", "jabber:server:dialback")]);
        var result = X.E("result", "jabber:server:dialback", X.A("from", "a.example"), X.A("to", "b.example"), X.A("type", "error"),
            X.E("error", "jabber:server", X.A("type", "cancel"), X.E("item-not-found", "urn:ietf:params:xml:ns:xmpp-stanzas")));
        XmlSerializer.WritePrefixed(result, output, "db", "jabber:server");
        XmlSerializer.WritePrefixed(X.E("result", "jabber:server:dialback", X.A("to", "b.example"), "k&y"), output, "db", "jabber:server");
        XmlSerializer.WriteStreamClose(output);
        var xml = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' " +
            "xmlns:db='jabber:server:dialback' from='a.example'>" +
            "<db:result from='a.example' to='b.example' type='error'><error type='cancel'>" +
            "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>" +
            "<db:result to='b.example'>k&amp;y</db:result></stream:stream>", xml);

        // And our own parser reads them back in the dialback namespace.
        var parser = new XmlStreamParser(new XmlLimits());
        var bytes = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.Equal(XmlParseStatus.StreamOpened, parser.Parse(ref bytes));
        Assert.Equal(XmlParseStatus.Element, parser.Parse(ref bytes));
        Assert.True(parser.Element!.Is("result", "jabber:server:dialback"));
        Assert.NotNull(parser.Element.Child("error", "jabber:server"));
        Assert.Equal(XmlParseStatus.Element, parser.Parse(ref bytes));
        Assert.Equal("k&y", parser.Element!.Text);
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("xmlns")]
    [InlineData("not a name")]
    public void A_prefix_that_cannot_be_declared_is_refused(string prefix)
        => Assert.Throws<ArgumentException>(() =>
            XmlSerializer.WriteStreamHeader(new ArrayBufferWriter<byte>(), "jabber:server", [], [(prefix, "urn:x")]));
}

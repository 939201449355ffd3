using System.Text;
using System.Xml;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

/// <summary>
/// Design §8: the same bytes through our parser and System.Xml.XmlReader (DTDs prohibited). Within the XMPP
/// subset both must accept or both reject, and accepted stanzas must be the same trees. A parser differential
/// is how stanza smuggling starts, so every disagreement fails unless it is one RFC 6120 §11 asks for.
/// </summary>
public class Differential_Tests
{
    private enum Expected
    {
        Same,

        /// <summary>Well-formed XML that RFC 6120 §11.1 restricts: comments, processing instructions.</summary>
        RestrictedByUs,

        /// <summary>RFC 6120 §11.6: only UTF-8.</summary>
        UnsupportedByUs,

        /// <summary>Well-formed XML that is not an XMPP stream: character data at stream level (RFC 6120 §4.3).</summary>
        BadFormatByUs,
    }

    private sealed record Case(byte[] Document, Expected Expected = Expected.Same);

    private const string Header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    private const string Close = "</stream:stream>";

    private static Case Stanza(string stanza, Expected expected = Expected.Same) =>
        new(Encoding.UTF8.GetBytes(Header + stanza + Close), expected);

    private static Case StanzaBytes(string before, string hex, string after) => new(
        [.. Encoding.UTF8.GetBytes(Header + before), .. Convert.FromHexString(hex), .. Encoding.UTF8.GetBytes(after + Close)]);

    private static Case Prolog(string prolog, Expected expected = Expected.Same) =>
        new(Encoding.UTF8.GetBytes(prolog + Header + "<m/>" + Close), expected);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["empty stanza"] = Stanza("<message/>"),
        ["message with body"] = Stanza("<message to='a@b' type='chat'><body>hi</body></message>"),
        ["quotes inside values"] = Stanza("<m a=\"x'y\" b='x\"y'/>"),
        ["predefined entities"] = Stanza("<m>&lt;&gt;&amp;&apos;&quot;</m>"),
        ["character references"] = Stanza("<m>&#65;&#x42;&#x1F600;&#00065;&#x10FFFF;&#1114111;&#xFFFD;</m>"),
        ["reference to NUL"] = Stanza("<m>&#0;</m>"),
        ["reference to U+FFFE"] = Stanza("<m>&#xFFFE;</m>"),
        ["reference to a surrogate"] = Stanza("<m>&#xD800;</m>"),
        ["reference past U+10FFFF"] = Stanza("<m>&#x110000;</m>"),
        ["reference with capital X"] = Stanza("<m>&#X41;</m>"),
        ["empty hex reference"] = Stanza("<m>&#x;</m>"),
        ["unterminated reference"] = Stanza("<m>&amp</m>"),
        ["undeclared entity"] = Stanza("<m>&nbsp;</m>"),
        ["bare ampersand"] = Stanza("<m>a & b</m>"),
        ["CDATA end in text"] = Stanza("<m>]]></m>"),
        ["CDATA section"] = Stanza("<m><![CDATA[<x>&amp;]]></m>"),
        ["split CDATA end"] = Stanza("<m>a<![CDATA[a]]]]><![CDATA[>]]>b</m>"),
        ["empty CDATA"] = Stanza("<m><![CDATA[]]></m>"),
        ["line ends in text"] = Stanza("<m>a\r\nb\rc\n\r\n</m>"),
        ["line ends in CDATA"] = Stanza("<m><![CDATA[a\r\nb\rc]]></m>"),
        ["whitespace in attributes"] = Stanza("<m a='1\t2\n3\r\n4  5'/>"),
        ["whitespace references in attributes"] = Stanza("<m a='&#9;&#10;&#13;&#32;'/>"),
        ["less-than in attribute"] = Stanza("<m a='<'/>"),
        ["greater-than in attribute"] = Stanza("<m a='>'/>"),
        ["duplicate attribute"] = Stanza("<m a='1' a='2'/>"),
        ["duplicate after namespace resolution"] = Stanza("<m xmlns:p='u' xmlns:q='u' p:a='1' q:a='2'/>"),
        ["undeclared element prefix"] = Stanza("<p:m/>"),
        ["undeclared attribute prefix"] = Stanza("<m p:a='1'/>"),
        ["undeclaring a prefix"] = Stanza("<m xmlns:p=''/>"),
        ["xml prefix rebound"] = Stanza("<m xmlns:xml='urn:x'/>"),
        ["xml prefix declared correctly"] = Stanza("<m xmlns:xml='http://www.w3.org/XML/1998/namespace'/>"),
        ["xmlns prefix declared"] = Stanza("<m xmlns:xmlns='urn:x'/>"),
        ["other prefix to the xml namespace"] = Stanza("<m xmlns:p='http://www.w3.org/XML/1998/namespace'/>"),
        ["default to the xmlns namespace"] = Stanza("<m xmlns='http://www.w3.org/2000/xmlns/'/>"),
        ["empty default namespace"] = Stanza("<m xmlns=''><n/></m>"),
        ["nested default namespaces"] = Stanza("<m xmlns='urn:a'><n xmlns='urn:b'><o/></n><p/></m>"),
        ["prefixed names"] = Stanza("<m xmlns:p='urn:p'><p:n p:a='1' a='2'/><p:o xmlns:p='urn:q'/></m>"),
        ["two colons"] = Stanza("<a:b:c xmlns:a='u'/>"),
        ["element in the xml namespace"] = Stanza("<xml:m><n/></xml:m>"),
        ["xml:lang and xml:space"] = Stanza("<m xml:lang='en' xml:space='preserve'/>"),
        ["digit first"] = Stanza("<1m/>"),
        ["middle dot inside name"] = Stanza("<m\u00B7/>"),
        ["middle dot first"] = Stanza("<\u00B7m/>"),
        ["non-ASCII names"] = Stanza("<é名 ü='1'/>"),
        ["astral name"] = Stanza("<\U00010000/>"),
        ["combining mark inside name"] = Stanza("<m\u0300/>"),
        ["multiplication sign in name"] = Stanza("<m\u00D7/>"),
        ["Greek question mark in name"] = Stanza("<m\u037E/>"),
        ["DEL and C1 controls"] = Stanza("<m a='\u007F\u0085'>\u007F\u0085\u2028</m>"),
        ["edges of the BMP"] = Stanza("<m>\uD7FF\uE000\uFFFD</m>"),
        ["raw C0 control"] = StanzaBytes("<m>", "01", "</m>"),
        ["raw vertical tab in attribute"] = StanzaBytes("<m a='", "0B", "'/>"),
        ["raw U+FFFF"] = StanzaBytes("<m>", "EFBFBF", "</m>"),
        ["raw U+FFFE"] = StanzaBytes("<m>", "EFBFBE", "</m>"),
        ["overlong slash"] = StanzaBytes("<m>", "C0AF", "</m>"),
        ["encoded surrogate"] = StanzaBytes("<m>", "EDA080", "</m>"),
        ["past U+10FFFF"] = StanzaBytes("<m>", "F4908080", "</m>"),
        ["truncated sequence"] = StanzaBytes("<m>", "E282", "</m>"),
        ["lone continuation byte"] = StanzaBytes("<m a='", "80", "'/>"),
        ["unquoted attribute"] = Stanza("<m a=1/>"),
        ["attribute without value"] = Stanza("<m a/>"),
        ["attributes without whitespace"] = Stanza("<m a='1'b='2'/>"),
        ["mismatched end tag"] = Stanza("<m></n>"),
        ["space before end tag close"] = Stanza("<m></m >"),
        ["space inside empty tag"] = Stanza("<m/ >"),
        ["space after less-than"] = Stanza("< m/>"),
        ["whitespace-only text"] = Stanza("<m> <n/> \n</m>"),
        ["mixed content"] = Stanza("<m>text<n>in</n>tail</m>"),
        ["text between stanzas"] = Stanza("x<m/>", Expected.BadFormatByUs),
        ["comment inside stanza"] = Stanza("<m><!-- c --></m>", Expected.RestrictedByUs),
        ["processing instruction inside stanza"] = Stanza("<m><?pi x?></m>", Expected.RestrictedByUs),
        ["comment between stanzas"] = Stanza("<!-- c --><m/>", Expected.RestrictedByUs),
        ["malformed comment"] = Stanza("<m><!- c --></m>"),
        ["DOCTYPE"] = Prolog("<!DOCTYPE stream:stream>"),
        ["DOCTYPE with entity"] = Prolog("<!DOCTYPE s [<!ENTITY e 'x'>]>"),
        ["declaration"] = Prolog("<?xml version='1.0'?>"),
        ["declaration with encoding"] = Prolog("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        ["standalone declaration"] = Prolog("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"),
        ["byte order mark"] = Prolog("\uFEFF<?xml version='1.0'?>"),
        ["Latin-1 declaration"] = Prolog("<?xml version='1.0' encoding='ISO-8859-1'?>", Expected.UnsupportedByUs),
        ["version 1.1"] = Prolog("<?xml version='1.1'?>"),
        ["bad standalone"] = Prolog("<?xml version='1.0' standalone='maybe'?>"),
        ["declaration without version"] = Prolog("<?xml encoding='UTF-8'?>"),
        ["late declaration"] = Prolog(" <?xml version='1.0'?>"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parser_agrees_with_XmlReader(string name)
    {
        var c = s_cases[name];
        var ours = StreamFeed.AtEverySplit(c.Document);
        var oursAccepts = ours.Count > 0 && ours[^1] == "close";
        var theirs = ReadWithXmlReader(c.Document, out var theirError);
        var theirsAccept = theirError is null;

        switch (c.Expected)
        {
            case Expected.RestrictedByUs:
                Assert.True(theirsAccept, "XmlReader rejects it too; drop the mark: " + theirError);
                Assert.Equal("error RestrictedXml", ours[^1]);
                return;
            case Expected.UnsupportedByUs:
                Assert.True(theirsAccept, "XmlReader rejects it too; drop the mark: " + theirError);
                Assert.Equal("error UnsupportedEncoding", ours[^1]);
                return;
            case Expected.BadFormatByUs:
                Assert.True(theirsAccept, "XmlReader rejects it too; drop the mark: " + theirError);
                Assert.Equal("error BadFormat", ours[^1]);
                return;
        }
        Assert.True(oursAccepts == theirsAccept,
            $"We {(oursAccepts ? "accept" : "reject")} [{string.Join(" | ", ours)}], XmlReader {(theirsAccept ? "accepts" : "rejects: " + theirError)}");
        if (oursAccepts)
            Assert.Equal(theirs, ours.Where(e => e.StartsWith("element ", StringComparison.Ordinal)).Select(e => e[8..]));
    }

    [Fact]
    public void Corpus_is_large_enough() => Assert.True(s_cases.Count >= 60);

    private static List<string> ReadWithXmlReader(byte[] document, out string? error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = true,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            IgnoreWhitespace = false,
        };
        var stanzas = new List<string>();
        error = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                    stanzas.Add(Dump.Of(ReadElement(reader)));
            }
        }
        catch (XmlException e)
        {
            error = e.Message;
        }
        return stanzas;
    }

    private static Element ReadElement(XmlReader r)
    {
        var name = r.LocalName;
        var ns = r.NamespaceURI;
        var attributes = new List<XmlAttribute>();
        if (r.MoveToFirstAttribute())
        {
            do
            {
                if (r.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                    attributes.Add(new XmlAttribute(r.LocalName, r.Value, r.NamespaceURI));
            }
            while (r.MoveToNextAttribute());
            r.MoveToElement();
        }
        var nodes = new List<Node>();
        if (r.IsEmptyElement)
            return new Element(name, ns, [.. attributes], [.. nodes]);
        var text = new StringBuilder();
        while (r.Read())
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                    Flush();
                    nodes.Add(ReadElement(r));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(r.Value);
                    break;
                case XmlNodeType.EndElement:
                    Flush();
                    return new Element(name, ns, [.. attributes], [.. nodes]);
            }
        }
        throw new XmlException("Unexpected end of document.");

        void Flush()
        {
            if (text.Length > 0)
                nodes.Add(new Text(text.ToString()));
            text.Clear();
        }
    }
}

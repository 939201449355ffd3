using System.Buffers;
using System.Text;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlStreamParser_Limits_Tests
{
    private static string Message(int textLength) => "<message><body>" + new string('a', textLength) + "</body></message>";

    [Fact]
    public void Stanza_of_exactly_the_limit_is_accepted_and_one_byte_more_is_refused()
    {
        var stanza = Message(100);
        var limits = new XmlLimits { MaxStanzaBytes = Encoding.UTF8.GetByteCount(stanza) };
        Assert.StartsWith("{jabber:client}message", Feed.Stanza("  \n" + stanza, limits), StringComparison.Ordinal);
        Feed.StanzaFails(Message(101), XmlErrorKind.PolicyViolation, limits);
    }

    [Fact]
    public void Stanza_limit_counts_raw_bytes_not_decoded_text()
    {
        var stanza = "<m>" + string.Concat(Enumerable.Repeat("&amp;", 20)) + "</m>";
        var limits = new XmlLimits { MaxStanzaBytes = stanza.Length - 1 };
        Feed.StanzaFails(stanza, XmlErrorKind.PolicyViolation, limits);
    }

    [Fact]
    public void Each_stanza_is_counted_on_its_own()
    {
        var stanza = Message(200); // longer than the header, which counts too
        var limits = new XmlLimits { MaxStanzaBytes = stanza.Length };
        var events = Feed.Events(Streams.Header + stanza + stanza + " " + stanza, limits);
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public void Header_counts_against_the_stanza_limit() =>
        Feed.Fails(Streams.Header, XmlErrorKind.PolicyViolation, new XmlLimits { MaxStanzaBytes = Streams.Header.Length - 1 });

    [Theory]
    [InlineData("<message><body>", "a")] // endless text
    [InlineData("<message><body a='", "a")] // endless attribute value
    [InlineData("<message><", "a")] // endless element name
    [InlineData("<message><![CDATA[", "]")] // endless CDATA section
    [InlineData("<message></", "a")] // endless end tag
    public void Oversized_stanza_fails_before_it_is_received_whole(string start, string filler)
    {
        const int Limit = 4096;
        var parser = new XmlStreamParser(new XmlLimits { MaxStanzaBytes = Limit });
        var pending = Encoding.UTF8.GetBytes(Streams.Header + start);
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(filler, 512)));
        var fed = pending.Length;
        var events = new List<string>();
        while (fed < 1_000_000)
        {
            var buffer = new ReadOnlySequence<byte>(pending);
            if (StreamFeed.Drain(parser, ref buffer, events))
                break;
            pending = [.. buffer.ToArray(), .. chunk];
            fed += chunk.Length;
        }
        Assert.Equal("error PolicyViolation", events[^1]);
        Assert.True(fed <= Streams.Header.Length + Limit + (2 * chunk.Length), $"Failed only after {fed} bytes.");
    }

    [Fact]
    public void Depth_up_to_the_limit_is_accepted()
    {
        var limits = new XmlLimits { MaxDepth = 3 };
        Assert.Equal("{jabber:client}a[{jabber:client}b[{jabber:client}c[]]]", Feed.Stanza("<a><b><c/></b></a>", limits));
        Feed.StanzaFails("<a><b><c><d/></c></b></a>", XmlErrorKind.PolicyViolation, limits);
        Feed.StanzaFails("<a><b><c><d>", XmlErrorKind.PolicyViolation, limits);
    }

    [Fact]
    public void Attributes_up_to_the_limit_are_accepted_namespace_declarations_included()
    {
        var limits = new XmlLimits { MaxAttributes = 4 }; // the header has four
        Assert.Equal("{jabber:client}x a=\"1\" b=\"2\" c=\"3\" d=\"4\"[]", Feed.Stanza("<x a='1' b='2' c='3' d='4'/>", limits));
        Feed.StanzaFails("<x a='1' b='2' c='3' d='4' e='5'/>", XmlErrorKind.PolicyViolation, limits);
        Feed.StanzaFails("<x xmlns='urn:a' xmlns:p='urn:p' a='1' p:b='2' c='3'/>", XmlErrorKind.PolicyViolation, limits);
    }

    [Fact]
    public void Namespace_declarations_are_limited_per_stanza()
    {
        var limits = new XmlLimits { MaxNamespaceDeclarations = 2 };
        const string Two = "<x xmlns='urn:a'><y xmlns:p='urn:p'/></x>";
        Assert.Equal(3, Feed.Events(Streams.Header + Two + Two, limits).Count);
        Feed.StanzaFails("<x xmlns='urn:a'><y xmlns:p='urn:p'/><z xmlns='urn:z'/></x>", XmlErrorKind.PolicyViolation, limits);
    }

    [Fact]
    public void Header_namespace_declarations_are_limited_too() =>
        Feed.Fails(Streams.Header, XmlErrorKind.PolicyViolation, new XmlLimits { MaxNamespaceDeclarations = 1 });

    [Fact]
    public void Limits_can_be_raised_between_calls()
    {
        var parser = new XmlStreamParser(XmlLimits.Unauthenticated);
        var events = new List<string>();
        var header = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header));
        StreamFeed.Drain(parser, ref header, events);
        parser.Limits = XmlLimits.Authenticated;
        var big = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Message(20_000)));
        StreamFeed.Drain(parser, ref big, events);
        Assert.StartsWith("element", events[^1], StringComparison.Ordinal);

        parser.Limits = XmlLimits.Unauthenticated;
        big = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Message(20_000)));
        StreamFeed.Drain(parser, ref big, events);
        Assert.Equal("error PolicyViolation", events[^1]);
    }

    [Fact]
    public void Large_stanza_within_the_limit_is_parsed_in_small_chunks()
    {
        var text = string.Concat(Enumerable.Repeat("héllo \U0001F600 &amp; ", 3000));
        var input = Encoding.UTF8.GetBytes(Streams.Header + "<message><body a='" + text + "'>" + text + "</body></message>");
        var cuts = Enumerable.Range(1, input.Length / 61).Select(i => i * 61);
        var events = StreamFeed.Run(input, cuts);
        Assert.Equal(2, events.Count);
        Assert.Contains(text.Replace("&amp;", "&", StringComparison.Ordinal), events[1], StringComparison.Ordinal);
    }
}

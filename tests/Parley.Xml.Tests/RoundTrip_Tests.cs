using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

/// <summary>parse(serialize(x)) == x for random trees: the serializer and the parser agree on every legal input.</summary>
public class RoundTrip_Tests
{
    private static readonly string[] s_nameStarts = ["a", "Z", "_", "é", "名", "ß", "x", "\u00C0", "\u0E01"];
    private static readonly string[] s_nameRest = [.. s_nameStarts, "-", ".", "0", "9", "\u00B7", "\u0301", "\u0E50", "\u3005"];

    private static readonly string[] s_textPieces =
    [
        "a", " ", "\t", "\n", "\r", "\r\n", "&", "<", ">", "]]>", "]", "'", "\"", "é", "\u007F", "\u0085", "\uE000",
        "\uFFFD", "\U0001F600", "\U0010FFFD", "x y", "&amp;", "\u2028", "&#38;", "<![CDATA[",
    ];

    private static readonly string[] s_namespaces = ["", "jabber:client", "urn:a", "urn:b:é", "http://e.org/?a=1&b='2'<>\"\t"];
    private static readonly string[] s_attributeNamespaces = ["", "", "", Element.XmlNamespace, "urn:a", "urn:x", "jabber:client"];

    private static readonly Gen<string> s_name =
        Gen.Select(Gen.OneOf(s_nameStarts), Gen.OneOf(s_nameRest).Array[0, 6], (s, rest) => s + string.Concat(rest));

    private static readonly Gen<string> s_text = Gen.OneOf(s_textPieces).Array[1, 8].Select(string.Concat);
    private static readonly Gen<string> s_value = Gen.OneOf(s_textPieces).Array[0, 6].Select(string.Concat);

    private static readonly Gen<XmlAttribute[]> s_attributes =
        Gen.Select(s_name, Gen.OneOf(s_attributeNamespaces), s_value, (n, ns, v) => new XmlAttribute(n, v, ns))
            .Array[0, 5]
            .Select(a => a.DistinctBy(x => (x.Name, x.Namespace)).ToArray());

    private static readonly Gen<Element> s_element = Gen.Recursive<Element>((depth, self) =>
        Gen.Select(s_name, Gen.OneOf([.. s_namespaces, Element.XmlNamespace]), s_attributes,
            depth >= 4
                ? Gen.Const(Array.Empty<Node>())
                : Gen.OneOf(s_text.Select(t => (Node)new Text(t)), self.Select(e => (Node)e)).Array[0, 4],
            (n, ns, attributes, nodes) => new Element(n, ns, [.. attributes], MergeTexts(nodes))));

    /// <summary>Adjacent text nodes are one text node once written, so the generator never makes them.</summary>
    private static ImmutableArray<Node> MergeTexts(Node[] nodes)
    {
        var merged = ImmutableArray.CreateBuilder<Node>();
        foreach (var n in nodes)
        {
            if (n is Text t && merged.Count > 0 && merged[^1] is Text previous)
                merged[^1] = new Text(previous.Value + t.Value);
            else
                merged.Add(n);
        }
        return merged.ToImmutable();
    }

    [Fact]
    public void Parsing_a_serialized_element_gives_it_back_at_any_chunk_size()
    {
        Gen.Select(s_element, Gen.Int[1, 40]).Sample((element, chunk) =>
        {
            var input = Encoding.UTF8.GetBytes(Streams.Open() + XmlSerializer.ToXmlString(element, "jabber:client"));
            var cuts = Enumerable.Range(1, input.Length / chunk).Select(i => i * chunk);
            var events = StreamFeed.Run(input, cuts, Streams.Generous);
            Assert.Equal(["element " + Dump.Of(element)], events.Skip(1));
        }, iter: 2000);
    }

    [Fact]
    public void Parsing_a_serialized_stream_header_gives_it_back()
    {
        var namespaces = s_namespaces.Where(n => n.Length > 0).ToArray();
        Gen.Select(Gen.OneOf(namespaces), s_attributes).Sample((ns, attributes) =>
        {
            var output = new ArrayBufferWriter<byte>();
            XmlSerializer.WriteStreamHeader(output, ns, attributes);
            var events = StreamFeed.Run(output.WrittenSpan.ToArray(), [], Streams.Generous);
            Assert.Equal(["open " + Dump.Of(new Element("stream", XmlSerializer.StreamNamespace, [.. attributes])) + " default=" + ns], events);
        }, iter: 500);
    }

    [Fact]
    public void Serializing_a_parsed_stanza_is_stable()
    {
        Gen.Select(s_element, Gen.OneOf(s_namespaces)).Sample((element, inherited) =>
        {
            var once = XmlSerializer.ToXmlString(element, inherited);
            var parsed = Streams.ParseStanza(once, inherited.Length == 0 ? "" : inherited);
            Assert.Equal(once, XmlSerializer.ToXmlString(parsed, inherited));
        }, iter: 1000);
    }
}

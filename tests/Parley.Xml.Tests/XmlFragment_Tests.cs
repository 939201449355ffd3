using System.Text;

namespace Parley.Xml.Tests;

public sealed class XmlFragment_Tests
{
    [Fact]
    public void An_element_round_trips_through_its_text()
    {
        var element = new Element("vCard", "vcard-temp", [new XmlAttribute("version", "3.0")],
        [
            X.E("FN", "vcard-temp", "a < b & \"c\" ]]>"),
            new Element("DESC", "vcard-temp", [new XmlAttribute("lang", "de", Element.XmlNamespace)], [new Text("line\r\nbreak\ttab")]),
            X.E("ext", "urn:example", X.A("q", "it's")),
        ]);

        var text = XmlFragment.ToText(element);
        var back = XmlFragment.Parse(text);

        Assert.Equal(text, XmlFragment.ToText(back));
        Assert.Equal("line\r\nbreak\ttab", back.Child("DESC", "vcard-temp")!.Text);
        Assert.Equal("de", back.Child("DESC", "vcard-temp")!.Lang);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), XmlFragment.ByteCount(element));
    }

    [Fact]
    public void Prefixed_input_comes_back_in_default_namespaces()
    {
        var parsed = XmlFragment.Parse("<p:storage xmlns:p='storage:bookmarks'><p:conference jid='a@b'/></p:storage>");

        Assert.Equal("storage:bookmarks", parsed.Namespace);
        Assert.Equal("a@b", parsed.Child("conference", "storage:bookmarks")!.Attribute("jid"));
    }

    [Fact]
    public void Deep_and_namespace_heavy_trees_are_not_held_to_stream_limits()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 200; i++)
            sb.Append($"<e{i} xmlns='urn:n{i}'>");
        for (var i = 199; i >= 0; i--)
            sb.Append($"</e{i}>");

        var parsed = XmlFragment.Parse(sb.ToString());

        Assert.Equal("e0", parsed.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("<a/><b/>")]
    [InlineData("<a>")]
    [InlineData("<a></b>")]
    [InlineData("<a/></stream:stream><b/>")]
    [InlineData("<!--c--><a/>")]
    [InlineData("<a>&custom;</a>")]
    public void Anything_but_one_well_formed_element_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => XmlFragment.Parse(text));
    }
}

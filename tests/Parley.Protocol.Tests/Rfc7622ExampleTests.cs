namespace Parley.Protocol.Tests;

// RFC 7622 §3.5, Table 1 and Table 2, written out with the normalized form each valid JID takes.
public sealed class Rfc7622ExampleTests
{
    [Theory]
    [InlineData("juliet@example.com", "juliet", "example.com", null)]
    [InlineData("juliet@example.com/foo", "juliet", "example.com", "foo")]
    [InlineData("juliet@example.com/foo bar", "juliet", "example.com", "foo bar")]
    [InlineData("juliet@example.com/foo@bar", "juliet", "example.com", "foo@bar")]
    [InlineData("foo\\20bar@example.com", "foo\\20bar", "example.com", null)]
    [InlineData("fussball@example.com", "fussball", "example.com", null)]
    [InlineData("fu\u00DFball@example.com", "fu\u00DFball", "example.com", null)]
    [InlineData("\u03C0@example.com", "\u03C0", "example.com", null)]
    [InlineData("\u03A3@example.com/foo", "\u03C3", "example.com", "foo")]
    [InlineData("\u03C3@example.com/foo", "\u03C3", "example.com", "foo")]
    [InlineData("\u03C2@example.com/foo", "\u03C2", "example.com", "foo")]
    [InlineData("king@example.com/\u265A", "king", "example.com", "\u265A")]
    [InlineData("example.com", null, "example.com", null)]
    [InlineData("example.com/foobar", null, "example.com", "foobar")]
    [InlineData("a.example.com/b@example.net", null, "a.example.com", "b@example.net")]
    public void Table_1_example_is_a_valid_jid(string input, string? local, string domain, string? resource)
    {
        Assert.True(Jid.TryParse(input, out Jid? jid));
        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
    }

    [Theory]
    [InlineData("\"juliet\"@example.com")]
    [InlineData("foo bar@example.com")]
    [InlineData("@example.com/")]
    [InlineData("henry\u2163@example.com")]
    [InlineData("\u265A@example.com")]
    [InlineData("juliet@")]
    [InlineData("/foobar")]
    public void Table_2_example_is_not_a_valid_jid(string input)
    {
        Assert.False(Jid.TryParse(input, out Jid? jid));
        Assert.Null(jid);
        Assert.Throws<JidFormatException>(() => Jid.Parse(input));
    }

    // Table 2 also lists this one, for its leading space; the OpaqueString profile allows spaces anywhere, and RFC
    // errata 4560 says the example is wrong.
    [Fact]
    public void Resourcepart_with_a_leading_space_is_valid_as_errata_4560_says()
    {
        Jid jid = Jid.Parse("juliet@example.com/ foo");
        Assert.Equal(" foo", jid.Resource);
    }
}

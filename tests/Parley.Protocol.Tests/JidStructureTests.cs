namespace Parley.Protocol.Tests;

// RFC 7622 §3.1: how a string splits into parts. Vectors from the published suites of Prosody (util.jid spec),
// mellium.im/xmpp/jid, jxmpp and nbxmpp, written out here.
public sealed class JidStructureTests
{
    [Theory]
    [InlineData("node@server", "node", "server", null)]
    [InlineData("node@server/resource", "node", "server", "resource")]
    [InlineData("server", null, "server", null)]
    [InlineData("server/resource", null, "server", "resource")]
    [InlineData("server/resource@foo", null, "server", "resource@foo")]
    [InlineData("server/resource@foo/bar", null, "server", "resource@foo/bar")]
    [InlineData("foo.example.com/some resource", null, "foo.example.com", "some resource")]
    [InlineData("foo@example/@resource", "foo", "example", "@resource")]
    [InlineData("mercutio@example.net/rp@rp/rp", "mercutio", "example.net", "rp@rp/rp")]
    [InlineData("mercutio@example.net/@", "mercutio", "example.net", "@")]
    [InlineData("mercutio@example.net//@", "mercutio", "example.net", "/@")]
    [InlineData("mercutio@example.net//@//", "mercutio", "example.net", "/@//")]
    [InlineData("example.com//", null, "example.com", "/")]
    [InlineData("example.com/a@b/c", null, "example.com", "a@b/c")]
    [InlineData("user@example.org/\U0001F37A", "user", "example.org", "\U0001F37A")]
    [InlineData("long-conference-name-1245c711a15e466687b6333577d83e0b@conference.vpaas-magic-cookie-a32a0c3311ee432eab711fa1fdf34793.8x8.vc",
        "long-conference-name-1245c711a15e466687b6333577d83e0b", "conference.vpaas-magic-cookie-a32a0c3311ee432eab711fa1fdf34793.8x8.vc", null)]
    public void Jid_splits_at_the_first_slash_then_the_first_at_sign(string input, string? local, string domain, string? resource)
    {
        Jid jid = Jid.Parse(input);
        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
        Assert.Equal(input, jid.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("/")]
    [InlineData("@/")]
    [InlineData("node@/server")]
    [InlineData("@server")]
    [InlineData("@server/resource")]
    [InlineData("@/resource")]
    [InlineData("@server/")]
    [InlineData("server/")]
    [InlineData("/resource")]
    [InlineData("user@")]
    [InlineData("user@@")]
    [InlineData("user@@host")]
    [InlineData("user@@host/resource")]
    [InlineData("user@@host/")]
    [InlineData("user@host/")]
    [InlineData("test@/test")]
    [InlineData("lp@/rp")]
    [InlineData("e@example.net/")]
    [InlineData("foo@example@resource")]
    [InlineData("user@host@example.com")]
    [InlineData("foo@boo@example.org/bar@baz")]
    public void Jid_with_an_empty_or_misplaced_part_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    [Fact]
    public void Null_is_not_a_jid()
    {
        Assert.False(Jid.TryParse(null, out Jid? jid));
        Assert.Null(jid);
        Assert.Throws<ArgumentNullException>(() => Jid.Parse(null!));
    }

    [Theory]
    [InlineData("b\"d@example.net")]
    [InlineData("b&d@example.net")]
    [InlineData("b'd@example.net")]
    [InlineData("b:d@example.net")]
    [InlineData("b<d@example.net")]
    [InlineData("b>d@example.net")]
    [InlineData("<invalid node>@server")]
    [InlineData("\uFF41\uFF20\uFF42@example.com")]
    [InlineData("a\uFF0Fb@example.com")]
    public void Localpart_with_a_character_prohibited_by_rfc_7622_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    [Theory]
    [InlineData("b/d")]
    [InlineData("b@d")]
    [InlineData("a\"b")]
    [InlineData("a&b")]
    [InlineData("a'b")]
    [InlineData("a:b")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    public void TryCreate_refuses_a_prohibited_character_in_the_localpart(string local)
    {
        Assert.False(Jid.TryCreate(local, "example.net", null, out _));
    }

    [Theory]
    [InlineData("jul\u0001iet@example.c")]
    [InlineData("a\u0000b@example.com")]
    [InlineData("a\nb@example.com")]
    [InlineData("node@server/invalid-\u0000-resource")]
    [InlineData("user@example.com/\u0001")]
    [InlineData("user@example.com/a\tb")]
    [InlineData("user@example.com/a\u007Fb")]
    public void Control_characters_are_refused_in_every_part(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    // Built in code: a lone surrogate does not survive the UTF-8 of attribute arguments.
    [Fact]
    public void Lone_surrogates_are_refused()
    {
        string high = char.ConvertFromUtf32(0x1F37A)[..1];
        string low = char.ConvertFromUtf32(0x1F37A)[1..];
        foreach (string input in new[]
        {
            high + "@example.com/rp", low + "/rp", "example.com/a" + high, "example.com/" + low + "a",
            "a" + high + "b@example.com", "example" + high + ".com", "example.com/" + low + high,
        })
        {
            Assert.False(Jid.TryParse(input, out _), input);
        }

        Assert.True(Jid.TryParse("example.com/" + high + low, out _));
    }

    [Fact]
    public void TryCreate_builds_the_same_jid_as_parsing()
    {
        Assert.True(Jid.TryCreate("Juliet", "Example.COM", "balcony", out Jid? created));
        Assert.Equal(Jid.Parse("juliet@example.com/balcony"), created);
        Assert.Equal("juliet@example.com/balcony", created.ToString());

        Assert.True(Jid.TryCreate(null, "example.com", null, out Jid? domain));
        Assert.Equal("example.com", domain.ToString());
        Assert.Null(domain.Local);
        Assert.Null(domain.Resource);
    }

    [Theory]
    [InlineData("", "example.com", null)]
    [InlineData(null, "", null)]
    [InlineData(null, "example.com", "")]
    [InlineData(null, "[example.net]", null)]
    [InlineData(null, "a/b", null)]
    [InlineData(null, "a@b", null)]
    public void TryCreate_refuses_empty_or_invalid_parts(string? local, string domain, string? resource)
    {
        Assert.False(Jid.TryCreate(local, domain, resource, out Jid? jid));
        Assert.Null(jid);
    }

    [Fact]
    public void Resourcepart_given_to_TryCreate_may_hold_separators()
    {
        Assert.True(Jid.TryCreate("e", "example.com", "e@other/resource", out Jid? jid));
        Assert.Equal("e@example.com/e@other/resource", jid.ToString());
        Assert.Equal(jid, Jid.Parse(jid.ToString()));
    }

    [Fact]
    public void Parse_names_the_part_that_is_wrong()
    {
        Assert.Contains("localpart", Assert.Throws<JidFormatException>(() => Jid.Parse("a b@example.com")).Message);
        Assert.Contains("domainpart", Assert.Throws<JidFormatException>(() => Jid.Parse("a@exa mple.com")).Message);
        Assert.Contains("resourcepart", Assert.Throws<JidFormatException>(() => Jid.Parse("a@example.com/\u0000")).Message);
    }
}

namespace Parley.Protocol.Tests;

public sealed class JidIdentityTests
{
    [Fact]
    public void Full_jid_has_a_resource_and_its_bare_jid_has_none()
    {
        Jid full = Jid.Parse("romeo@example.net/orchard");
        Assert.True(full.IsFull);
        Assert.False(full.IsBare);

        Jid bare = full.Bare;
        Assert.True(bare.IsBare);
        Assert.False(bare.IsFull);
        Assert.Equal("romeo@example.net", bare.ToString());
        Assert.Equal("romeo", bare.Local);
        Assert.Equal("example.net", bare.Domain);
        Assert.Null(bare.Resource);
        Assert.Equal(Jid.Parse("romeo@example.net"), bare);
    }

    [Fact]
    public void Bare_jid_is_cached_and_is_its_own_bare_jid()
    {
        Jid full = Jid.Parse("romeo@example.net/orchard");
        Assert.Same(full.Bare, full.Bare);
        Assert.Same(full.Bare, full.Bare.Bare);

        Jid domain = Jid.Parse("example.net/service");
        Assert.Equal("example.net", domain.Bare.ToString());
        Assert.Null(domain.Bare.Local);
    }

    [Fact]
    public void ToString_is_cached()
    {
        Jid jid = Jid.Parse("ROMEO@example.net/orchard");
        Assert.Same(jid.ToString(), jid.ToString());
    }

    [Fact]
    public void Already_normalized_input_becomes_the_jid_string()
    {
        string input = "romeo@example.net/orchard";
        Assert.Same(input, Jid.Parse(input).ToString());
    }

    [Fact]
    public void WithResource_replaces_the_resource_and_validates_it()
    {
        Jid jid = Jid.Parse("mercutio@example.net/test");
        Jid moved = jid.WithResource("new");
        Assert.Equal("mercutio@example.net/new", moved.ToString());
        Assert.Equal("mercutio@example.net/test", jid.ToString());
        Assert.Equal(jid.Bare, moved.Bare);
        Assert.Equal("example.net", moved.Domain);
        Assert.Equal("mercutio", moved.Local);

        Assert.Equal("example.net/a\u00E9 b", Jid.Parse("example.net").WithResource("ae\u0301\u00A0b").ToString());
        Assert.Throws<JidFormatException>(() => jid.WithResource(""));
        Assert.Throws<JidFormatException>(() => jid.WithResource("a\u0000"));
        Assert.Throws<JidFormatException>(() => jid.WithResource(char.ConvertFromUtf32(0x10400)[..1]));
        Assert.False(jid.TryWithResource(null, out _));
    }

    [Fact]
    public void WithResource_result_parses_back_to_an_equal_jid()
    {
        Jid jid = Jid.Parse("alice@example.com").WithResource("e\u0301@other/resource");
        Assert.Equal("alice@example.com/\u00E9@other/resource", jid.ToString());
        Assert.Equal("\u00E9@other/resource", jid.Resource);
        Assert.Equal(jid, Jid.Parse(jid.ToString()));
    }

    [Theory]
    [InlineData("mercutio@example.net/test", "mercutio@example.net/test", true)]
    [InlineData("MERCUTIO@EXAMPLE.NET/test", "mercutio@example.net/test", true)]
    [InlineData("\u00C9@XN--BCHER-KVA.EXAMPLE/r", "e\u0301@b\u00FCcher.example/r", true)]
    [InlineData("example.net.", "example.net", true)]
    [InlineData("mercutio@example.net/test", "mercutio@example.net/nope", false)]
    [InlineData("mercutio@example.net/test", "mercutio@e.com/test", false)]
    [InlineData("mercutio@example.net/test", "m@example.net/test", false)]
    [InlineData("mercutio@example.net/test", "mercutio@example.net", false)]
    [InlineData("example.net/Test", "example.net/test", false)]
    [InlineData("a@example.net", "example.net/a", false)]
    public void Jids_are_equal_when_their_normalized_forms_are(string left, string right, bool equal)
    {
        Jid a = Jid.Parse(left);
        Jid b = Jid.Parse(right);
        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, a.Equals((object)b));
        Assert.Equal(equal, a == b);
        Assert.Equal(!equal, a != b);
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void Equality_operators_handle_null()
    {
        Jid jid = Jid.Parse("example.net");
        Jid? none = null;
        Assert.True(none == null);
        Assert.False(jid == none);
        Assert.False(none == jid);
        Assert.True(jid != none);
        Assert.False(jid.Equals(null));
        Assert.False(jid.Equals("example.net"));
    }

    [Fact]
    public void Jid_works_as_a_dictionary_key()
    {
        var presence = new Dictionary<Jid, string> { [Jid.Parse("Juliet@Example.com/Balcony")] = "away" };
        Assert.Equal("away", presence[Jid.Parse("juliet@example.com/Balcony")]);
        Assert.False(presence.ContainsKey(Jid.Parse("juliet@example.com/balcony")));
    }
}

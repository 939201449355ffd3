namespace Parley.Protocol.Tests;

// RFC 7622: each part is 1 to 1023 octets of UTF-8, counted after normalization.
public sealed class JidLengthTests
{
    private const int MaxPartBytes = 1023;

    [Fact]
    public void Localpart_and_resourcepart_of_1023_octets_are_valid()
    {
        string local = new('a', MaxPartBytes);
        string resource = new('r', MaxPartBytes);
        Assert.True(Jid.TryCreate(local, "example.com", resource, out Jid? jid));
        Assert.Equal(local, jid.Local);
        Assert.Equal(resource, jid.Resource);
        Assert.Equal(jid, Jid.Parse($"{local}@example.com/{resource}"));
    }

    [Theory]
    [InlineData(MaxPartBytes + 1, 'a')]
    [InlineData(512, '\u00E9')]
    [InlineData(342, '\u4E00')]
    [InlineData(342, '\u0130')]
    public void Localpart_over_1023_octets_is_refused(int count, char c)
    {
        Assert.False(Jid.TryCreate(new string(c, count), "example.com", null, out _));
        Assert.False(Jid.TryParse(new string(c, count) + "@example.com", out _));
    }

    [Theory]
    [InlineData(MaxPartBytes + 1, 'r')]
    [InlineData(512, '\u00E9')]
    [InlineData(342, '\u4E00')]
    public void Resourcepart_over_1023_octets_is_refused(int count, char c)
    {
        Assert.False(Jid.TryCreate(null, "example.com", new string(c, count), out _));
        Assert.False(Jid.TryParse("example.com/" + new string(c, count), out _));
    }

    [Fact]
    public void Length_counts_the_normalized_form()
    {
        // 511 e + U+0301 are 1533 octets as given and 1022 in NFC.
        string decomposed = string.Concat(Enumerable.Repeat("e\u0301", 511));
        Jid jid = Jid.Parse($"{decomposed}@example.com/{decomposed}");
        Assert.Equal(511, jid.Local!.Length);
        Assert.Equal(511, jid.Resource!.Length);

        // Fullwidth letters are three octets each as given and one after width mapping.
        Assert.Equal(new string('a', MaxPartBytes), Jid.Parse(new string('\uFF21', MaxPartBytes) + "@example.com").Local);

        // U+3000 is three octets as given and one after the OpaqueString space mapping.
        Assert.Equal(new string(' ', MaxPartBytes), Jid.Parse("example.com/" + new string('\u3000', MaxPartBytes)).Resource);
    }

    [Fact]
    public void Huge_input_is_refused_before_any_unicode_work()
    {
        string huge = string.Concat(Enumerable.Repeat("l\u00B7l", 65536));
        Assert.False(Jid.TryCreate(huge, "example.com", null, out _));
        Assert.False(Jid.TryCreate(null, huge, null, out _));
        Assert.False(Jid.TryCreate(null, "example.com", huge, out _));
    }
}

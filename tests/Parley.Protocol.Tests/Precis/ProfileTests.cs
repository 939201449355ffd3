using Parley.Protocol.Precis;

namespace Parley.Protocol.Tests.Precis;

// Examples of RFC 8265 (its tables of legal and illegal usernames and passwords) and vectors from the published
// test suite of golang.org/x/text/secure/precis, written out here.
public sealed class ProfileTests
{
    [Theory]
    [InlineData("juliet@example.com", "juliet@example.com")]
    [InlineData("fussball", "fussball")]
    [InlineData("fu\u00DFball", "fu\u00DFball")]
    [InlineData("\u03C0", "\u03C0")]
    [InlineData("\u03A3", "\u03C3")]
    [InlineData("\u03C3", "\u03C3")]
    [InlineData("\u03C2", "\u03C2")]
    [InlineData("I", "i")]
    [InlineData("\u03B0", "\u03B0")]
    [InlineData("~", "~")]
    [InlineData("!", "!")]
    [InlineData("A\u030A", "\u00E5")]
    [InlineData("\u00C5", "\u00E5")]
    [InlineData("\u0063\u0327", "\u00E7")]
    [InlineData("\u0158", "\u0159")]
    [InlineData("\u0052\u030C", "\u0159")]
    [InlineData("\u1E61", "\u1E61")]
    [InlineData("\u0410", "\u0430")]
    [InlineData("\uFF21\uFF22", "ab")]
    public void UsernameCaseMapped_accepts_and_maps(string input, string expected)
    {
        Assert.True(UsernameCaseMapped.TryEnforce(input, out string? output));
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("foo bar")]
    [InlineData(" ")]
    [InlineData("henry\u2163")]
    [InlineData("\u265A")]
    [InlineData("\u03D2")]
    [InlineData("\u00B2")]
    [InlineData("\t")]
    [InlineData("\n")]
    [InlineData("\u26D6")]
    [InlineData("\u26FF")]
    [InlineData("\uFB00")]
    [InlineData("\u1680")]
    [InlineData("\u01C5")]
    [InlineData("\u16EE")]
    [InlineData("\u0488")]
    [InlineData("\u1E9B")]
    [InlineData("\u05E9c")]
    public void UsernameCaseMapped_refuses(string input)
    {
        Assert.False(UsernameCaseMapped.TryEnforce(input, out string? output));
        Assert.Null(output);
    }

    [Fact]
    public void At_sign_is_a_valid_username_character_but_not_a_valid_localpart_character()
    {
        Assert.True(UsernameCaseMapped.TryEnforce("juliet@example.com", out _));
        Assert.False(Jid.TryNormalizeLocalpart("juliet@example.com", out _));
        Assert.True(Jid.TryNormalizeLocalpart("Juliet", out string? local));
        Assert.Equal("juliet", local);
    }

    [Theory]
    [InlineData("correct horse battery staple", "correct horse battery staple")]
    [InlineData("Correct Horse Battery Staple", "Correct Horse Battery Staple")]
    [InlineData("\u03C0\u00DF\u00E5", "\u03C0\u00DF\u00E5")]
    [InlineData("Jack of \u2666s", "Jack of \u2666s")]
    [InlineData("foo\u1680bar", "foo bar")]
    [InlineData("  Swan  of   Avon   ", "  Swan  of   Avon   ")]
    [InlineData(" ", " ")]
    [InlineData("a\u00A0a\u2000a\u2001a\u2002a\u2003a\u2004a\u2005a\u2006a\u2007a\u2008a\u2009a\u200Aa\u202Fa\u205Fa\u3000a", "a a a a a a a a a a a a a a a a")]
    [InlineData("Richard \u2163", "Richard \u2163")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("e\u0301\u031F", "\u00E9\u031F")]
    [InlineData("\u05E9a", "\u05E9a")]
    public void OpaqueString_accepts_and_maps(string input, string expected)
    {
        Assert.True(OpaqueString.TryEnforce(input, out string? output));
        Assert.Equal(expected, output);
        Assert.True(Jid.TryNormalizeResource(input, out string? resource));
        Assert.Equal(expected, resource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my cat is a \u0009by")]
    [InlineData("\u0000")]
    [InlineData("\uE000")]
    [InlineData("\u0378")]
    public void OpaqueString_refuses(string input)
    {
        Assert.False(OpaqueString.TryEnforce(input, out _));
    }

    [Fact]
    public void Lone_surrogate_is_refused_by_both_profiles()
    {
        string lone = char.ConvertFromUtf32(0x10400)[..1];
        Assert.False(OpaqueString.TryEnforce("a" + lone, out _));
        Assert.False(UsernameCaseMapped.TryEnforce(lone + "a", out _));
    }

    [Fact]
    public void Null_is_refused_by_every_helper()
    {
        Assert.False(UsernameCaseMapped.TryEnforce(null, out _));
        Assert.False(OpaqueString.TryEnforce(null, out _));
        Assert.False(Jid.TryNormalizeLocalpart(null, out _));
        Assert.False(Jid.TryNormalizeDomain(null, out _));
        Assert.False(Jid.TryNormalizeResource(null, out _));
    }

    [Fact]
    public void Normalizing_helpers_return_the_input_when_it_is_already_normalized()
    {
        string local = "juliet";
        Assert.True(Jid.TryNormalizeLocalpart(local, out string? normalized));
        Assert.Same(local, normalized);

        string resource = "balcony";
        Assert.True(Jid.TryNormalizeResource(resource, out normalized));
        Assert.Same(resource, normalized);
    }
}

namespace Parley.Protocol.Tests;

// Localparts are case-mapped, width-mapped and put in NFC (RFC 8265 UsernameCaseMapped); resourceparts keep case
// and width but are put in NFC with non-ASCII spaces mapped to U+0020 (OpaqueString).
public sealed class JidNormalizationTests
{
    [Theory]
    [InlineData("ALICE@EXAMPLE.COM/Desktop", "alice@example.com/Desktop")]
    [InlineData("Juliet@Example.com/Balcony", "juliet@example.com/Balcony")]
    [InlineData("\uFF26\uFF2F\uFF2F@example.com/\uFF26\uFF2F\uFF2F", "foo@example.com/\uFF26\uFF2F\uFF2F")]
    [InlineData("\uFF41\uFF42\uFF43@example.com", "abc@example.com")]
    [InlineData("\uFF76\uFF85@example.com", "\u30AB\u30CA@example.com")]
    [InlineData("E\u0301@example.com/e\u0301", "\u00E9@example.com/\u00E9")]
    [InlineData("\u00C9@example.com/\u00C9", "\u00E9@example.com/\u00C9")]
    [InlineData("A\u030A@example.com", "\u00E5@example.com")]
    [InlineData("R\u030C@example.com", "\u0159@example.com")]
    [InlineData("\u03A3@example.com/\u03A3", "\u03C3@example.com/\u03A3")]
    [InlineData("\u0130@example.com", "i\u0307@example.com")]
    [InlineData("\u0410\u0411@example.com", "\u0430\u0431@example.com")]
    [InlineData("\U00010400@example.com", "\U00010428@example.com")]
    [InlineData("example.com/foo\u00A0bar", "example.com/foo bar")]
    [InlineData("example.com/foo\u1680bar", "example.com/foo bar")]
    [InlineData("example.com/\u3000", "example.com/ ")]
    [InlineData("example.com/\u212B", "example.com/\u00C5")]
    [InlineData("example.com/Richard \u2163", "example.com/Richard \u2163")]
    public void Jid_is_stored_in_normalized_form(string input, string expected)
    {
        Jid jid = Jid.Parse(input);
        Assert.Equal(expected, jid.ToString());
        Assert.Equal(jid, Jid.Parse(expected));
    }

    [Theory]
    [InlineData("\u03A3\u0391\u03A3@example.com", "\u03C3\u03B1\u03C2@example.com")]
    [InlineData("\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3@example.com", "\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03C5\u03C2@example.com")]
    [InlineData("\u03A3\u0391\u03A3\u0301@example.com", "\u03C3\u03B1\u03C2\u0301@example.com")]
    [InlineData("\u03A3\u0391\u03A3A@example.com", "\u03C3\u03B1\u03C3a@example.com")]
    public void Capital_sigma_at_the_end_of_a_word_becomes_final_sigma(string input, string expected)
    {
        Assert.Equal(expected, Jid.Parse(input).ToString());
    }

    [Fact]
    public void Final_sigma_and_sharp_s_are_kept_distinct()
    {
        Assert.NotEqual(Jid.Parse("\u03C2@example.com"), Jid.Parse("\u03C3@example.com"));
        Assert.NotEqual(Jid.Parse("fu\u00DF@example.com"), Jid.Parse("fuss@example.com"));
    }

    [Fact]
    public void Resourcepart_keeps_its_case()
    {
        Assert.NotEqual(Jid.Parse("example.com/A"), Jid.Parse("example.com/a"));
    }

    [Theory]
    [InlineData("a b@example.com")]
    [InlineData("a\u00A0b@example.com")]
    [InlineData("a\u00ADb@example.com")]
    [InlineData("a\u200Bb@example.com")]
    [InlineData("a\u0378b@example.com")]
    [InlineData("a\uE000b@example.com")]
    [InlineData("a\uFFFFb@example.com")]
    [InlineData("\u2603@example.com")]
    [InlineData("\u2163@example.com")]
    [InlineData("\u00B2@example.com")]
    [InlineData("\uFB00@example.com")]
    [InlineData("\u212B@example.com")]
    [InlineData("\u01C5@example.com")]
    [InlineData("\u16EE@example.com")]
    [InlineData("\u0488@example.com")]
    [InlineData("\u1100\u1161@example.com")]
    [InlineData("a\u0640b@example.com")]
    public void Localpart_outside_the_identifier_class_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    [Theory]
    [InlineData("example.com/\u0378")]
    [InlineData("example.com/\uE000")]
    [InlineData("example.com/\uFFFF")]
    [InlineData("example.com/\u200B")]
    [InlineData("example.com/\u202E")]
    [InlineData("example.com/a\u200Db")]
    [InlineData("example.com/\u00AD")]
    [InlineData("example.com/\u2028")]
    [InlineData("example.com/a\u00B7b")]
    public void Resourcepart_outside_the_freeform_class_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    [Fact]
    public void Resourcepart_keeps_compatibility_characters_and_symbols()
    {
        Jid jid = Jid.Parse("example.com/Jack of \u2666s \uFB00 \u00B2");
        Assert.Equal("Jack of \u2666s \uFB00 \u00B2", jid.Resource);
    }

    [Theory]
    [InlineData("\u05D0\u05D1@example.com")]
    [InlineData("\u05D0\u05D11@example.com")]
    [InlineData("\u05D0\u05D1\u0661@example.com")]
    [InlineData("\u0628\u0628@example.com")]
    public void Right_to_left_localpart_that_satisfies_the_bidi_rule_is_valid(string input)
    {
        Assert.True(Jid.TryParse(input, out _));
    }

    [Theory]
    [InlineData("abc\u05D0\u05D1@example.com")]
    [InlineData("\u05D0\u05D1a@example.com")]
    [InlineData("\u05D0\u05D11\u0661@example.com")]
    [InlineData("1\u05D0\u05D1@example.com")]
    [InlineData("\u05E9c@example.com")]
    public void Right_to_left_localpart_that_breaks_the_bidi_rule_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }

    [Fact]
    public void Resourcepart_has_no_bidi_rule()
    {
        Assert.Equal("a\u05D0\u05D1", Jid.Parse("example.com/a\u05D0\u05D1").Resource);
    }

    [Theory]
    [InlineData("l\u00B7l@example.com")]
    [InlineData("\u0915\u094D\u200D\u0937@example.com")]
    [InlineData("\u0628\u200C\u0628@example.com")]
    public void Localpart_passes_the_contextual_rules(string input)
    {
        Assert.True(Jid.TryParse(input, out _));
    }

    [Theory]
    [InlineData("a\u00B7b@example.com")]
    [InlineData("a\u200Cb@example.com")]
    [InlineData("a\u200Db@example.com")]
    public void Localpart_failing_a_contextual_rule_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
    }
}

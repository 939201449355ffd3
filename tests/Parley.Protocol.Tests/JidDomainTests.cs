namespace Parley.Protocol.Tests;

// RFC 7622 §3.2: domainparts are IDNs stored as lower-case U-labels, IPv4 literals or bracketed IPv6 literals.
public sealed class JidDomainTests
{
    [Theory]
    [InlineData("EXAMPLE.COM", "example.com")]
    [InlineData("user@CaSe-InSeNsItIvE", "user@case-insensitive")]
    [InlineData("EXAMPLE.COM.", "example.com")]
    [InlineData("node@server.", "node@server")]
    [InlineData("example.com./r", "example.com/r")]
    [InlineData("example.com\u3002", "example.com")]
    [InlineData("example\uFF61com", "example.com")]
    [InlineData("example\uFF0Ecom\uFF0E", "example.com")]
    [InlineData("\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25\uFF0E\uFF23\uFF2F\uFF2D", "example.com")]
    [InlineData("user@\u00C9XAMPLE.com", "user@\u00E9xample.com")]
    [InlineData("user@E\u0301XAMPLE.com", "user@\u00E9xample.com")]
    [InlineData("xn--bcher-kva.example", "b\u00FCcher.example")]
    [InlineData("XN--BCHER-KVA.EXAMPLE", "b\u00FCcher.example")]
    [InlineData("B\u00DCCHER.example", "b\u00FCcher.example")]
    [InlineData("b\u00FCcher.example", "b\u00FCcher.example")]
    [InlineData("fa\u00DF.de", "fa\u00DF.de")]
    [InlineData("xn--fa-hia.de", "fa\u00DF.de")]
    [InlineData("\u041F\u0420\u0418\u041C\u0415\u0420.\u0440\u0444", "\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444")]
    [InlineData("xn--e1afmkfd.xn--p1ai", "\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444")]
    [InlineData("\u4F8B\u3048.\u30C6\u30B9\u30C8", "\u4F8B\u3048.\u30C6\u30B9\u30C8")]
    [InlineData("localhost", "localhost")]
    [InlineData("user@192.168.1.1", "user@192.168.1.1")]
    [InlineData("192.0.2.1/r", "192.0.2.1/r")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("user@[2001:DB8::1]/r", "user@[2001:db8::1]/r")]
    [InlineData("[2001:0DB8:0000:0000:0000:0000:0000:0001]", "[2001:db8::1]")]
    [InlineData("[::FFFF:C000:201]", "[::ffff:192.0.2.1]")]
    public void Domainpart_is_stored_in_normalized_form(string input, string expected)
    {
        Jid jid = Jid.Parse(input);
        Assert.Equal(expected, jid.ToString());
        Assert.Equal(jid, Jid.Parse(expected));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("example.com..")]
    [InlineData("example.com...")]
    [InlineData(".example.com")]
    [InlineData("\u3002\uFF61example.com")]
    [InlineData("example\uFF0E\u3002com")]
    [InlineData("-example.com")]
    [InlineData("example-.com")]
    [InlineData("sub.-b\u00FCcher.com")]
    [InlineData("b\u00FCcher-\u3002com")]
    [InlineData("ab--cd.com")]
    [InlineData("_xmpp.example.com")]
    [InlineData("do_main.com")]
    [InlineData("buch?r")]
    [InlineData("b\u00FCch[r")]
    [InlineData("a b")]
    [InlineData("example.com:5222")]
    [InlineData("xn--")]
    [InlineData("xn--0.pt")]
    [InlineData("xn--a-ecp.ru")]
    [InlineData("xn--zz.com")]
    [InlineData("\u0301a.example")]
    [InlineData("\u2603.example")]
    [InlineData("xn--n3h.example")]
    [InlineData("\U0001F980.example")]
    [InlineData("a\u20D0.example")]
    [InlineData("a\U0001D242.example")]
    [InlineData("\u24D0.example")]
    [InlineData("a\u00ADb.example")]
    [InlineData("a\u200Bb.example")]
    [InlineData("a\u200Cb.example")]
    [InlineData("a\u200Db.example")]
    [InlineData("\u1100.example")]
    [InlineData("a\u00B7b.example")]
    [InlineData("\u0375a.example")]
    [InlineData("a\u05F3.example")]
    [InlineData("a\u30FBb.example")]
    [InlineData("\u05D0\u05D11\u0661.example")]
    [InlineData("\u0661\u06F1.example")]
    [InlineData("1.\u05D0\u05D1")]
    [InlineData("\u05D0\u05D1.1a")]
    [InlineData("a\u05D0.example")]
    public void Domainpart_that_is_not_a_valid_idn_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
        Assert.False(Jid.TryNormalizeDomain(input, out _));
    }

    [Theory]
    [InlineData("l\u00B7l.example")]
    [InlineData("\u0375\u03B1.example")]
    [InlineData("\u05D0\u05F3.example")]
    [InlineData("\u30AB\u30FB\u30CA.example")]
    [InlineData("\u05D0\u05D1.example")]
    [InlineData("\u0915\u094D\u200D\u0937.example")]
    [InlineData("\u0628\u200C\u0628.example")]
    public void Domainpart_passes_the_idna2008_contextual_and_bidi_rules(string input)
    {
        Assert.Equal(input, Jid.Parse(input).Domain);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[127.0.0.1]")]
    [InlineData("[::1")]
    [InlineData("[::1]extra")]
    [InlineData("[::1%eth0]")]
    [InlineData("[::1%25eth0]")]
    [InlineData("[fe80::1%1]")]
    [InlineData("[:::1]")]
    [InlineData("[1::2::3]")]
    [InlineData("[12345::1]")]
    [InlineData("[[::1]]")]
    [InlineData("2001:db8::1")]
    [InlineData("::1")]
    public void Domainpart_that_is_not_a_valid_ip_literal_is_refused(string input)
    {
        Assert.False(Jid.TryNormalizeDomain(input, out _));
    }

    [Fact]
    public void Domainpart_may_be_as_long_as_a_dns_name()
    {
        string label = new('a', 63);
        string longest = $"{label}.{label}.{label}.{new string('a', 61)}";
        Assert.Equal(253, longest.Length);
        Assert.Equal(longest, Jid.Parse(longest).Domain);
        Assert.Equal(longest, Jid.Parse(longest + ".").Domain);
        Assert.Equal(longest, Jid.Parse(longest.ToUpperInvariant()).Domain);

        Assert.False(Jid.TryParse(longest + "a", out _));
        Assert.False(Jid.TryParse(new string('a', 64), out _));
        Assert.False(Jid.TryParse(new string('a', 1024), out _));
        Assert.True(Jid.TryParse(new string('\u00E9', 57), out _));
        Assert.False(Jid.TryParse(new string('\u00E9', 58), out _));
    }

    [Fact]
    public void Punycode_and_unicode_forms_of_a_domain_are_one_jid()
    {
        Jid unicode = Jid.Parse("juliet@m\u00FCnchen.de/r");
        Jid ascii = Jid.Parse("juliet@xn--mnchen-3ya.de/r");
        Assert.Equal(unicode, ascii);
        Assert.Equal(unicode.GetHashCode(), ascii.GetHashCode());
        Assert.Equal("m\u00FCnchen.de", ascii.Domain);
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("xn--bcher-kva.example", "b\u00FCcher.example")]
    [InlineData("[0::1]", "[::1]")]
    public void TryNormalizeDomain_returns_the_stored_form(string input, string expected)
    {
        Assert.True(Jid.TryNormalizeDomain(input, out string? normalized));
        Assert.Equal(expected, normalized);
    }
}

using System.Text;
using Parley.Protocol;
using Parley.Server.Streams.S2s;
using Parley.Xml;

namespace Parley.Server.Tests.S2s;

public sealed class DialbackKeys_Tests
{
    // XEP-0220 §2.1.1, Example 1 (XEP-0185's algorithm): capulet.example's secret, key for its stream to montague.
    private static readonly DialbackKeys Capulet = new(Encoding.UTF8.GetBytes("s3cr3tf0rd14lb4ck"));

    [Fact]
    public void The_key_is_the_one_in_the_xep_example()
        => Assert.Equal("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3",
            Capulet.Generate("montague.example", "capulet.example", "D60000229F"));

    [Fact]
    public void Verification_accepts_the_key_with_whitespace_and_upper_case_hex()
        => Assert.True(Capulet.Verify("montague.example", "capulet.example", "D60000229F",
            "\n   B4835385F37FE2895AF6C196B59097B16862406DB80559900D96BF6FA7D23DF3\n  "));

    [Theory]
    [InlineData("montague.example", "capulet.example", "D60000229E")] // another stream
    [InlineData("evil.example", "capulet.example", "D60000229F")]     // another receiving server
    [InlineData("capulet.example", "montague.example", "D60000229F")] // the pair reversed
    public void A_key_is_valid_only_for_its_own_stream_and_domain_pair(string receiving, string originating, string id)
        => Assert.False(Capulet.Verify(receiving, originating, id,
            "b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3"));

    [Fact]
    public void Rebasing_a_stanza_changes_only_the_elements_in_the_stream_namespace()
    {
        var message = X.E("message", Namespaces.Server, X.A("to", "a@b"),
            X.E("body", Namespaces.Server, "hi"),
            X.E("x", "urn:other", X.E("body", "urn:other")));
        var rebased = StanzaNamespace.Rebase(message, Namespaces.Server, Namespaces.Client);
        Assert.Equal("<message xmlns='jabber:client' to='a@b'><body>hi</body><x xmlns='urn:other'><body/></x></message>", rebased.ToString());
    }
}

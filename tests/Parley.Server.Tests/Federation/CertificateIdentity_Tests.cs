using Parley.Server.Federation;
using Parley.TestKit;
using static Parley.TestKit.TestCertificates;

namespace Parley.Server.Tests.Federation;

/// <summary>RFC 6125 / RFC 7712 / RFC 6120 §13.7.1.2 identity matching of a peer server's certificate.</summary>
public sealed class CertificateIdentity_Tests
{
    private static CertificateIdentity Of(Names names, string subject = "CN=parley test") =>
        CertificateIdentity.Read(CreateServer(names, subject: subject));

    [Theory]
    [InlineData("example.org", "example.org", true)]
    [InlineData("EXAMPLE.org", "example.ORG", true)]
    [InlineData("example.org.", "example.org", true)]
    [InlineData("example.org", "other.org", false)]
    [InlineData("example.org", "a.example.org", false)]
    [InlineData("*.example.org", "a.example.org", true)]
    [InlineData("*.example.org", "example.org", false)]
    [InlineData("*.example.org", "a.b.example.org", false)]
    [InlineData("*.org", "example.org", false)]
    [InlineData("f*.example.org", "foo.example.org", false)]
    [InlineData("a.*.example.org", "a.b.example.org", false)]
    [InlineData("xn--bcher-kva.example", "bücher.example", true)]
    [InlineData("*.xn--bcher-kva.example", "chat.bücher.example", true)]
    public void DNS_ID_matches_case_insensitively_with_a_leftmost_whole_label_wildcard(string presented, string domain, bool expected)
    {
        Assert.Equal(expected, Of(new Names(Dns: [presented])).Covers(domain));
    }

    [Fact]
    public void SRV_ID_for_xmpp_server_names_the_domain()
    {
        var identity = Of(new Names(SrvIds: ["_xmpp-server.example.org"]));

        Assert.Equal(["_xmpp-server.example.org"], identity.SrvIds);
        Assert.True(identity.Covers("example.org"));
        Assert.False(identity.Covers("other.org"));
    }

    [Fact]
    public void SRV_ID_for_another_service_does_not_authenticate_a_server()
    {
        Assert.False(Of(new Names(SrvIds: ["_xmpp-client.example.org"])).Covers("example.org"));
    }

    [Fact]
    public void XmppAddr_with_the_bare_domain_names_the_server()
    {
        var identity = Of(new Names(XmppAddrs: ["bücher.example"]));

        Assert.Equal(["bücher.example"], identity.XmppAddrs);
        Assert.True(identity.Covers("bücher.example"));
        Assert.True(identity.Covers("xn--bcher-kva.example"));
    }

    [Fact]
    public void XmppAddr_of_a_user_does_not_name_the_server()
    {
        Assert.False(Of(new Names(XmppAddrs: ["admin@example.org"])).Covers("example.org"));
    }

    [Fact]
    public void Common_name_counts_only_without_a_subjectAltName()
    {
        Assert.True(Of(new Names(), subject: "CN=example.org").Covers("example.org"));
        Assert.False(Of(new Names(Dns: ["other.org"]), subject: "CN=example.org").Covers("example.org"));
    }

    [Fact]
    public void Describe_lists_every_identity_type()
    {
        var identity = Of(new Names(Dns: ["example.org"], SrvIds: ["_xmpp-server.example.org"], XmppAddrs: ["example.org"]));

        Assert.Equal(["DNS-ID example.org", "SRV-ID _xmpp-server.example.org", "XmppAddr example.org"], identity.Describe());
    }
}

using Parley.Server.Modules;

namespace Parley.Server.Tests.Modules;

// XEP-0115 §5: the verification string, checked against the examples of the specification.
public sealed class EntityCapabilities_Tests
{
    private static readonly string[] ExodusFeatures =
    [
        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info",
        "http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#items",
    ];

    [Fact]
    public void Simple_generation_example_of_section_5_2()
    {
        var ver = EntityCapabilities.VerificationString([new("client", "pc", null, "Exodus 0.9.1")], ExodusFeatures, []);

        Assert.Equal("QgayPKawpkPSDYmwT/WM94uAlu0=", ver);
    }

    [Fact]
    public void Complex_generation_example_of_section_5_3_with_languages_and_a_form()
    {
        var ver = EntityCapabilities.VerificationString(
            [new("client", "pc", "en", "Psi 0.11"), new("client", "pc", "el", "Ψ 0.11")],
            ExodusFeatures,
            [new DiscoExtensionForm("urn:xmpp:dataforms:softwareinfo",
            [
                new DiscoField("software", ["Psi"]),
                new DiscoField("os_version", ["10.5.1"]),
                new DiscoField("ip_version", ["ipv6", "ipv4"]),
                new DiscoField("os", ["Mac"]),
                new DiscoField("software_version", ["0.11"]),
            ])]);

        Assert.Equal("q07IKJEyjvHSyhy//CH0CxmKi8w=", ver);
    }
}

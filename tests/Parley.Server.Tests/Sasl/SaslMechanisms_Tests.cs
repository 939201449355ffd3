using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class SaslMechanisms_Tests
{
    [Fact]
    public void Tls_with_channel_binding_offers_everything_strongest_first()
    {
        Assert.Equal(
            ["SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"],
            SaslMechanisms.Advertised(isTls: true, channelBindingAvailable: true, allowPlain: true));
    }

    [Fact]
    public void Without_tls_neither_plus_nor_plain_is_offered()
    {
        Assert.Equal(
            ["SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1"],
            SaslMechanisms.Advertised(isTls: false, channelBindingAvailable: true, allowPlain: true));
    }

    [Fact]
    public void Plain_is_offered_only_when_allowed()
    {
        Assert.DoesNotContain("PLAIN", SaslMechanisms.Advertised(isTls: true, channelBindingAvailable: false, allowPlain: false));
    }

    [Fact]
    public void Sha512_can_be_left_out_for_accounts_that_lack_it()
    {
        Assert.Equal(
            ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1"],
            SaslMechanisms.Advertised(isTls: true, channelBindingAvailable: true, allowPlain: false, offerSha512: false));
    }

    [Theory]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    [InlineData("PLAIN")]
    public void Known_mechanism_is_created_by_name(string name)
    {
        Assert.Equal(name, SaslMechanisms.Create(name, SaslTest.Create(new TestCredentials()))?.Name);
    }

    [Theory]
    [InlineData("DIGEST-MD5")]
    [InlineData("scram-sha-1")]
    [InlineData("SCRAM-SHA-384")]
    [InlineData("")]
    public void Unknown_mechanism_is_not_created(string name)
    {
        Assert.Null(SaslMechanisms.Create(name, SaslTest.Create(new TestCredentials())));
    }
}

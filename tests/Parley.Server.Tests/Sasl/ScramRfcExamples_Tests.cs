using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class ScramRfcExamples_Tests
{
    [Fact]
    public void Rfc5802_example_exchange_is_reproduced_exactly()
    {
        // RFC 5802 §5
        var credential = ScramKeys.Derive("pencil", ScramHash.Sha1, 4096, Convert.FromBase64String("QSXCR+Q6sek8bf92"));
        var context = SaslTest.Create(new TestCredentials().Add("user", credential));
        var scram = new ScramMechanism(ScramHash.Sha1, plus: false, context, serverNonceForTests: "3rfcNHYJY1ZVvWVs7j");

        var serverFirst = scram.Step("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        Assert.Equal(SaslStepKind.Challenge, serverFirst.Kind);
        Assert.Equal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", serverFirst.DataText());

        var serverFinal = scram.Step("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        Assert.Equal(SaslStepKind.Success, serverFinal.Kind);
        Assert.Equal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", serverFinal.DataText());
        Assert.Equal("user", scram.Username);
    }

    [Fact]
    public void Rfc7677_example_exchange_is_reproduced_exactly()
    {
        // RFC 7677 §3
        var credential = ScramKeys.Derive("pencil", ScramHash.Sha256, 4096, Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="));
        var context = SaslTest.Create(new TestCredentials().Add("user", credential));
        var scram = new ScramMechanism(ScramHash.Sha256, plus: false, context, serverNonceForTests: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

        var serverFirst = scram.Step("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        Assert.Equal(SaslStepKind.Challenge, serverFirst.Kind);
        Assert.Equal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", serverFirst.DataText());

        var serverFinal = scram.Step(
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        Assert.Equal(SaslStepKind.Success, serverFinal.Kind);
        Assert.Equal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", serverFinal.DataText());
    }

    [Fact]
    public void Test_client_reproduces_the_rfc5802_proof()
    {
        var client = new TestScramClient("SCRAM-SHA-1", "user", "pencil") { ClientNonce = "fyko+d2lbbFgONRv9qkxdawL" };

        var clientFinal = client.ClientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");

        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", clientFinal);
        Assert.Equal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", client.ExpectedServerFinal());
    }
}

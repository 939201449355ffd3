using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class ScramMalformedMessage_Tests
{
    private readonly TestCredentials _accounts = new TestCredentials().Add("juliet", "r0m30myr0m30");

    [Theory]
    [InlineData("n")]
    [InlineData("n,")]
    [InlineData("n,,")]
    [InlineData("x,,n=juliet,r=abc")]
    [InlineData("p=,,n=juliet,r=abc")]
    [InlineData("p=tls_unique,,n=juliet,r=abc")]
    [InlineData("n,juliet,n=juliet,r=abc")]
    [InlineData("n,a=,n=juliet,r=abc")]
    [InlineData("n,a=jul=41iet,n=juliet,r=abc")]
    [InlineData("n,,r=abc")]
    [InlineData("n,,n=juliet")]
    [InlineData("n,,r=abc,n=juliet")]
    [InlineData("n,,n=,r=abc")]
    [InlineData("n,,n=juliet,r=")]
    [InlineData("n,,n=jul=2Ciet=,r=abc")]
    [InlineData("n,,n=jul=3diet,r=abc")]
    [InlineData("n,,n=jul=4Fiet,r=abc")]
    [InlineData("n,,n=juliet,r=a b")]
    [InlineData("n,,n=juliet,r=abc,1=x")]
    [InlineData("n,,n=juliet,r=abc,x=")]
    [InlineData("n,,n=juliet,r=abc,")]
    [InlineData("n,,m=ext,n=juliet,r=abc")]
    [InlineData("n,,n=juliet,r=abc,m=ext")]
    [InlineData("n,,n=jul\0iet,r=abc")]
    public void Client_first_off_the_grammar_is_malformed(string clientFirst)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));

        var step = scram.Step(clientFirst);

        Assert.Equal(SaslStepKind.Failure, step.Kind);
        Assert.Equal(SaslFailure.MalformedRequest, step.Failure);
    }

    [Theory]
    [InlineData("c=biws,r={nonce}")]
    [InlineData("r={nonce},p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("c=biws,p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("c=biws,r={nonce},p=")]
    [InlineData("c=biws,r={nonce},p=not base64!")]
    [InlineData("c=biws,r={nonce},p=AAAA AAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("c=b!ws,r={nonce},p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("c=biws,r={nonce},m=x,p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("c=biws,r={nonce},p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=,x=1")]
    public void Client_final_off_the_grammar_is_malformed(string template)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));
        var nonce = scram.Step("n,,n=juliet,r=abc").DataText().Split(',')[0][2..];

        var step = scram.Step(template.Replace("{nonce}", nonce));

        Assert.Equal(SaslFailure.MalformedRequest, step.Failure);
    }

    [Fact]
    public void Proof_of_the_wrong_length_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));
        var nonce = scram.Step("n,,n=juliet,r=abc").DataText().Split(',')[0][2..];

        var step = scram.Step($"c=biws,r={nonce},p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        Assert.Equal(SaslFailure.NotAuthorized, step.Failure);
    }

    [Fact]
    public async Task Invalid_utf8_is_malformed()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));

        byte[] clientFirst = [.. "n,,n="u8, 0xC3, 0x28, .. ",r=abc"u8];

        var step = await scram.StepAsync(clientFirst, CancellationToken.None);

        Assert.Equal(SaslFailure.MalformedRequest, step.Failure);
    }

    [Fact]
    public void Second_empty_response_is_malformed()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));
        scram.Step("");

        Assert.Equal(SaslFailure.MalformedRequest, scram.Step("").Failure);
    }
}

using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class Plain_Tests
{
    private readonly TestCredentials _accounts = new TestCredentials().Add("juliet", "r0m30myr0m30");

    [Fact]
    public void Plain_without_tls_is_encryption_required()
    {
        var plain = Plain(SaslTest.Create(_accounts, isTls: false));

        var step = plain.Step("\0juliet\0r0m30myr0m30");

        Assert.Equal(SaslFailure.EncryptionRequired, step.Failure);
        Assert.Null(plain.Username);
    }

    [Fact]
    public void Right_password_succeeds_without_additional_data()
    {
        var plain = Plain(SaslTest.Create(_accounts));

        var step = plain.Step("\0juliet\0r0m30myr0m30");

        Assert.Equal(SaslStepKind.Success, step.Kind);
        Assert.Null(step.Data);
        Assert.Equal("juliet", plain.Username);
        Assert.Equal("PLAIN", plain.Name);
    }

    [Fact]
    public void Password_is_checked_against_the_sha256_credential()
    {
        var plain = Plain(SaslTest.Create(_accounts));

        plain.Step("\0juliet\0r0m30myr0m30");

        Assert.Equal([("juliet", ScramHash.Sha256)], _accounts.Lookups);
    }

    [Fact]
    public void Account_with_only_a_sha1_credential_can_log_in()
    {
        var accounts = new TestCredentials().Add("nurse", ScramKeys.Derive("angelica", ScramHash.Sha1, 1000));

        var step = Plain(SaslTest.Create(accounts)).Step("\0nurse\0angelica");

        Assert.Equal(SaslStepKind.Success, step.Kind);
    }

    [Fact]
    public void Wrong_password_is_not_authorized()
    {
        var plain = Plain(SaslTest.Create(_accounts));

        Assert.Equal(SaslFailure.NotAuthorized, plain.Step("\0juliet\0wherefore").Failure);
        Assert.Null(plain.Username);
    }

    [Fact]
    public void Unknown_user_is_not_authorized()
    {
        Assert.Equal(SaslFailure.NotAuthorized, Plain(SaslTest.Create(_accounts)).Step("\0benvolio\0r0m30myr0m30").Failure);
    }

    [Fact]
    public void Login_is_case_insensitive()
    {
        var plain = Plain(SaslTest.Create(_accounts));

        Assert.Equal(SaslStepKind.Success, plain.Step("\0JuLiEt\0r0m30myr0m30").Kind);
        Assert.Equal("juliet", plain.Username);
    }

    [Fact]
    public void Password_is_compared_after_opaque_string_preparation()
    {
        // RFC 8265 §4.2: a no-break space is mapped to a space; "é" decomposed and composed are one password (NFC).
        var accounts = new TestCredentials().Add("juliet", "ros\u0065\u0301 by any\u00A0name");

        var step = Plain(SaslTest.Create(accounts)).Step("\0juliet\0ros\u00E9 by any name");

        Assert.Equal(SaslStepKind.Success, step.Kind);
    }

    [Theory]
    [InlineData("juliet@example.org")]
    [InlineData("juliet")]
    public void Authzid_naming_the_user_itself_succeeds(string authzid)
    {
        Assert.Equal(SaslStepKind.Success, Plain(SaslTest.Create(_accounts)).Step($"{authzid}\0juliet\0r0m30myr0m30").Kind);
    }

    [Theory]
    [InlineData("romeo@example.org")]
    [InlineData("juliet@example.com")]
    [InlineData("juliet@example.org/balcony")]
    public void Authzid_naming_another_entity_is_invalid_authzid(string authzid)
    {
        var step = Plain(SaslTest.Create(_accounts)).Step($"{authzid}\0juliet\0r0m30myr0m30");

        Assert.Equal(SaslFailure.InvalidAuthzid, step.Failure);
    }

    [Theory]
    [InlineData("juliet r0m30myr0m30")]
    [InlineData("juliet\0r0m30myr0m30")]
    [InlineData("\0juliet\0")]
    [InlineData("\0\0r0m30myr0m30")]
    [InlineData("\0juliet\0r0m30\0myr0m30")]
    public void Message_off_the_grammar_is_malformed(string message)
    {
        Assert.Equal(SaslFailure.MalformedRequest, Plain(SaslTest.Create(_accounts)).Step(message).Failure);
    }

    [Fact]
    public async Task Invalid_utf8_is_malformed()
    {
        byte[] message = [0, .. "juliet"u8, 0, 0xFF, 0xFE];

        var step = await Plain(SaslTest.Create(_accounts)).StepAsync(message, CancellationToken.None);

        Assert.Equal(SaslFailure.MalformedRequest, step.Failure);
    }

    [Fact]
    public void Password_with_a_control_character_is_not_authorized()
    {
        Assert.Equal(SaslFailure.NotAuthorized, Plain(SaslTest.Create(_accounts)).Step("\0juliet\0r0m30\u0007").Failure);
    }

    [Fact]
    public void Missing_initial_response_gets_an_empty_challenge()
    {
        var plain = Plain(SaslTest.Create(_accounts));

        var challenge = plain.Step("");
        var step = plain.Step("\0juliet\0r0m30myr0m30");

        Assert.Equal(SaslStepKind.Challenge, challenge.Kind);
        Assert.Equal(SaslStepKind.Success, step.Kind);
    }

    [Fact]
    public void Any_step_after_the_verdict_is_malformed()
    {
        var plain = Plain(SaslTest.Create(_accounts));
        plain.Step("\0juliet\0r0m30myr0m30");

        Assert.Equal(SaslFailure.MalformedRequest, plain.Step("\0juliet\0r0m30myr0m30").Failure);
    }

    private static SaslMechanism Plain(SaslContext context) =>
        SaslMechanisms.Create("PLAIN", context) ?? throw new InvalidOperationException();
}

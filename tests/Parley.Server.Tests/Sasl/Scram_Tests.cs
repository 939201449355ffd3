using System.Text.RegularExpressions;
using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class Scram_Tests
{
    private readonly TestCredentials _accounts = new TestCredentials().Add("juliet", "r0m30myr0m30");

    [Theory]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public void Right_password_succeeds_with_a_server_signature_the_client_accepts(string mechanism)
    {
        var scram = ScramExchange.Create(mechanism, SaslTest.Create(_accounts));
        var client = new TestScramClient(mechanism, "juliet", "r0m30myr0m30");

        var final = ScramExchange.Run(scram, client);

        Assert.Equal(SaslStepKind.Success, final.Kind);
        Assert.Equal(client.ExpectedServerFinal(), final.DataText());
        Assert.Equal("juliet", scram.Username);
        Assert.Equal(mechanism, scram.Name);
    }

    [Theory]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public void Wrong_password_is_not_authorized(string mechanism)
    {
        var scram = ScramExchange.Create(mechanism, SaslTest.Create(_accounts));

        var final = ScramExchange.Run(scram, new TestScramClient(mechanism, "juliet", "wherefore"));

        Assert.Equal(SaslFailure.NotAuthorized, final.Failure);
        Assert.Equal(SaslStepKind.Failure, final.Kind);
        Assert.Null(scram.Username);
    }

    [Fact]
    public void Unknown_user_is_challenged_like_a_real_one_and_fails_at_the_proof()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));
        var client = new TestScramClient("SCRAM-SHA-256", "benvolio", "anything");

        var serverFirst = scram.Step(client.ClientFirst);
        Assert.Equal(SaslStepKind.Challenge, serverFirst.Kind);
        Assert.Matches($"^r={Regex.Escape(client.ClientNonce)}[^,]+,s=[A-Za-z0-9+/=]{{24}},i=4096$", serverFirst.DataText());

        var final = scram.Step(client.ClientFinal(serverFirst.DataText()));
        Assert.Equal(SaslFailure.NotAuthorized, final.Failure);
    }

    [Fact]
    public void Unknown_user_sees_the_same_salt_on_every_attempt()
    {
        var context = SaslTest.Create(_accounts);

        var first = SaltShownTo("benvolio", context);
        var second = SaltShownTo("benvolio", context);
        var other = SaltShownTo("mercutio", context);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Unknown_user_salt_depends_on_the_server_secret_and_iterations_on_the_configured_count()
    {
        var context = SaslTest.Create(_accounts);
        var otherServer = context with { ServerSecret = [1, 2, 3], DecoyIterations = 10000 };

        Assert.NotEqual(SaltShownTo("benvolio", context), SaltShownTo("benvolio", otherServer));
        var serverFirst = ScramExchange.Create("SCRAM-SHA-1", otherServer).Step("n,,n=benvolio,r=abc");
        Assert.EndsWith(",i=10000", serverFirst.DataText());
    }

    [Fact]
    public void Account_without_a_credential_for_the_hash_is_not_authorized()
    {
        var accounts = new TestCredentials().Add("nurse", ScramKeys.Derive("angelica", ScramHash.Sha1, 1000));
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(accounts));

        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-256", "nurse", "angelica"));

        Assert.Equal(SaslFailure.NotAuthorized, final.Failure);
    }

    [Fact]
    public void Nonce_other_than_the_combined_one_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));
        var client = new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30");

        var final = ScramExchange.Run(scram, client, nonceOverride: client.ClientNonce + "forged");

        Assert.Equal(SaslFailure.NotAuthorized, final.Failure);
    }

    [Fact]
    public void Server_nonce_is_fresh_for_each_exchange()
    {
        var context = SaslTest.Create(_accounts);

        var first = ScramExchange.Create("SCRAM-SHA-1", context).Step("n,,n=juliet,r=abc").DataText();
        var second = ScramExchange.Create("SCRAM-SHA-1", context).Step("n,,n=juliet,r=abc").DataText();

        Assert.NotEqual(first.Split(',')[0], second.Split(',')[0]);
        Assert.True(first.Split(',')[0].Length >= "r=abc".Length + 32); // 24 random bytes in base64
    }

    [Theory]
    [InlineData("JULIET")]
    [InlineData("Juliet")]
    public void Login_is_case_insensitive_and_reports_the_normalized_username(string login)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));

        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-1", login, "r0m30myr0m30"));

        Assert.Equal(SaslStepKind.Success, final.Kind);
        Assert.Equal("juliet", scram.Username);
    }

    [Fact]
    public void Escaped_comma_and_equals_in_the_username_are_decoded()
    {
        var accounts = new TestCredentials().Add("a,b=c", "pw", iterations: 100);
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(accounts));

        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-1", "a,b=c", "pw"));

        Assert.Equal(SaslStepKind.Success, final.Kind);
        Assert.Equal("a,b=c", scram.Username);
    }

    [Fact]
    public void Invalid_username_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));

        Assert.Equal(SaslFailure.NotAuthorized, scram.Step("n,,n=juliet@capulet,r=abc").Failure);
    }

    [Theory]
    [InlineData("juliet@example.org")]
    [InlineData("Juliet@EXAMPLE.org")]
    [InlineData("juliet")]
    public void Authzid_naming_the_user_itself_succeeds(string authzid)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));

        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30", authzid));

        Assert.Equal(SaslStepKind.Success, final.Kind);
    }

    [Theory]
    [InlineData("romeo@example.org")]
    [InlineData("romeo")]
    [InlineData("juliet@example.com")]
    [InlineData("juliet@example.org/balcony")]
    [InlineData("example.org")]
    public void Authzid_naming_another_entity_is_invalid_authzid(string authzid)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));

        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30", authzid));

        Assert.Equal(SaslFailure.InvalidAuthzid, final.Failure);
    }

    [Fact]
    public void Missing_initial_response_gets_an_empty_challenge_then_the_exchange_proceeds()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));

        var challenge = scram.Step("");
        var final = ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30"));

        Assert.Equal(SaslStepKind.Challenge, challenge.Kind);
        Assert.Empty(challenge.Data!);
        Assert.Equal(SaslStepKind.Success, final.Kind);
    }

    [Fact]
    public void Unknown_extension_attributes_are_ignored()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));
        var client = new TestScramClient("SCRAM-SHA-1", "juliet", "r0m30myr0m30");

        var serverFirst = scram.Step(client.ClientFirst + ",x=future");

        Assert.Equal(SaslStepKind.Challenge, serverFirst.Kind);
    }

    [Fact]
    public void Any_step_after_success_is_malformed()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));
        ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-1", "juliet", "r0m30myr0m30"));

        Assert.Equal(SaslFailure.MalformedRequest, scram.Step("").Failure);
    }

    [Fact]
    public void Any_step_after_failure_is_malformed()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-1", SaslTest.Create(_accounts));
        ScramExchange.Run(scram, new TestScramClient("SCRAM-SHA-1", "juliet", "nope"));

        var again = scram.Step(new TestScramClient("SCRAM-SHA-1", "juliet", "r0m30myr0m30").ClientFirst);

        Assert.Equal(SaslFailure.MalformedRequest, again.Failure);
    }

    private static string SaltShownTo(string username, SaslContext context)
    {
        var serverFirst = ScramExchange.Create("SCRAM-SHA-256", context).Step($"n,,n={username},r=abc").DataText();
        return serverFirst.Split(',')[1];
    }
}

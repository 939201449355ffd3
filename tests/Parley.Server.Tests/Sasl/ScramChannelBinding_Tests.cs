using System.Security.Cryptography;
using System.Text;
using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class ScramChannelBinding_Tests
{
    private readonly TestCredentials _accounts = new TestCredentials().Add("juliet", "r0m30myr0m30");
    private readonly ChannelBinding _binding = new(ChannelBinding.TlsServerEndPointType, RandomNumberGenerator.GetBytes(32));

    private SaslContext PlusContext => SaslTest.Create(_accounts, binding: _binding, channelBindingOffered: true);

    [Theory]
    [InlineData("SCRAM-SHA-1-PLUS")]
    [InlineData("SCRAM-SHA-256-PLUS")]
    [InlineData("SCRAM-SHA-512-PLUS")]
    public void Plus_client_bound_to_this_stream_succeeds(string mechanism)
    {
        var scram = ScramExchange.Create(mechanism, PlusContext);
        var client = new TestScramClient(mechanism, "juliet", "r0m30myr0m30", cbName: "tls-server-end-point", cbData: _binding.Data);

        var final = ScramExchange.Run(scram, client);

        Assert.Equal(SaslStepKind.Success, final.Kind);
        Assert.Equal(client.ExpectedServerFinal(), final.DataText());
        Assert.Equal(mechanism, scram.Name);
    }

    [Fact]
    public void Plus_client_with_authzid_covers_it_in_the_binding_and_succeeds()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256-PLUS", PlusContext);
        var client = new TestScramClient("SCRAM-SHA-256-PLUS", "juliet", "r0m30myr0m30", "juliet@example.org",
            "tls-server-end-point", _binding.Data);

        Assert.Equal(SaslStepKind.Success, ScramExchange.Run(scram, client).Kind);
    }

    [Fact]
    public void Binding_data_of_another_tls_connection_is_not_authorized()
    {
        // What a man in the middle with his own certificate would present.
        var scram = ScramExchange.Create("SCRAM-SHA-256-PLUS", PlusContext);
        var client = new TestScramClient("SCRAM-SHA-256-PLUS", "juliet", "r0m30myr0m30",
            cbName: "tls-server-end-point", cbData: RandomNumberGenerator.GetBytes(32));

        Assert.Equal(SaslFailure.NotAuthorized, ScramExchange.Run(scram, client).Failure);
    }

    [Fact]
    public void Binding_that_changes_the_gs2_header_between_messages_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256-PLUS", PlusContext);
        var client = new TestScramClient("SCRAM-SHA-256-PLUS", "juliet", "r0m30myr0m30", cbName: "tls-server-end-point", cbData: _binding.Data);

        var tampered = ScramExchange.Run(scram, client, bindingOverride: [.. "p=tls-server-end-point,a=romeo,"u8, .. _binding.Data]);

        Assert.Equal(SaslFailure.NotAuthorized, tampered.Failure);
    }

    [Fact]
    public void Plus_with_another_binding_type_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256-PLUS", PlusContext);

        Assert.Equal(SaslFailure.NotAuthorized, scram.Step("p=tls-unique,,n=juliet,r=abc").Failure);
    }

    [Theory]
    [InlineData("n,,n=juliet,r=abc")]
    [InlineData("y,,n=juliet,r=abc")]
    public void Plus_without_the_p_flag_is_malformed(string clientFirst)
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256-PLUS", PlusContext);

        Assert.Equal(SaslFailure.MalformedRequest, scram.Step(clientFirst).Failure);
    }

    [Fact]
    public void Non_plus_with_the_p_flag_is_malformed()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", PlusContext);

        Assert.Equal(SaslFailure.MalformedRequest, scram.Step("p=tls-server-end-point,,n=juliet,r=abc").Failure);
    }

    [Fact]
    public void Y_flag_while_plus_was_offered_is_a_downgrade_and_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", PlusContext);
        var client = new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30") { Gs2Header = "y,," };

        Assert.Equal(SaslFailure.NotAuthorized, ScramExchange.Run(scram, client).Failure);
    }

    [Fact]
    public void Y_flag_when_plus_was_not_offered_succeeds()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts, binding: _binding, channelBindingOffered: false));
        var client = new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30") { Gs2Header = "y,," };

        Assert.Equal(SaslStepKind.Success, ScramExchange.Run(scram, client).Kind);
    }

    [Fact]
    public void Non_plus_final_message_whose_binding_differs_from_the_header_is_not_authorized()
    {
        var scram = ScramExchange.Create("SCRAM-SHA-256", SaslTest.Create(_accounts));
        var client = new TestScramClient("SCRAM-SHA-256", "juliet", "r0m30myr0m30");

        // The client said "n,," first but claims "y,," in c=, which would hide a downgrade.
        var final = ScramExchange.Run(scram, client, bindingOverride: Encoding.UTF8.GetBytes("y,,"));

        Assert.Equal(SaslFailure.NotAuthorized, final.Failure);
    }

    [Fact]
    public void Plus_is_not_created_without_a_binding_or_when_not_offered()
    {
        Assert.Null(SaslMechanisms.Create("SCRAM-SHA-256-PLUS", SaslTest.Create(_accounts)));
        Assert.Null(SaslMechanisms.Create("SCRAM-SHA-256-PLUS", SaslTest.Create(_accounts, isTls: false)));
        Assert.Null(SaslMechanisms.Create("SCRAM-SHA-256-PLUS",
            SaslTest.Create(_accounts, binding: _binding, channelBindingOffered: false)));
    }
}

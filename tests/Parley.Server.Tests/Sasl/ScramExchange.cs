using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

internal static class ScramExchange
{
    /// <summary>Runs client-first and, when the server challenges, client-final; returns the server's last step.</summary>
    public static SaslStep Run(SaslMechanism scram, TestScramClient client, string? nonceOverride = null, byte[]? bindingOverride = null)
    {
        var serverFirst = scram.Step(client.ClientFirst);
        if (serverFirst.Kind != SaslStepKind.Challenge)
        {
            return serverFirst;
        }

        return scram.Step(client.ClientFinal(serverFirst.DataText(), nonceOverride, bindingOverride));
    }

    public static SaslMechanism Create(string mechanism, SaslContext context) =>
        SaslMechanisms.Create(mechanism, context) ?? throw new InvalidOperationException(mechanism + " not created");
}

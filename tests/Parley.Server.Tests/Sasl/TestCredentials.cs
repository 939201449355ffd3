using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

/// <summary>An in-memory account list keyed by normalized username.</summary>
internal sealed class TestCredentials : ISaslCredentialSource
{
    private readonly Dictionary<(string, ScramHash), ScramCredential> _credentials = [];

    public List<(string Username, ScramHash Hash)> Lookups { get; } = [];

    public TestCredentials Add(string username, string password, int iterations = 1000)
    {
        foreach (var credential in ScramKeys.DeriveAll(password, iterations))
        {
            Add(username, credential);
        }

        return this;
    }

    public TestCredentials Add(string username, ScramCredential credential)
    {
        _credentials[(username, credential.Hash)] = credential;
        return this;
    }

    public ValueTask<ScramCredential?> GetScramAsync(string username, ScramHash hash, CancellationToken ct)
    {
        Lookups.Add((username, hash));
        return ValueTask.FromResult(_credentials.GetValueOrDefault((username, hash)));
    }
}

internal static class SaslTest
{
    public const string Domain = "example.org";

    public static SaslContext Create(
        ISaslCredentialSource credentials, bool isTls = true, ChannelBinding? binding = null, bool channelBindingOffered = false) =>
        new(credentials, Domain, isTls, binding, NormalizeUsername, channelBindingOffered);

    // Stands in for PRECIS UsernameCaseMapped: lower-cases and refuses what a localpart cannot hold.
    public static string? NormalizeUsername(string username) =>
        username.Length == 0 || username.AsSpan().IndexOfAny("@/ \"&'<>:") >= 0 ? null : username.ToLowerInvariant();

    public static SaslStep Step(this SaslMechanism mechanism, string message) =>
        mechanism.StepAsync(System.Text.Encoding.UTF8.GetBytes(message), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public static string DataText(this SaslStep step) => System.Text.Encoding.UTF8.GetString(step.Data ?? []);
}

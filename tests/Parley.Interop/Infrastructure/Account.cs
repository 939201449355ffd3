namespace Parley.Interop.Infrastructure;

internal sealed record Account(string Local, string Password)
{
    public string Bare => $"{Local}@{ParleyServer.Domain}";

    public string At(string resource) => $"{Bare}/{resource}";
}

/// <summary>The accounts every test server has.</summary>
internal static class Accounts
{
    // Passwords outside ASCII exercise SASLprep/OpaqueString on both sides (RFC 8265).
    public static readonly Account Alice = new("alice", "alice-Wonderland-1865");
    public static readonly Account Bob = new("bob", "bob's pässwörd");
    public static readonly Account Carol = new("carol", "carol-correct-horse");
    public static readonly Account Dave = new("dave", "dave-battery-staple");
    public static readonly Account Erin = new("erin", "erin-Ünïcode-pass");
    public static readonly Account Frank = new("frank", "frank-plain-pass");

    public static IReadOnlyList<Account> All { get; } = [Alice, Bob, Carol, Dave];
}

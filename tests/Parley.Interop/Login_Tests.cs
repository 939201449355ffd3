using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>RFC 6120 §5 (STARTTLS), XEP-0368 (direct TLS), §6 (SASL, RFC 7677 SCRAM-SHA-256), §7 (bind).</summary>
public sealed class Login_Tests(ReplacingServer fixture, ITestOutputHelper output) : IClassFixture<ReplacingServer>
{
    private readonly ParleyServer _server = fixture.Server;

    [Fact]
    public Task Slixmpp_logs_in_with_SCRAM_SHA_256_over_STARTTLS()
        => LogsInWithScramSha256(ClientLibrary.Slixmpp, TlsMode.StartTls);

    [Fact]
    public Task Aioxmpp_logs_in_with_SCRAM_SHA_256_over_STARTTLS()
        => LogsInWithScramSha256(ClientLibrary.Aioxmpp, TlsMode.StartTls);

    [Fact]
    public Task Slixmpp_logs_in_with_SCRAM_SHA_256_over_direct_TLS()
        => LogsInWithScramSha256(ClientLibrary.Slixmpp, TlsMode.DirectTls);

    [Fact]
    public Task Aioxmpp_logs_in_with_SCRAM_SHA_256_over_direct_TLS()
        => LogsInWithScramSha256(ClientLibrary.Aioxmpp, TlsMode.DirectTls);

    [Fact]
    public Task Slixmpp_is_refused_with_a_wrong_password()
        => IsRefusedWithAWrongPassword(ClientLibrary.Slixmpp);

    [Fact]
    public Task Aioxmpp_is_refused_with_a_wrong_password()
        => IsRefusedWithAWrongPassword(ClientLibrary.Aioxmpp);

    [Fact]
    public Task Slixmpp_logs_in_with_the_SASL_mechanism_it_picks_itself()
        => LogsInWithItsOwnChoice(ClientLibrary.Slixmpp);

    [Fact]
    public Task Aioxmpp_logs_in_with_the_SASL_mechanism_it_picks_itself()
        => LogsInWithItsOwnChoice(ClientLibrary.Aioxmpp);

    private Task LogsInWithScramSha256(ClientLibrary library, TlsMode tls) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var resource = $"{library}-{tls}".ToLowerInvariant();
        var alice = scenario.Login(library, Accounts.Alice.At(resource), Accounts.Alice.Password, tls);

        var bound = await alice.ExpectAsync("bound");
        Assert.Equal(Accounts.Alice.At(resource), bound["jid"]);
        Assert.Equal("SCRAM-SHA-256", bound["mechanism"]);
        // The certificate was verified against the test CA and the name localhost, or there would be no session.
        Assert.Contains(bound["tls"], new[] { "TLSv1.2", "TLSv1.3" });
        await alice.ExpectExitAsync();
    });

    // What a user of the library gets without configuring anything: the library sees the server's whole mechanism list
    // (SCRAM-*-PLUS with XEP-0440 tls-server-end-point, SCRAM-*, PLAIN) and must still end up logged in.
    private Task LogsInWithItsOwnChoice(ClientLibrary library) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var resource = $"{library}-own-choice".ToLowerInvariant();
        var dave = scenario.Login(library, Accounts.Dave.At(resource), Accounts.Dave.Password, mechanism: XmppClient.LibraryChoice);

        var bound = await dave.ExpectAsync("bound");
        Assert.Equal(Accounts.Dave.At(resource), bound["jid"]);
        output.WriteLine($"{library} picked {bound["mechanism"]}");
        await dave.ExpectExitAsync();
    });

    private Task IsRefusedWithAWrongPassword(ClientLibrary library) => Scenario.RunAsync(_server, output, async scenario =>
    {
        var resource = $"{library}-wrong-password".ToLowerInvariant();
        var carol = scenario.Login(library, Accounts.Carol.At(resource), "not-" + Accounts.Carol.Password);

        var refused = await carol.ExpectAsync("auth-failed");
        Assert.Equal("not-authorized", refused["condition"]);   // RFC 6120 §6.5.10
        await carol.ExpectExitAsync();
    });
}

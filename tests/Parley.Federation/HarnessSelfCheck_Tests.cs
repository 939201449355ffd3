using Parley.Federation.Harness;
using Xunit.Abstractions;

namespace Parley.Federation;

/// <summary>
/// The harness itself: Prosody and ejabberd federate with each other through the private dnsmasq with the setup's
/// certificates, and authenticate the way the setup intends. If this fails, no Parley test of the setup means much.
/// </summary>
public abstract class HarnessSelfCheck(FederationSetup setup, ITestOutputHelper output, bool external)
{
    [Fact]
    public Task Prosody_and_ejabberd_exchange_messages_and_authenticate_as_the_setup_intends() => setup.RunAsync(output, async () =>
    {
        // alice on each peer (the Parley tests pair Parley's users with the peers' users, never these two).
        await using var alice = await setup.Prosody.LoginAsync("alice", "selfcheck");
        await using var bob = await setup.Ejabberd.LoginAsync("alice", "selfcheck");
        await alice.SendInitialPresenceAsync();
        await bob.SendInitialPresenceAsync();

        await alice.SendAsync($"<message to='{bob.Jid}' type='chat' id='sc1'><body>hello ejabberd</body></message>");
        await bob.WaitForMessageAsync(alice.Jid!.ToString(), "hello ejabberd");
        await bob.SendAsync($"<message to='{alice.Jid}' type='chat' id='sc2'><body>hello prosody</body></message>");
        await alice.WaitForMessageAsync(bob.Jid!.ToString(), "hello prosody");

        var p = setup.Prosody;
        var e = setup.Ejabberd;
        Assert.True(await p.LoggedAuthenticationAsync(e.Domain, incoming: true, external), $"Prosody's log shows no incoming {Method} from ejabberd");
        Assert.True(await p.LoggedAuthenticationAsync(e.Domain, incoming: false, external), $"Prosody's log shows no outgoing {Method} to ejabberd");
        Assert.True(await e.LoggedAuthenticationAsync(p.Domain, incoming: true, external), $"ejabberd's log shows no incoming {Method} from Prosody");
        Assert.True(await e.LoggedAuthenticationAsync(p.Domain, incoming: false, external), $"ejabberd's log shows no outgoing {Method} to Prosody");
        Assert.False(p.Authenticated(e.Domain, incoming: true, !external), "Prosody used the other method");
        Assert.False(e.Authenticated(p.Domain, incoming: true, !external), "ejabberd used the other method");
    });

    private string Method => external ? "SASL EXTERNAL" : "dialback";
}

[Collection(CaCollection.Name)]
public sealed class HarnessSelfCheck_Ca(CaSetup setup, ITestOutputHelper output) : HarnessSelfCheck(setup, output, external: true);

[Collection(DialbackCollection.Name)]
public sealed class HarnessSelfCheck_Dialback(DialbackSetup setup, ITestOutputHelper output) : HarnessSelfCheck(setup, output, external: false);

using Parley.Federation.Harness;
using Parley.Protocol;
using Parley.TestKit;
using Xunit.Abstractions;

namespace Parley.Federation;

/// <summary>
/// Parley ⇄ a real peer (Prosody or ejabberd), in one of the two setups. Each test logs in a user on each side
/// (its own pair of accounts) and checks what RFC 6120/6121 say must cross the servers.
/// </summary>
public abstract class ParleyFederation(FederationSetup setup, ITestOutputHelper output, string product, bool external)
{
    private Peer Peer => setup.PeerNamed(product);

    private Task<TestClient> ParleyLoginAsync(string user)
        => setup.ParleyServer.LoginAsync(FederationSetup.ParleyUser(Peer, user), Peer.Password, "parley-" + user);

    private string HomeDomain => setup.Topology.ParleyDomain;

    private async Task<(TestClient Parley, TestClient Remote)> PairAsync(string user)
    {
        var local = await (await ParleyLoginAsync(user)).ReadyAsync();
        var remote = await (await Peer.LoginAsync(user, "peer-" + user)).ReadyAsync();
        return (local, remote);
    }

    private static string Bare(TestClient c) => ClientExtensions.BareOf(c.Jid!.ToString());

    [Fact]
    public Task Messages_cross_both_ways() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("alice");
        await using var _ = local;
        await using var __ = remote;

        await local.SendAsync($"<message to='{Bare(remote)}' type='chat' id='m1'><body>from Parley to {product}</body></message>");
        var got = await remote.WaitForMessageAsync(local.Jid!.ToString(), $"from Parley to {product}");
        Assert.Equal(local.Jid!.ToString(), got.Attribute("from"));

        await remote.SendAsync($"<message to='{Bare(local)}' type='chat' id='m2'><body>from {product} to Parley</body></message>");
        got = await local.WaitForMessageAsync(remote.Jid!.ToString(), $"from {product} to Parley");
        Assert.Equal(remote.Jid!.ToString(), got.Attribute("from"));
    });

    [Fact]
    public Task Subscription_handshake_across_servers_ends_in_both_on_both_rosters() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("bob");
        await using var _ = local;
        await using var __ = remote;

        await Im.SubscribeBothWaysAsync(local, remote);

        Assert.Equal("both", (await local.RosterAsync()).GetValueOrDefault(Bare(remote)));
        Assert.Equal("both", (await remote.RosterAsync()).GetValueOrDefault(Bare(local)));
    });

    [Fact]
    public Task Subscription_started_on_the_peer_ends_in_both_on_both_rosters() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("grace");
        await using var _ = local;
        await using var __ = remote;

        await Im.SubscribeBothWaysAsync(remote, local);

        Assert.Equal("both", (await local.RosterAsync()).GetValueOrDefault(Bare(remote)));
        Assert.Equal("both", (await remote.RosterAsync()).GetValueOrDefault(Bare(local)));
    });

    [Fact]
    public Task Presence_updates_are_seen_both_ways() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("carol");
        await using var _ = local;
        await using var __ = remote;
        await Im.SubscribeBothWaysAsync(local, remote);

        await local.SendAsync("<presence><show>away</show><status>lunch at Parley</status></presence>");
        var seen = await remote.WaitForPresenceAsync(Bare(local),
            e => e.Child("status", Namespaces.Client)?.Text == "lunch at Parley", "the 'away' update");
        Assert.Equal(local.Jid!.ToString(), seen.Attribute("from"));
        Assert.Equal("away", seen.Child("show", Namespaces.Client)?.Text);

        await remote.SendAsync($"<presence><show>dnd</show><status>busy at {product}</status></presence>");
        seen = await local.WaitForPresenceAsync(Bare(remote),
            e => e.Child("status", Namespaces.Client)?.Text == $"busy at {product}", "the 'dnd' update");
        Assert.Equal(remote.Jid!.ToString(), seen.Attribute("from"));
        Assert.Equal("dnd", seen.Child("show", Namespaces.Client)?.Text);

        await local.SendAsync("<presence type='unavailable'/>");
        seen = await remote.WaitForPresenceAsync(Bare(local), e => e.Attribute("type") == "unavailable", "unavailable presence");
        Assert.Equal(local.Jid!.ToString(), seen.Attribute("from"));
    });

    [Fact]
    public Task Ping_and_version_cross_to_the_remote_server_and_to_a_remote_full_jid_both_ways() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("dave");
        await using var _ = local;
        await using var __ = remote;

        // Parley's user asks the peer server, then the peer's user.
        var pong = await local.IqAsync($"<iq to='{Peer.Domain}' type='get' id='ping1'><ping xmlns='{Namespaces.Ping}'/></iq>", "ping1");
        Assert.Equal("result", pong.Attribute("type"));
        Assert.Equal(Peer.Domain, pong.Attribute("from"));
        var version = await local.IqAsync($"<iq to='{Peer.Domain}' type='get' id='ver1'><query xmlns='{Namespaces.Version}'/></iq>", "ver1");
        Assert.Equal("result", version.Attribute("type"));
        Assert.Contains(product, version.Child("query", Namespaces.Version)?.Child("name", Namespaces.Version)?.Text ?? "", StringComparison.OrdinalIgnoreCase);
        await PingFullJidAsync(local, remote, "ping2");
        await VersionFullJidAsync(local, remote, "ver3");

        // The peer's user asks Parley, then Parley's user.
        pong = await remote.IqAsync($"<iq to='{HomeDomain}' type='get' id='ping3'><ping xmlns='{Namespaces.Ping}'/></iq>", "ping3");
        Assert.Equal("result", pong.Attribute("type"));
        version = await remote.IqAsync($"<iq to='{HomeDomain}' type='get' id='ver2'><query xmlns='{Namespaces.Version}'/></iq>", "ver2");
        Assert.Equal("result", version.Attribute("type"));
        Assert.Equal("Parley", version.Child("query", Namespaces.Version)?.Child("name", Namespaces.Version)?.Text);
        await PingFullJidAsync(remote, local, "ping4");
        await VersionFullJidAsync(remote, local, "ver4");
    });

    // The target's client gets the ping from the asker's full JID and answers; the answer comes back across.
    private static Task PingFullJidAsync(TestClient asker, TestClient target, string id)
        => AskClientAsync(asker, target, id, $"<ping xmlns='{Namespaces.Ping}'/>", "");

    // The same with a version query (XEP-0092), which the target's client answers with its name.
    private static async Task VersionFullJidAsync(TestClient asker, TestClient target, string id)
    {
        var answer = await AskClientAsync(asker, target, id, $"<query xmlns='{Namespaces.Version}'/>",
            $"<query xmlns='{Namespaces.Version}'><name>federation test client</name><version>1</version></query>");
        Assert.Equal("federation test client", answer.Child("query", Namespaces.Version)?.Child("name", Namespaces.Version)?.Text);
    }

    private static async Task<Parley.Xml.Element> AskClientAsync(TestClient asker, TestClient target, string id, string query, string answer)
    {
        await asker.SendAsync($"<iq to='{target.Jid}' type='get' id='{id}'>{query}</iq>");
        var request = await target.WaitForAsync($"IQ {id}", e => e.Is("iq", Namespaces.Client) && e.Attribute("id") == id);
        Assert.Equal(asker.Jid!.ToString(), request.Attribute("from"));
        Assert.Equal("get", request.Attribute("type"));
        await target.SendAsync($"<iq to='{asker.Jid}' type='result' id='{id}'>{answer}</iq>");
        var result = await asker.WaitForAsync($"the answer to IQ {id}", e => e.Is("iq", Namespaces.Client) && e.Attribute("id") == id);
        Assert.Equal("result", result.Attribute("type"));
        Assert.Equal(target.Jid!.ToString(), result.Attribute("from"));
        return result;
    }

    [Fact]
    public Task A_message_to_a_stopped_server_bounces_and_goes_through_once_it_is_back() => setup.RunAsync(output, async () =>
    {
        var peer = Peer;
        await using var local = await (await ParleyLoginAsync("erin")).ReadyAsync();
        var remoteJid = $"erin@{peer.Domain}";
        await peer.StopAsync();
        try
        {
            await local.SendAsync($"<message to='{remoteJid}' type='chat' id='lost1'><body>anyone there?</body></message>");
            // Bounced once the connection attempt fails or, at the latest, when the negotiation timeout ends.
            var bounce = await local.WaitForAsync("the bounce of message lost1",
                e => e.Is("message", Namespaces.Client) && e.Attribute("id") == "lost1",
                TimeSpan.FromSeconds(ParleyNode.ConnectTimeoutSeconds + ParleyNode.NegotiationTimeoutSeconds + 10));
            Assert.Equal("error", bounce.Attribute("type"));
            Assert.Equal(remoteJid, bounce.Attribute("from"));
            Assert.Contains(bounce.ErrorCondition(), new[] { "remote-server-not-found", "remote-server-timeout" });
            output.WriteLine($"bounced with {bounce.ErrorCondition()}");
        }
        finally
        {
            await peer.StartAsync();
        }

        await using var remote = await (await peer.LoginAsync("erin", "peer-erin")).ReadyAsync();
        await local.SendAsync($"<message to='{remoteJid}' type='chat' id='back1'><body>welcome back</body></message>");
        await remote.WaitForMessageAsync(local.Jid!.ToString(), "welcome back");
        await remote.SendAsync($"<message to='{Bare(local)}' type='chat' id='back2'><body>glad to be back</body></message>");
        await local.WaitForMessageAsync(remote.Jid!.ToString(), "glad to be back");
    });

    [Fact]
    public Task After_Parley_restarts_messages_go_through_both_ways_again() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("heidi");
        await using var __ = remote;
        await using (local)
        {
            await local.SendAsync($"<message to='{Bare(remote)}' type='chat' id='r1'><body>before the restart</body></message>");
            await remote.WaitForMessageAsync(local.Jid!.ToString(), "before the restart");
            await remote.SendAsync($"<message to='{Bare(local)}' type='chat' id='r2'><body>seen before the restart</body></message>");
            await local.WaitForMessageAsync(remote.Jid!.ToString(), "seen before the restart");
        }

        // The streams both ways end with the old process; the peer and Parley each set up new ones.
        await setup.RestartParleyAsync();
        await using var again = await (await ParleyLoginAsync("heidi")).ReadyAsync();
        await remote.SendAsync($"<message to='{Bare(again)}' type='chat' id='r3'><body>after the restart</body></message>");
        await again.WaitForMessageAsync(remote.Jid!.ToString(), "after the restart");
        await again.SendAsync($"<message to='{Bare(remote)}' type='chat' id='r4'><body>back after the restart</body></message>");
        await remote.WaitForMessageAsync(again.Jid!.ToString(), "back after the restart");
    });

    [Fact]
    public Task Streams_both_ways_authenticate_with_the_setup_s_method() => setup.RunAsync(output, async () =>
    {
        var (local, remote) = await PairAsync("frank");
        await using var _ = local;
        await using var __ = remote;
        await local.SendAsync($"<message to='{Bare(remote)}' type='chat' id='a1'><body>auth check out</body></message>");
        await remote.WaitForMessageAsync(local.Jid!.ToString(), "auth check out");
        await remote.SendAsync($"<message to='{Bare(local)}' type='chat' id='a2'><body>auth check in</body></message>");
        await local.WaitForMessageAsync(remote.Jid!.ToString(), "auth check in");

        var parley = HomeDomain;
        var method = external ? "SASL EXTERNAL" : "dialback";
        Assert.True(await Peer.LoggedAuthenticationAsync(parley, incoming: true, external), $"{product}'s log shows no incoming {method} from Parley");
        Assert.True(await Peer.LoggedAuthenticationAsync(parley, incoming: false, external), $"{product}'s log shows no outgoing {method} to Parley");
        Assert.False(Peer.Authenticated(parley, incoming: true, !external), $"{product} accepted Parley with the other method");
        Assert.False(Peer.Authenticated(parley, incoming: false, !external), $"{product} authenticated to Parley with the other method");

        // Parley logs each authenticated stream with its method: "s2s in <address>: <peer> -> <us> authenticated by
        // <method>" and "s2s out <us> -> <peer>: connected to <address>, authenticated by <method> (<TLS>)".
        var lines = TestLogProvider.Lines.ToArray();
        var other = external ? "dialback" : "SASL EXTERNAL";
        Assert.Contains(lines, l => l.Contains($": {Peer.Domain} -> {parley} authenticated by {method}", StringComparison.Ordinal));
        // Through DNS (CA setup) Prosody's _xmpps-server record (direct TLS, XEP-0368) comes first; ejabberd has an
        // A record only (port 5269), and host overrides (self-signed setup) name port 5269.
        var port = Peer is ProsodyPeer && setup.Topology.UseCa ? Topology.S2sDirectTlsPort : Topology.S2sPort;
        Assert.Contains(lines, l => l.Contains($"s2s out {parley} -> {Peer.Domain}: connected to {Peer.Address}:{port}, authenticated by {method} (", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains($": {Peer.Domain} -> {parley} authenticated by {other}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains($"s2s out {parley} -> {Peer.Domain}: connected to", StringComparison.Ordinal)
                                          && l.Contains($"authenticated by {other} (", StringComparison.Ordinal));
    });
}

[Collection(CaCollection.Name)]
public sealed class Parley_Prosody_Ca(CaSetup setup, ITestOutputHelper output) : ParleyFederation(setup, output, "Prosody", external: true);

[Collection(CaCollection.Name)]
public sealed class Parley_Ejabberd_Ca(CaSetup setup, ITestOutputHelper output) : ParleyFederation(setup, output, "ejabberd", external: true);

[Collection(DialbackCollection.Name)]
public sealed class Parley_Prosody_Dialback(DialbackSetup setup, ITestOutputHelper output) : ParleyFederation(setup, output, "Prosody", external: false);

[Collection(DialbackCollection.Name)]
public sealed class Parley_Ejabberd_Dialback(DialbackSetup setup, ITestOutputHelper output) : ParleyFederation(setup, output, "ejabberd", external: false);

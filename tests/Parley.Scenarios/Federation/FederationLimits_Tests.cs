using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Connections;
using Parley.TestKit;

namespace Parley.Scenarios.Federation;

// Limits on incoming s2s streams, as on c2s: the read rate (s2s_read_bytes_per_second) and connections per IP.
public sealed class FederationLimits_Tests
{
    [Fact]
    public async Task A_peer_over_its_read_budget_is_slowed_and_every_stanza_arrives_in_order()
    {
        await using var servers = await FederatedServers.StartAsync(trusted: true,
            extraA: new Dictionary<string, string?> { ["limits:c2s_read_bytes_per_second"] = "0" },
            extraB: new Dictionary<string, string?>
            {
                ["limits:s2s_read_bytes_per_second"] = "20000",
                ["limits:s2s_read_burst_bytes"] = "4000",
            });
        await servers.A.AddUserAsync("alice", "wonderland");
        await servers.B.AddUserAsync("bob", "builder");
        await using var alice = await servers.A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var bob = await servers.B.LoginAvailableAsync("bob", "builder", "work");

        var filler = new string('y', 1000);
        const int count = 40;
        await alice.SendAsync(string.Concat(Enumerable.Range(0, count).Select(i =>
            $"<message to='bob@b.test/work' type='chat' id='s{i}'><body>{i} {filler}</body></message>")));

        for (var i = 0; i < count; i++)
        {
            var message = await bob.ExpectAsync("message", Namespaces.Client);
            Assert.Equal(($"s{i}", "alice@a.test/home"), (message.Attribute("id"), message.Attribute("from")));
            Assert.Equal($"{i} {filler}", message.Child("body", Namespaces.Client)?.Text);
        }
        // No bounce came back to alice.
        await alice.ExpectNothingAsync();
        Assert.True(servers.B.Services.GetRequiredService<ReadRateLimits>().S2sWaits.Count > 0, "b.test's s2s read limit never engaged");
        // Alice's own c2s stream had no limit.
        Assert.Equal(0, servers.A.Services.GetRequiredService<ReadRateLimits>().C2sWaits.Count);
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_policy_violation()
    {
        await using var servers = await FederatedServers.StartAsync(trusted: true,
            extraB: new Dictionary<string, string?> { ["s2s:max_connections_per_ip"] = "1" });

        await using var first = await TestClient.ConnectAsync(servers.B.S2sPort, directTls: false, servers.B.Host);
        var features = await FakePeer.OpenAsync(first, servers.B, "c.test");
        Assert.NotNull(features.Child("starttls", Namespaces.Tls));

        await using var second = await TestClient.ConnectAsync(servers.B.S2sPort, directTls: false, servers.B.Host);
        await second.SendAsync("<?xml version='1.0'?><stream:stream xmlns='jabber:server' " +
            "xmlns:stream='http://etherx.jabber.org/streams' from='c.test' to='b.test' version='1.0'>");
        Assert.Equal("policy-violation", await second.ExpectStreamErrorAsync());

        // The first connection is unaffected.
        await first.SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        await first.ExpectAsync("proceed", Namespaces.Tls);
    }
}

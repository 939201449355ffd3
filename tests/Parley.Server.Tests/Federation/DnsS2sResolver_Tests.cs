using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Config;
using Parley.Server.Federation;

namespace Parley.Server.Tests.Federation;

/// <summary>RFC 6120 §3.2 and XEP-0368 resolution against a private dnsmasq on 127.0.30.53.</summary>
public sealed class DnsS2sResolver_Tests(DnsZone zone) : IClassFixture<DnsZone>
{
    private DnsS2sResolver Resolver(Dictionary<string, string>? overrides = null, string? server = null)
    {
        var options = new ParleyOptions();
        options.S2s.DnsServers.Add(server ?? zone.Dns.Server);
        foreach (var (domain, target) in overrides ?? [])
            options.S2s.HostOverrides[domain] = target;
        return new DnsS2sResolver(options, NullLogger<DnsS2sResolver>.Instance);
    }

    private static S2sEndPoint At(string ip, int port, string target, bool directTls, bool fromSrv) =>
        new(new IPEndPoint(IPAddress.Parse(ip), port), target, directTls, fromSrv);

    [Fact]
    public async Task Host_override_wins_and_asks_no_DNS_for_the_domain()
    {
        // The domain also has SRV records (in a zone nobody else asks about), so only the override explains the answer.
        var resolver = Resolver(new() { ["overridden.example"] = "127.0.30.20:5999" });

        var endpoints = await resolver.ResolveAsync("overridden.example", default);

        Assert.Equal([At("127.0.30.20", 5999, "127.0.30.20", directTls: false, fromSrv: false)], endpoints);
        // A later marker query in the log proves every earlier one is there too.
        await new DnsLookups([zone.Dns.Server]).AddressesAsync("marker-override.example", default);
        await zone.Dns.WaitForLogAsync("marker-override.example");
        Assert.DoesNotContain("overridden.example", zone.Dns.Log(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Host_override_naming_a_host_resolves_it_through_the_configured_DNS()
    {
        var resolver = Resolver(new() { ["named-override.example"] = "first.prio.example:5300" });

        var endpoints = await resolver.ResolveAsync("Named-Override.example", default);

        Assert.Equal([At("127.0.30.1", 5300, "first.prio.example", directTls: false, fromSrv: false)], endpoints);
        await zone.Dns.WaitForLogAsync("query[A] first.prio.example");
    }

    [Fact]
    public async Task Host_override_to_localhost_needs_no_resolver()
    {
        // No dns_servers: the system's resolver would be used for names, but localhost is answered without asking.
        var options = new ParleyOptions();
        options.S2s.HostOverrides["local.example"] = "localhost:5299";
        var resolver = new DnsS2sResolver(options, NullLogger<DnsS2sResolver>.Instance);

        var endpoints = await resolver.ResolveAsync("local.example", default);

        Assert.Equal(
            [
                At("::1", 5299, "localhost", directTls: false, fromSrv: false),
                At("127.0.0.1", 5299, "localhost", directTls: false, fromSrv: false),
            ],
            endpoints);
    }

    [Fact]
    public async Task Lower_SRV_priority_comes_first()
    {
        var endpoints = await Resolver().ResolveAsync("prio.example", default);

        Assert.Equal(
            [
                At("127.0.30.1", 5269, "first.prio.example", directTls: false, fromSrv: true),
                At("127.0.30.2", 5269, "second.prio.example", directTls: false, fromSrv: true),
            ],
            endpoints);
    }

    [Fact]
    public async Task Equal_weights_share_the_first_place_and_the_backup_priority_stays_last()
    {
        var resolver = Resolver();
        var firsts = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            var endpoints = await resolver.ResolveAsync("weight.example", default);
            Assert.Equal(3, endpoints.Count);
            Assert.Equal("c.weight.example", endpoints[2].TargetHost);
            firsts.Add(endpoints[0].TargetHost);
        }
        // Each of the two has probability 1/2 of coming first in each of 60 draws.
        Assert.Equal(["a.weight.example", "b.weight.example"], firsts.Order());
    }

    [Fact]
    public async Task Direct_TLS_and_STARTTLS_records_are_ordered_as_one_set()
    {
        var endpoints = await Resolver().ResolveAsync("mixed.example", default);

        Assert.Equal(
            [
                At("127.0.30.6", 5270, "tls.mixed.example", directTls: true, fromSrv: true),
                At("127.0.30.7", 5269, "plain.mixed.example", directTls: false, fromSrv: true),
            ],
            endpoints);
    }

    [Fact]
    public async Task Direct_TLS_and_STARTTLS_at_one_priority_are_drawn_together()
    {
        var resolver = Resolver();
        var firsts = new HashSet<bool>();
        for (var i = 0; i < 60; i++)
        {
            var endpoints = await resolver.ResolveAsync("equal.example", default);
            Assert.Equal(2, endpoints.Count);
            Assert.NotEqual(endpoints[0].DirectTls, endpoints[1].DirectTls);
            Assert.Equal(endpoints[0].DirectTls ? 5270 : 5269, endpoints[0].Address.Port);
            firsts.Add(endpoints[0].DirectTls);
        }
        Assert.Equal([false, true], firsts.Order());
    }

    [Fact]
    public async Task A_lone_dot_target_means_no_service_and_no_address_fallback()
    {
        Assert.Empty(await Resolver().ResolveAsync("dot.example", default));
        Assert.Empty(await Resolver().ResolveAsync("tlsdotonly.example", default));
    }

    [Fact]
    public async Task A_dot_on_direct_TLS_only_leaves_the_STARTTLS_records()
    {
        var endpoints = await Resolver().ResolveAsync("tlsdot.example", default);

        Assert.Equal([At("127.0.30.11", 5269, "plain.tlsdot.example", directTls: false, fromSrv: true)], endpoints);
    }

    [Fact]
    public async Task No_SRV_records_fall_back_to_the_domain_on_5269()
    {
        var endpoints = await Resolver().ResolveAsync("plain.example", default);

        Assert.Equal([At("127.0.30.13", 5269, "plain.example", directTls: false, fromSrv: false)], endpoints);
    }

    [Fact]
    public async Task IPv6_and_IPv4_addresses_of_a_target_alternate_IPv6_first()
    {
        var endpoints = await Resolver().ResolveAsync("dual.example", default);

        Assert.Equal(4, endpoints.Count);
        Assert.Equal(
            [AddressFamily.InterNetworkV6, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6, AddressFamily.InterNetwork],
            endpoints.Select(e => e.Address.AddressFamily));
        Assert.Equal(
            ["127.0.30.14", "127.0.30.15", "fd00::30:14", "fd00::30:15"],
            endpoints.Select(e => e.Address.Address.ToString()).Order());
        Assert.All(endpoints, e => Assert.Equal(5269, e.Address.Port));
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_resolves_to_nothing()
    {
        Assert.Empty(await Resolver().ResolveAsync("nowhere.example", default));
    }

    [Fact]
    public async Task A_DNS_server_that_never_answers_gives_an_empty_list()
    {
        // A socket that takes the queries and never replies: every lookup times out.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Parse("127.0.30.54"), 0));

        var endpoints = await Resolver(server: silent.LocalEndPoint!.ToString()).ResolveAsync("prio.example", default);

        Assert.Empty(endpoints);
        Assert.True(silent.Available > 0, "the resolver asked the configured server");
    }

    [Fact]
    public async Task Client_SRV_records_are_read_for_the_check_verb()
    {
        var dns = new DnsLookups([zone.Dns.Server]);

        var starttls = await dns.SrvAsync(DnsLookups.ClientService, "prio.example", default);
        var direct = await dns.SrvAsync(DnsLookups.ClientTlsService, "prio.example", default);
        var none = await dns.SrvAsync(DnsLookups.ClientService, "plain.example", default);

        Assert.Equal([new SrvRecordData(10, 0, 5222, "first.prio.example")], starttls.Records);
        Assert.Equal([new SrvRecordData(5, 0, 5223, "first.prio.example")], direct.Records);
        Assert.Equal(DnsOutcome.NoRecords, none.Outcome);
    }
}

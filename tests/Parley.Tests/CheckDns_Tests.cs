using System.Net;
using Parley.TestKit;
using Parley.Tests.Support;

namespace Parley.Tests;

/// <summary>The private zone <c>parley check dns</c> is pointed at: a dnsmasq on 127.0.30.55.</summary>
public sealed class CheckDnsZone : IDisposable
{
    public CheckDnsZone() => Dns = PrivateDns.Start(IPAddress.Parse("127.0.30.55"),
    [
        "--srv-host=_xmpp-client._tcp.good.example,xmpp.good.example,5222,10,5",
        "--srv-host=_xmpps-client._tcp.good.example,xmpp.good.example,443,5,0",
        "--srv-host=_xmpp-server._tcp.good.example,xmpp.good.example,5269,10,0",
        "--srv-host=_xmpps-server._tcp.good.example,xmpp.good.example,5270,5,0",
        "--host-record=xmpp.good.example,127.0.30.61,fd00::30:61",
        "--host-record=muc.good.example,127.0.30.63",
        "--host-record=fallback.example,127.0.30.62",
        "--srv-host=_xmpp-client._tcp.closed.example",
        "--srv-host=_xmpp-server._tcp.closed.example",
        "--host-record=closed.example,127.0.30.64",
        "--srv-host=_xmpp-server._tcp.lost.example,gone.lost.example,5269,10,0",
    ]);

    public PrivateDns Dns { get; }

    public void Dispose() => Dns.Dispose();
}

/// <summary><c>parley check dns HOST</c> run as a child process against the private zone.</summary>
public sealed class CheckDns_Tests : IClassFixture<CheckDnsZone>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-checkdns-").FullName;
    private readonly CheckDnsZone _zone;

    public CheckDns_Tests(CheckDnsZone zone) => _zone = zone;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Config(params string[] hosts)
    {
        var path = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(path, $"""
            data_dir = "data"
            {string.Concat(hosts.Select(h => $"[hosts.\"{h}\"]\n"))}
            [s2s]
            dns_servers = ["{_zone.Dns.Server}"]
            """);
        return path;
    }

    [Fact]
    public async Task Shows_client_and_server_SRV_records_with_their_addresses()
    {
        var (code, output, error) = await ParleyCli.RunAsync(null, "check", "dns", "good.example", "--config", Config("localhost"));

        Assert.True(code == 0, output + error);
        Assert.Contains($"asking {_zone.Dns.Server}", output);
        Assert.Contains("_xmpps-client._tcp.good.example: 1 record", output);
        Assert.Contains("priority 5  weight 0  port 443  xmpp.good.example  (direct TLS)", output);
        Assert.Contains("_xmpp-client._tcp.good.example: 1 record", output);
        Assert.Contains("priority 10  weight 5  port 5222  xmpp.good.example  (STARTTLS)", output);
        Assert.Contains("priority 5  weight 0  port 5270  xmpp.good.example  (direct TLS)", output);
        Assert.Contains("priority 10  weight 0  port 5269  xmpp.good.example  (STARTTLS)", output);
        Assert.Contains("xmpp.good.example: A 127.0.30.61; AAAA fd00::30:61", output);
        Assert.Contains("none configured under good.example", output);
        Assert.Contains("OK: clients connect as the SRV records say", output);
        Assert.Contains("OK: servers connect as the SRV records say", output);
        await _zone.Dns.WaitForLogAsync("query[SRV] _xmpps-server._tcp.good.example");
    }

    [Fact]
    public async Task Without_SRV_records_says_clients_and_servers_fall_back_to_the_domain()
    {
        var (code, output, error) = await ParleyCli.RunAsync(null, "check", "dns", "fallback.example", "--config", Config("localhost"));

        Assert.True(code == 0, output + error);
        Assert.Contains("fallback.example: A 127.0.30.62; AAAA none", output);
        Assert.Contains("no SRV: clients and servers will fall back to fallback.example:5222/5269", output);
    }

    [Fact]
    public async Task A_domain_without_any_record_cannot_be_reached_and_exits_non_zero()
    {
        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "dns", "nowhere.example", "--config", Config("localhost"));

        Assert.Equal(1, code);
        Assert.Contains("ERROR: nowhere.example cannot be reached at all", output);
    }

    [Fact]
    public async Task A_dot_target_means_no_service_even_with_an_address_record()
    {
        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "dns", "closed.example", "--config", Config("localhost"));

        Assert.Equal(1, code);
        Assert.Contains("_xmpp-server._tcp.closed.example: target \".\": service decidedly not available", output);
        Assert.Contains("ERROR: closed.example cannot be reached at all", output);
    }

    [Fact]
    public async Task An_SRV_target_without_an_address_is_an_error()
    {
        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "dns", "lost.example", "--config", Config("localhost"));

        Assert.Equal(1, code);
        Assert.Contains("WARNING: gone.lost.example has no address", output);
        Assert.Contains("ERROR: servers cannot reach lost.example", output);
    }

    [Fact]
    public async Task Configured_subdomains_are_checked_as_components()
    {
        var reachable = await ParleyCli.RunAsync(null, "check", "dns", "good.example", "--config", Config("good.example", "muc.good.example"));
        var unreachable = await ParleyCli.RunAsync(null, "check", "dns", "good.example", "--config", Config("good.example", "pubsub.good.example"));

        Assert.True(reachable.Code == 0, reachable.Out + reachable.Err);
        Assert.Contains("OK: no SRV: servers will fall back to muc.good.example:5269", reachable.Out);
        Assert.Equal(1, unreachable.Code);
        Assert.Contains("ERROR: other servers cannot reach pubsub.good.example", unreachable.Out);
    }

    [Fact]
    public async Task A_name_that_is_not_a_domain_is_bad_input()
    {
        var (code, _, error) = await ParleyCli.RunAsync(null, "check", "dns", "bad domain", "--config", Config("localhost"));

        Assert.Equal(2, code);
        Assert.Contains("not a domain name", error);
    }
}

using Parley.Protocol;
using Parley.Server.Federation;

namespace Parley.Cli;

/// <summary>
/// <c>parley check dns HOST</c>: the SRV records clients and servers look up for a domain (RFC 6120 §3.2,
/// XEP-0368), the addresses behind them, and what a client or a peer server will do with them.
/// Exit 0 when clients or servers can reach the domain, 1 when neither can, 2 for a bad name or config.
/// </summary>
internal static class CheckDnsCommand
{
    private const int ClientPort = 5222;

    private sealed record Plan(bool Reachable, bool FallsBack);

    public static async Task<int> RunAsync(string? configPath, string host, CancellationToken cancellationToken)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return Commands.BadInput;
        if (!Jid.TryNormalizeDomain(host, out var domain) || DnsLookups.ToAscii(domain) is not { } ascii)
        {
            Console.Error.WriteLine($"parley: '{host}' is not a domain name");
            return Commands.BadInput;
        }
        var servers = config.Options.S2s.DnsServers;
        var dns = new DnsLookups(servers);
        Console.WriteLine(servers.Count == 0
            ? $"{ascii}: asking the system's resolver ({(dns.Servers.Count == 0 ? "no server configured" : string.Join(", ", dns.Servers))})"
            : $"{ascii}: asking {string.Join(", ", dns.Servers)} (s2s.dns_servers)");
        var addresses = new Dictionary<string, Task<AddressLookup>>(StringComparer.Ordinal);
        Task<AddressLookup> AddressesOf(string name)
        {
            if (!addresses.TryGetValue(name, out var lookup))
                addresses[name] = lookup = dns.AddressesAsync(name, cancellationToken);
            return lookup;
        }

        var errors = 0;
        Console.WriteLine();
        Console.WriteLine("Domain (used when there are no SRV records)");
        var own = await AddressesOf(ascii);
        PrintAddresses(ascii, own, warnIfNone: false);

        Console.WriteLine();
        Console.WriteLine("Clients (c2s)");
        var clients = await ServiceAsync(dns, ascii, DnsLookups.ClientTlsService, DnsLookups.ClientService, AddressesOf, cancellationToken);
        Console.WriteLine();
        Console.WriteLine("Servers (s2s)");
        var peers = await ServiceAsync(dns, ascii, DnsLookups.ServerTlsService, DnsLookups.ServerService, AddressesOf, cancellationToken);

        Console.WriteLine();
        Console.WriteLine("Component subdomains");
        var subdomains = config.Options.Hosts.Keys
            .Select(DnsLookups.ToAscii)
            .OfType<string>()
            .Where(h => h.EndsWith("." + ascii, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (subdomains.Count == 0)
            Console.WriteLine($"  none configured under {ascii}");
        foreach (var sub in subdomains)
        {
            // Other servers reach a subdomain like any domain: its own SRV records, else its own A/AAAA on 5269.
            Console.WriteLine($"  {sub}");
            var subAddresses = await AddressesOf(sub);
            PrintAddresses(sub, subAddresses, "    ", warnIfNone: false);
            var plan = await ServiceAsync(dns, sub, DnsLookups.ServerTlsService, DnsLookups.ServerService, AddressesOf, cancellationToken,
                indent: "  ");
            if (plan.Reachable && (!plan.FallsBack || subAddresses.Found))
                Console.WriteLine(plan.FallsBack ? $"    OK: no SRV: servers will fall back to {sub}:{DnsS2sResolver.DefaultPort}" : "    OK: servers connect as the SRV records say");
            else
            {
                Console.WriteLine($"    ERROR: other servers cannot reach {sub}: publish _xmpp-server._tcp.{sub} SRV records or an A/AAAA record");
                errors++;
            }
        }

        Console.WriteLine();
        Console.WriteLine("Verdict");
        bool clientsReach, serversReach;
        if (clients.FallsBack && peers.FallsBack && own.Found)
        {
            Console.WriteLine($"  OK: no SRV: clients and servers will fall back to {ascii}:{ClientPort}/{DnsS2sResolver.DefaultPort}");
            clientsReach = serversReach = true;
        }
        else
        {
            clientsReach = Verdict("clients", ascii, ClientPort, clients, own);
            serversReach = Verdict("servers", ascii, DnsS2sResolver.DefaultPort, peers, own);
        }
        if (!clientsReach && !serversReach)
        {
            Console.WriteLine($"  ERROR: {ascii} cannot be reached at all");
            return Commands.Failed;
        }
        return errors > 0 ? Commands.Failed : Commands.Ok;
    }

    private static bool Verdict(string who, string domain, int port, Plan plan, AddressLookup own)
    {
        if (!plan.Reachable)
        {
            Console.WriteLine($"  ERROR: {who} cannot reach {domain}");
            return false;
        }
        if (!plan.FallsBack)
        {
            Console.WriteLine($"  OK: {who} connect as the SRV records say");
            return true;
        }
        if (own.Found)
        {
            Console.WriteLine($"  OK: no SRV for {who}: they will fall back to {domain}:{port}");
            return true;
        }
        Console.WriteLine($"  ERROR: no SRV for {who} and {domain} has no A/AAAA record: {who} cannot reach {domain}");
        return false;
    }

    /// <summary>Prints both SRV names of a service and their targets; tells whether anything can be reached.</summary>
    private static async Task<Plan> ServiceAsync(DnsLookups dns, string domain, string tlsService, string startTlsService,
        Func<string, Task<AddressLookup>> addressesOf, CancellationToken cancellationToken, string indent = "")
    {
        var tls = await dns.SrvAsync(tlsService, domain, cancellationToken);
        var plain = await dns.SrvAsync(startTlsService, domain, cancellationToken);
        var usable = 0;
        foreach (var (lookup, directTls) in new[] { (tls, true), (plain, false) })
        {
            Console.WriteLine($"{indent}  {lookup.Name}: {Describe(lookup)}");
            foreach (var record in lookup.Records.OrderBy(r => r.Priority).ThenByDescending(r => r.Weight))
            {
                Console.WriteLine($"{indent}    priority {record.Priority}  weight {record.Weight}  port {record.Port}  {record.Target}"
                    + (directTls ? "  (direct TLS)" : "  (STARTTLS)"));
                var addresses = await addressesOf(record.Target);
                PrintAddresses(record.Target, addresses, indent + "    ");
                if (addresses.Found)
                    usable++;
            }
        }
        if (tls.Outcome == DnsOutcome.Found || plain.Outcome == DnsOutcome.Found)
        {
            if (usable == 0)
                Console.WriteLine($"{indent}  ERROR: no SRV target has an address");
            return new Plan(usable > 0, FallsBack: false);
        }
        if (tls.Outcome == DnsOutcome.NotAvailable || plain.Outcome == DnsOutcome.NotAvailable)
        {
            Console.WriteLine($"{indent}  the domain says the service is not offered (target \".\"): no fallback to A/AAAA");
            return new Plan(false, FallsBack: false);
        }
        if (tls.Outcome == DnsOutcome.Failed || plain.Outcome == DnsOutcome.Failed)
        {
            Console.WriteLine($"{indent}  ERROR: the SRV lookup failed; peers will not guess an address");
            return new Plan(false, FallsBack: false);
        }
        return new Plan(true, FallsBack: true);
    }

    private static string Describe(SrvLookup lookup) => lookup.Outcome switch
    {
        DnsOutcome.Found => lookup.Records.Count == 1 ? "1 record" : $"{lookup.Records.Count} records",
        DnsOutcome.NoRecords => "no record",
        DnsOutcome.NotAvailable => "target \".\": service decidedly not available",
        _ => $"lookup failed: {lookup.Error}",
    };

    private static void PrintAddresses(string name, AddressLookup lookup, string indent = "  ", bool warnIfNone = true)
    {
        var v6 = lookup.IPv6.Count == 0 ? "none" : string.Join(", ", lookup.IPv6);
        var v4 = lookup.IPv4.Count == 0 ? "none" : string.Join(", ", lookup.IPv4);
        Console.WriteLine($"{indent}{name}: A {v4}; AAAA {v6}" + (lookup.Error is null ? "" : $"  (lookup failed: {lookup.Error})"));
        if (warnIfNone && !lookup.Found && lookup.Error is null)
            Console.WriteLine($"{indent}  WARNING: {name} has no address");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Parley.Server.Federation;

/// <summary>
/// The DNS questions XMPP asks (RFC 6120 §3.2, XEP-0368): SRV records of a service and the addresses of a name.
/// Answers are values, never exceptions: a timeout or a server failure is <see cref="DnsOutcome.Failed"/>.
/// Used by the s2s resolver and by <c>parley check dns</c>.
/// </summary>
public sealed class DnsLookups
{
    public const string ClientService = "_xmpp-client._tcp";
    public const string ClientTlsService = "_xmpps-client._tcp";
    public const string ServerService = "_xmpp-server._tcp";
    public const string ServerTlsService = "_xmpps-server._tcp";

    // Not the STD3 host-name rules: names in DNS may hold an underscore (private networks do), and the domains
    // given here were already checked as JID domainparts or come from DNS answers.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    private readonly LookupClient? _client;

    /// <param name="servers">"ip" or "ip:port" (s2s.dns_servers); empty: the system's resolver configuration.</param>
    /// <param name="timeout">Per attempt; one retry follows a timeout.</param>
    public DnsLookups(IReadOnlyList<string> servers, TimeSpan? timeout = null)
    {
        UsesSystemResolver = servers.Count == 0;
        // The system's servers, without DnsClient's fallback to a public resolver when the system has none:
        // a server's DNS questions go where its administrator configured, or nowhere.
        var nameServers = UsesSystemResolver ? SystemNameServers() : servers.Select(ParseServer).ToArray();
        if (nameServers.Length == 0)
            return;
        var options = new LookupClientOptions(nameServers) { AutoResolveNameServers = false };
        // Short timeouts: a peer that cannot be resolved makes stanzas wait in the s2s queue until it is.
        options.Timeout = timeout ?? TimeSpan.FromSeconds(2);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        // Caching honors the records' TTLs; failures are not cached, so a fixed zone is seen on the next try.
        options.UseCache = true;
        options.CacheFailedResults = false;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    private static NameServer[] SystemNameServers()
    {
        try
        {
            return NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).ToArray();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    }

    /// <summary>True when no dns_servers are configured (the system's resolv.conf servers are asked).</summary>
    public bool UsesSystemResolver { get; }

    public IReadOnlyList<IPEndPoint> Servers => _client is null ? [] : _client.NameServers.Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)).ToList();

    private static NameServer ParseServer(string text)
    {
        var endpoint = IPEndPoint.Parse(text);
        return new NameServer(endpoint.Address, endpoint.Port == 0 ? 53 : endpoint.Port);
    }

    /// <summary>The A-label (ASCII) form of a domain for DNS, or null when it is not a valid IDNA name.</summary>
    public static string? ToAscii(string domain)
    {
        domain = domain.TrimEnd('.');
        if (domain.Length == 0)
            return null;
        try
        {
            return Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>SRV records of <paramref name="service"/> (e.g. <see cref="ServerService"/>) at an ASCII domain.</summary>
    public async Task<SrvLookup> SrvAsync(string service, string asciiDomain, CancellationToken cancellationToken)
    {
        var name = $"{service}.{asciiDomain}";
        var (response, error) = await QueryAsync(name, QueryType.SRV, cancellationToken);
        if (response is null)
            return new SrvLookup(name, DnsOutcome.Failed, [], error);
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            return new SrvLookup(name, DnsOutcome.NoRecords, [], null);
        if (response.HasError)
            return new SrvLookup(name, DnsOutcome.Failed, [], response.ErrorMessage);
        var records = response.Answers.SrvRecords()
            .Select(r => new SrvRecordData(r.Priority, r.Weight, r.Port, TargetName(r.Target.Value)))
            .ToList();
        if (records.Count == 0)
            return new SrvLookup(name, DnsOutcome.NoRecords, [], null);
        // RFC 2782: a single record with target "." means the service is decidedly not available here.
        if (records.Count == 1 && records[0].Target == ".")
            return new SrvLookup(name, DnsOutcome.NotAvailable, [], null);
        return new SrvLookup(name, DnsOutcome.Found, records.Where(r => r.Target != ".").ToList(), null);
    }

    private static string TargetName(string value)
    {
        var trimmed = value.TrimEnd('.');
        return trimmed.Length == 0 ? "." : trimmed.ToLowerInvariant();
    }

    /// <summary>
    /// AAAA and A records of a name, asked together. An IP literal is its own answer; "localhost" is the loopback
    /// addresses without a query (RFC 6761 §6.3).
    /// </summary>
    public async Task<AddressLookup> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
            return literal.AddressFamily == AddressFamily.InterNetworkV6
                ? new AddressLookup(host, [literal], [], null)
                : new AddressLookup(host, [], [literal], null);
        var ascii = ToAscii(host);
        if (ascii is null)
            return new AddressLookup(host, [], [], $"'{host}' is not a valid domain name");
        if (IsLocalhost(ascii))
            return new AddressLookup(host, [IPAddress.IPv6Loopback], [IPAddress.Loopback], null);
        var v6 = QueryAsync(ascii, QueryType.AAAA, cancellationToken);
        var v4 = QueryAsync(ascii, QueryType.A, cancellationToken);
        var (r6, e6) = await v6;
        var (r4, e4) = await v4;
        var ipv6 = r6?.Answers.AaaaRecords().Select(r => r.Address).ToList() ?? [];
        var ipv4 = r4?.Answers.ARecords().Select(r => r.Address).ToList() ?? [];
        string? error = null;
        if (FailureOf(r6, e6) is { } f6)
            error = $"AAAA: {f6}";
        if (FailureOf(r4, e4) is { } f4)
            error = error is null ? $"A: {f4}" : $"{error}; A: {f4}";
        return new AddressLookup(host, ipv6, ipv4, error);
    }

    /// <summary>
    /// The addresses of a host named in a static override: through the configured DNS servers when there are some,
    /// else through the operating system's resolver, so /etc/hosts names work on private networks.
    /// </summary>
    public async Task<AddressLookup> HostAddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (!UsesSystemResolver || IPAddress.TryParse(host, out _) || IsLocalhost(ToAscii(host)))
            return await AddressesAsync(host, cancellationToken);
        try
        {
            var all = await Dns.GetHostAddressesAsync(host, cancellationToken);
            return new AddressLookup(host,
                all.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList(),
                all.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList(), null);
        }
        catch (SocketException e)
        {
            return new AddressLookup(host, [], [], e.Message);
        }
    }

    private static bool IsLocalhost(string? ascii) =>
        ascii is not null && (ascii == "localhost" || ascii.EndsWith(".localhost", StringComparison.Ordinal));

    // NXDOMAIN and NODATA are answers (no addresses), not failures.
    private static string? FailureOf(IDnsQueryResponse? response, string? error) =>
        response is null ? error
        : response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain ? response.ErrorMessage
        : null;

    private async Task<(IDnsQueryResponse? Response, string? Error)> QueryAsync(
        string name, QueryType type, CancellationToken cancellationToken)
    {
        if (_client is null)
            return (null, "no DNS server is configured on this system");
        try
        {
            return (await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken), null);
        }
        catch (DnsResponseException e)
        {
            return (null, e.Message);
        }
        catch (SocketException e)
        {
            return (null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "timed out");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
        {
            return (null, e.Message);
        }
    }
}

public enum DnsOutcome
{
    Found,
    /// <summary>NXDOMAIN or an empty answer: the name has no such record.</summary>
    NoRecords,
    /// <summary>A single SRV record with target "." (RFC 2782): the service is decidedly not offered.</summary>
    NotAvailable,
    /// <summary>No usable answer: timeout, SERVFAIL, REFUSED, unreachable server.</summary>
    Failed,
}

public sealed record SrvRecordData(int Priority, int Weight, int Port, string Target);

public sealed record SrvLookup(string Name, DnsOutcome Outcome, IReadOnlyList<SrvRecordData> Records, string? Error);

/// <param name="Error">Set when a query failed (not for NXDOMAIN/NODATA); addresses from the other family may be there.</param>
public sealed record AddressLookup(string Host, IReadOnlyList<IPAddress> IPv6, IReadOnlyList<IPAddress> IPv4, string? Error)
{
    public bool Found => IPv6.Count + IPv4.Count > 0;

    /// <summary>
    /// The order to try them: IPv6 and IPv4 alternating, IPv6 first (RFC 8305 §4 interleaving, without the
    /// racing): a host whose IPv6 is broken costs one connect timeout, not one per IPv6 address.
    /// </summary>
    public IReadOnlyList<IPAddress> Interleaved()
    {
        var result = new List<IPAddress>(IPv6.Count + IPv4.Count);
        for (var i = 0; i < Math.Max(IPv6.Count, IPv4.Count); i++)
        {
            if (i < IPv6.Count)
                result.Add(IPv6[i]);
            if (i < IPv4.Count)
                result.Add(IPv4[i]);
        }
        return result;
    }
}

using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Server.Config;

namespace Parley.Server.Federation;

/// <summary>
/// Where a remote domain's server is (RFC 6120 §3.2, XEP-0368): a static host override, else the domain's
/// <c>_xmpps-server</c> and <c>_xmpp-server</c> SRV records mixed as one set, else its A/AAAA records on 5269.
/// </summary>
/// <remarks>
/// Choices, each written down because the specs leave room:
/// <list type="bullet">
/// <item>XEP-0368 §3 (SHOULD): direct TLS and STARTTLS records are one RFC 2782 set: priorities and weights are
/// mixed, so the domain's operator decides which is tried first. Neither kind is preferred here.</item>
/// <item>A lone "." target on <c>_xmpps-server</c> only says "no direct TLS": the <c>_xmpp-server</c> records are
/// used. A lone "." on either kind rules out the A/AAAA fallback (XEP-0368 §5, RFC 2782); with no other records
/// the domain has no s2s service and the list is empty.</item>
/// <item>Fallback to A/AAAA happens only when both SRV names answered "no such record" (NXDOMAIN or NODATA). When
/// a query failed (timeout, SERVFAIL) and the other gave nothing usable, the list is empty: guessing port 5269
/// would bypass records that might exist; the stanza bounces and a later attempt asks again.</item>
/// <item>Each target's AAAA and A records are asked together and tried IPv6 and IPv4 alternating, IPv6 first
/// (RFC 6120 §3.2.1 leaves the order open; RFC 8305 interleaving without the racing).</item>
/// </list>
/// </remarks>
public sealed partial class DnsS2sResolver : IS2sResolver
{
    public const int DefaultPort = 5269;

    private readonly DnsLookups _dns;
    private readonly Dictionary<string, HostPort> _overrides = new(StringComparer.Ordinal);
    private readonly ILogger<DnsS2sResolver> _logger;

    public DnsS2sResolver(ParleyOptions options, ILogger<DnsS2sResolver> logger)
        : this(options, new DnsLookups(options.S2s.DnsServers), logger)
    {
    }

    internal DnsS2sResolver(ParleyOptions options, DnsLookups dns, ILogger<DnsS2sResolver> logger)
    {
        _dns = dns;
        _logger = logger;
        // Keys are compared in their A-label form, so "bücher.example" and "xn--bcher-kva.example" are one domain.
        foreach (var (domain, target) in options.S2s.HostOverrides)
        {
            if (DnsLookups.ToAscii(domain) is { } ascii && HostPort.TryParse(target, out var hostPort))
                _overrides[ascii] = hostPort;
        }
    }

    /// <summary>Random source for the weighted draw; replaceable so a test can fix the order.</summary>
    internal Random Random { get; init; } = Random.Shared;

    public async ValueTask<IReadOnlyList<S2sEndPoint>> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        var ascii = DnsLookups.ToAscii(domain);
        if (ascii is null)
        {
            LogInvalidDomain(_logger, domain);
            return [];
        }
        if (_overrides.TryGetValue(ascii, out var hostPort))
            return await OverrideAsync(domain, hostPort, cancellationToken);

        var directTls = _dns.SrvAsync(DnsLookups.ServerTlsService, ascii, cancellationToken);
        var startTls = _dns.SrvAsync(DnsLookups.ServerService, ascii, cancellationToken);
        var tls = await directTls;
        var plain = await startTls;
        foreach (var failed in new[] { tls, plain }.Where(l => l.Outcome == DnsOutcome.Failed))
            LogLookupFailed(_logger, failed.Name, failed.Error ?? "no answer");

        if (tls.Outcome == DnsOutcome.Found || plain.Outcome == DnsOutcome.Found)
        {
            var records = tls.Records.Select(r => (Record: r, DirectTls: true))
                .Concat(plain.Records.Select(r => (Record: r, DirectTls: false)));
            var ordered = SrvOrdering.Order(records, r => r.Record.Priority, r => r.Record.Weight, Random);
            var endpoints = await SrvEndpointsAsync(ordered, cancellationToken);
            LogResolved(_logger, domain, endpoints.Count, "SRV");
            return endpoints;
        }
        if (tls.Outcome == DnsOutcome.NotAvailable || plain.Outcome == DnsOutcome.NotAvailable)
        {
            LogNoService(_logger, domain);
            return [];
        }
        if (tls.Outcome == DnsOutcome.Failed || plain.Outcome == DnsOutcome.Failed)
            return [];

        // RFC 6120 §3.2.2: no SRV records at all; the domain itself on the default port.
        var addresses = await _dns.AddressesAsync(ascii, cancellationToken);
        if (addresses.Error is not null)
            LogLookupFailed(_logger, ascii, addresses.Error);
        var fallback = addresses.Interleaved()
            .Select(a => new S2sEndPoint(new IPEndPoint(a, DefaultPort), ascii, DirectTls: false, FromSrv: false))
            .ToList();
        LogResolved(_logger, domain, fallback.Count, "A/AAAA fallback");
        return fallback;
    }

    private async Task<IReadOnlyList<S2sEndPoint>> OverrideAsync(string domain, HostPort target, CancellationToken cancellationToken)
    {
        var addresses = await _dns.HostAddressesAsync(target.Host, cancellationToken);
        if (addresses.Error is not null)
            LogLookupFailed(_logger, target.Host, addresses.Error);
        var endpoints = addresses.Interleaved()
            .Select(a => new S2sEndPoint(new IPEndPoint(a, target.Port), target.Host, DirectTls: false, FromSrv: false))
            .ToList();
        LogResolved(_logger, domain, endpoints.Count, $"host override {target}");
        return endpoints;
    }

    private async Task<IReadOnlyList<S2sEndPoint>> SrvEndpointsAsync(
        IReadOnlyList<(SrvRecordData Record, bool DirectTls)> ordered, CancellationToken cancellationToken)
    {
        // All targets are looked up at once; their order in the result is the SRV order.
        var lookups = new Dictionary<string, Task<AddressLookup>>(StringComparer.Ordinal);
        foreach (var (record, _) in ordered)
        {
            if (!lookups.ContainsKey(record.Target))
                lookups[record.Target] = _dns.AddressesAsync(record.Target, cancellationToken);
        }
        await Task.WhenAll(lookups.Values);
        var result = new List<S2sEndPoint>();
        foreach (var (record, directTls) in ordered)
        {
            var addresses = await lookups[record.Target];
            if (addresses.Error is not null)
                LogLookupFailed(_logger, record.Target, addresses.Error);
            foreach (var address in addresses.Interleaved())
            {
                var endpoint = new S2sEndPoint(new IPEndPoint(address, record.Port), record.Target, directTls, FromSrv: true);
                if (!result.Contains(endpoint))
                    result.Add(endpoint);
            }
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "s2s: {Domain} resolved to {Count} endpoint(s) by {Method}")]
    private static partial void LogResolved(ILogger logger, string domain, int count, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s: DNS lookup of {Name} failed: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string name, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s: {Domain} publishes no XMPP server (SRV target \".\")")]
    private static partial void LogNoService(ILogger logger, string domain);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s: '{Domain}' is not a domain name that DNS can look up")]
    private static partial void LogInvalidDomain(ILogger logger, string domain);
}

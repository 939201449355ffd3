using System.Net;

namespace Parley.Server.Federation;

/// <summary>
/// Where to connect for a remote domain, in the order to try: a static host override when the config has one,
/// else DNS SRV (<c>_xmpps-server._tcp</c> direct TLS and <c>_xmpp-server._tcp</c> STARTTLS, RFC 6120 §3.2.1 and
/// XEP-0368, priorities and weights per RFC 2782), else the domain's A/AAAA records on 5269.
/// </summary>
public interface IS2sResolver
{
    /// <summary>
    /// The endpoints to try in order; empty when the domain has no usable record (then the stanza bounces with
    /// remote-server-not-found). Never throws for a DNS failure: that is an empty list.
    /// </summary>
    ValueTask<IReadOnlyList<S2sEndPoint>> ResolveAsync(string domain, CancellationToken cancellationToken);
}

/// <param name="Address">The IP address and port to connect to.</param>
/// <param name="TargetHost">The SRV target or override host the address came from (for logs and SRV-ID checks).</param>
/// <param name="DirectTls">True: TLS from the first byte (XEP-0368); false: STARTTLS.</param>
/// <param name="FromSrv">True when the endpoint came from an SRV record (RFC 6125 SRV-ID applies).</param>
public sealed record S2sEndPoint(IPEndPoint Address, string TargetHost, bool DirectTls, bool FromSrv);

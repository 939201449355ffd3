using System.Net;
using Parley.TestKit;

namespace Parley.Server.Tests.Federation;

/// <summary>The private dnsmasq on 127.0.30.53 with the zone the resolver tests read.</summary>
public sealed class DnsZone : IDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.30.53");

    public DnsZone() => Dns = PrivateDns.Start(Address,
    [
        // Overridden in the config: these must never be asked for.
        "--srv-host=_xmpp-server._tcp.overridden.example,first.prio.example,5269,10,0",
        "--host-record=overridden.example,127.0.30.16",
        // Two priorities: the lower one always first.
        "--srv-host=_xmpp-server._tcp.prio.example,second.prio.example,5269,20,0",
        "--srv-host=_xmpp-server._tcp.prio.example,first.prio.example,5269,10,0",
        "--host-record=first.prio.example,127.0.30.1",
        "--host-record=second.prio.example,127.0.30.2",
        // Equal weights at priority 10, a backup at 20.
        "--srv-host=_xmpp-server._tcp.weight.example,a.weight.example,5269,10,50",
        "--srv-host=_xmpp-server._tcp.weight.example,b.weight.example,5269,10,50",
        "--srv-host=_xmpp-server._tcp.weight.example,c.weight.example,5269,20,0",
        "--host-record=a.weight.example,127.0.30.3",
        "--host-record=b.weight.example,127.0.30.4",
        "--host-record=c.weight.example,127.0.30.5",
        // Direct TLS at a better priority than STARTTLS.
        "--srv-host=_xmpps-server._tcp.mixed.example,tls.mixed.example,5270,5,0",
        "--srv-host=_xmpp-server._tcp.mixed.example,plain.mixed.example,5269,10,0",
        "--host-record=tls.mixed.example,127.0.30.6",
        "--host-record=plain.mixed.example,127.0.30.7",
        // Direct TLS and STARTTLS at the same priority and weight: one set, drawn together.
        "--srv-host=_xmpps-server._tcp.equal.example,tls.equal.example,5270,10,10",
        "--srv-host=_xmpp-server._tcp.equal.example,plain.equal.example,5269,10,10",
        "--host-record=tls.equal.example,127.0.30.8",
        "--host-record=plain.equal.example,127.0.30.9",
        // Target ".": no s2s service, and the A record must not be used.
        "--srv-host=_xmpp-server._tcp.dot.example",
        "--host-record=dot.example,127.0.30.10",
        // "." on direct TLS only: STARTTLS records still count.
        "--srv-host=_xmpps-server._tcp.tlsdot.example",
        "--srv-host=_xmpp-server._tcp.tlsdot.example,plain.tlsdot.example,5269,10,0",
        "--host-record=plain.tlsdot.example,127.0.30.11",
        // "." on direct TLS and nothing else: no A/AAAA fallback either (XEP-0368).
        "--srv-host=_xmpps-server._tcp.tlsdotonly.example",
        "--host-record=tlsdotonly.example,127.0.30.12",
        // No SRV at all: the domain's own address on 5269.
        "--host-record=plain.example,127.0.30.13",
        // One target with two IPv4 and two IPv6 addresses.
        "--srv-host=_xmpp-server._tcp.dual.example,both.dual.example,5269,10,0",
        "--host-record=both.dual.example,127.0.30.14,fd00::30:14",
        "--host-record=both.dual.example,127.0.30.15,fd00::30:15",
        // Client records for the check verb.
        "--srv-host=_xmpp-client._tcp.prio.example,first.prio.example,5222,10,0",
        "--srv-host=_xmpps-client._tcp.prio.example,first.prio.example,5223,5,0",
    ]);

    public PrivateDns Dns { get; }

    public void Dispose() => Dns.Dispose();
}

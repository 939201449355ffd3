using System.Net;

namespace Parley.Federation.Harness;

/// <summary>
/// Where everything of one setup lives: the loopback addresses (one /24 per setup, so both setups can run side by
/// side), the domains, and whether certificates come from a test CA (SASL EXTERNAL expected) or are self-signed
/// (dialback expected).
/// </summary>
public sealed record Topology(string Name, string Block, bool UseCa, int ErlangDistPort)
{
    public const int S2sPort = 5269;
    public const int S2sDirectTlsPort = 5270;
    public const int C2sPort = 5222;

    public string Suffix => $"{Name}.fed.example";

    public IPAddress DnsAddress => IPAddress.Parse(Block + ".53");

    public IPAddress ProsodyAddress => IPAddress.Parse(Block + ".1");

    public IPAddress EjabberdAddress => IPAddress.Parse(Block + ".2");

    public string ProsodyDomain => "prosody." + Suffix;

    public string EjabberdDomain => "ejabberd." + Suffix;

    public string ParleyDomain => "parley." + Suffix;

    /// <summary>Everything of this setup goes under one folder, reused (after cleaning up) by the next run.</summary>
    public string Folder => Path.Combine(Path.GetTempPath(), "parley-federation", Name);

    public static readonly Topology Ca = new("ca", "127.0.20", UseCa: true, ErlangDistPort: 27920);

    public static readonly Topology Dialback = new("dialback", "127.0.21", UseCa: false, ErlangDistPort: 27921);
}

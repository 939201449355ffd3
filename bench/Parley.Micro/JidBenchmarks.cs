using BenchmarkDotNet.Attributes;
using Parley.Protocol;

namespace Parley.Micro;

/// <summary>Jid.TryParse on what the router parses per stanza: ASCII full and bare JIDs, and a non-ASCII one.</summary>
[MemoryDiagnoser]
public class JidBenchmarks
{
    [Params("juliet@example.org/balcony", "juliet@example.org", "example.org", "Jüliet@Éxample.org/Balkon ☂")]
    public string Input { get; set; } = "";

    [Benchmark]
    public Jid? TryParse() => Jid.TryParse(Input, out var jid) ? jid : null;
}

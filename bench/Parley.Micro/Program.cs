using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace Parley.Micro;

internal static class Program
{
    // Every benchmark reports allocations; the tokenizer also reports MB/s (see ThroughputColumn).
    public static void Main(string[] args)
    {
        if (args is ["--probe"])
        {
            Probe.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args,
            DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default).AddColumn(new ThroughputColumn()));
    }
}

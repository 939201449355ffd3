using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Parley.Micro;

/// <summary>Megabytes per second for benchmarks that implement <see cref="IHasBytesPerOperation"/>.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => "MBps";

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input bytes per second of the benchmark's payload (10^6 bytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IHasBytesPerOperation b)
            return "-";
        var bytes = b.BytesPerOperation(benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (bytes <= 0)
            return "-";
        return (bytes / report.ResultStatistics.Mean * 1e9 / 1e6).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

internal interface IHasBytesPerOperation
{
    long BytesPerOperation(string method);
}

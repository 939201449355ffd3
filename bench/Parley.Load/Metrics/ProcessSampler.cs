using System.Globalization;

namespace Parley.Load.Metrics;

/// <summary>Resident memory and CPU time of the server processes under test, read from /proc.</summary>
internal sealed class ProcessSampler(IReadOnlyList<int> pids)
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux we run on.
    private const double TicksPerSecond = 100;

    public IReadOnlyList<int> Pids { get; } = pids;

    public bool Enabled => Pids.Count > 0;

    /// <summary>Sum of VmRSS in KiB; 0 without processes.</summary>
    public long RssKb()
    {
        long total = 0;
        foreach (var pid in Pids)
            total += ParseRssKb(File.ReadAllText($"/proc/{pid}/status"));
        return total;
    }

    /// <summary>User plus system CPU seconds so far.</summary>
    public double CpuSeconds()
    {
        double total = 0;
        foreach (var pid in Pids)
            total += ParseCpuSeconds(File.ReadAllText($"/proc/{pid}/stat"));
        return total;
    }

    /// <summary>Median of a few RSS samples, a short pause apart (the GC and allocators move RSS a little).</summary>
    public async Task<long> SettledRssKbAsync(int samples = 5, int intervalMs = 400)
    {
        var values = new List<long>();
        for (var i = 0; i < samples; i++)
        {
            if (i > 0)
                await Task.Delay(intervalMs);
            values.Add(RssKb());
        }
        values.Sort();
        return values[values.Count / 2];
    }

    internal static long ParseRssKb(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    internal static double ParseCpuSeconds(string stat)
    {
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }
}

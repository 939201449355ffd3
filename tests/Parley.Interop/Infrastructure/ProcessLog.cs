using System.Diagnostics;
using System.Text;

namespace Parley.Interop.Infrastructure;

/// <summary>The lines a child process wrote, in arrival order, for a failing test to show.</summary>
internal sealed class ProcessLog
{
    // One clock for every process of the test run, so that server and client lines can be put side by side.
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private readonly List<string> _lines = [];

    public int Count
    {
        get
        {
            lock (_lines)
                return _lines.Count;
        }
    }

    public void Add(string stream, string line)
    {
        var stamped = $"{Clock.Elapsed.TotalSeconds,8:0.000} {stream} {line}";
        lock (_lines)
        {
            // A runaway process must not exhaust memory; the start of a log is what explains a failure.
            if (_lines.Count < 50_000)
                _lines.Add(stamped);
        }
    }

    public string Since(int mark)
    {
        var text = new StringBuilder();
        lock (_lines)
        {
            for (var i = Math.Min(mark, _lines.Count); i < _lines.Count; i++)
                text.AppendLine(_lines[i]);
        }
        return text.ToString();
    }

    public override string ToString() => Since(0);
}

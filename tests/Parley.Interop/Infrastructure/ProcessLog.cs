using System.Diagnostics;
using System.Text;

namespace Parley.Interop.Infrastructure;

/// <summary>The lines a child process wrote, in arrival order and stamped, for a failing test to show.</summary>
internal sealed class ProcessLog
{
    private readonly List<string> _lines = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

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
        var stamped = $"{_clock.Elapsed.TotalSeconds,8:0.000} {stream} {line}";
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

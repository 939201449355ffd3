using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Xml.Fuzz;

/// <summary>
/// A mutation fuzzer for machines without libFuzzer: mutates seeds with byte edits and dictionary tokens, keeps
/// inputs whose outcome was new (a crude stand-in for coverage), and saves anything that throws or hangs.
/// </summary>
internal sealed class RandomRunner(int seconds, int seed, string crashDirectory)
{
    private const int MaxInput = 4096;
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(10);

    private readonly Random _random = new(seed);
    private readonly List<byte[]> _pool = [.. Seeds.Documents.Select(Encoding.UTF8.GetBytes)];
    private readonly HashSet<string> _outcomes = [];
    private readonly Grammar _grammar = new(new Random(~seed));
    private long _started;
    private byte[] _current = [];

    public int Run()
    {
        Directory.CreateDirectory(crashDirectory);
        var watchdog = new Thread(Watch) { IsBackground = true };
        watchdog.Start();
        var deadline = Stopwatch.StartNew();
        long cases = 0;
        var failures = 0;
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            var input = Mutate();
            _current = input;
            Volatile.Write(ref _started, Stopwatch.GetTimestamp());
            try
            {
                FuzzTarget.Run(input);
                Learn(input);
            }
            catch (Exception e)
            {
                failures++;
                Save(input, "crash", e);
            }
            Volatile.Write(ref _started, 0);
            cases++;
            if (cases % 100_000 == 0)
                Console.WriteLine($"{deadline.Elapsed:hh\\:mm\\:ss} {cases:N0} cases, pool {_pool.Count}, outcomes {_outcomes.Count}, failures {failures}");
        }
        Console.WriteLine($"Done: {cases:N0} cases in {deadline.Elapsed:hh\\:mm\\:ss}, pool {_pool.Count}, outcomes {_outcomes.Count}, failures {failures}.");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Keeps inputs that reached an outcome not seen before (error message, event shape).</summary>
    private void Learn(byte[] input)
    {
        var outcome = Outcome.Describe(input);
        if (_outcomes.Add(outcome) && _pool.Count < 5000)
            _pool.Add(input[2..]);
    }

    private byte[] Mutate()
    {
        // A quarter of the cases start from a freshly generated stream, the rest from the pool; a generated
        // stream is sometimes left unmutated, to exercise the round trip on well-formed input.
        var generated = _random.Next(4) == 0;
        var data = new List<byte>(generated ? _grammar.Stream() : _pool[_random.Next(_pool.Count)]);
        var edits = generated && _random.Next(2) == 0 ? 0 : 1 + _random.Next(8);
        for (var i = 0; i < edits; i++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count + 1);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0 && at < data.Count:
                    data[at] = (byte)_random.Next(256);
                    break;
                case 1 when data.Count > 0 && at < data.Count:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                    break;
                case 2:
                    data.InsertRange(at, Seeds.Tokens[_random.Next(Seeds.Tokens.Length)]);
                    break;
                case 3 when data.Count > 0:
                    var from = _random.Next(data.Count);
                    var length = Math.Min(data.Count - from, 1 + _random.Next(64));
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
                case 4:
                    var other = _pool[_random.Next(_pool.Count)];
                    var cut = _random.Next(other.Length + 1);
                    data.InsertRange(at, other[cut..Math.Min(other.Length, cut + 1 + _random.Next(128))]);
                    break;
                case 5 when data.Count > 0 && at < data.Count:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 6:
                    data.Insert(at, (byte)" <>'\"&;/=:!?[]-x"[_random.Next(16)]);
                    break;
                default:
                    if (data.Count > 0 && at < data.Count)
                        data.RemoveAt(at);
                    break;
            }
        }
        if (data.Count > MaxInput)
            data.RemoveRange(MaxInput, data.Count - MaxInput);
        return [(byte)_random.Next(256), (byte)_random.Next(256), .. data];
    }

    private void Watch()
    {
        while (true)
        {
            Thread.Sleep(1000);
            var started = Volatile.Read(ref _started);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > s_hang)
            {
                Save(_current, "hang", null);
                Console.WriteLine("Hang: input saved; exiting.");
                Environment.Exit(2);
            }
        }
    }

    private int _saved;

    private void Save(byte[] input, string kind, Exception? e)
    {
        // One bug tends to be found over and over: keep the first few.
        if (++_saved > 50)
            return;
        var name = $"{kind}-{Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant()}";
        var path = Path.Combine(crashDirectory, name);
        if (File.Exists(path))
            return;
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", e?.ToString() ?? kind);
        Console.WriteLine($"{kind}: {path}\n{e?.GetType().Name}: {e?.Message}");
    }
}

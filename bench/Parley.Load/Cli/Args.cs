using System.Globalization;
using System.Net;

namespace Parley.Load.Cli;

/// <summary>"verb --name value --flag" command lines; every option read is remembered so that typos are refused.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Args(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
            throw new ArgumentException("No command given.");
        Verb = argv[0];
        for (var i = 1; i < argv.Count; i++)
        {
            var a = argv[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{a}'.");
            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < argv.Count && !argv[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = argv[++i];
            }
            _options[name] = value;
        }
    }

    public string Verb { get; }

    public string? Get(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public int Int(string name, int fallback) =>
        Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<int> Ints(string name) =>
        Get(name) is { Length: > 0 } v ? [.. v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [];

    /// <summary>Throws when an option was given that no code asked for.</summary>
    public void RefuseUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException("Unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
    }

    public static IPEndPoint EndPoint(string value) => IPEndPoint.Parse(value);

    /// <summary>"127.0.1.1" or "127.0.1.1+8" (eight consecutive addresses); loopback only.</summary>
    public static IReadOnlyList<IPAddress> Sources(string value)
    {
        var plus = value.IndexOf('+', StringComparison.Ordinal);
        var first = IPAddress.Parse(plus < 0 ? value : value[..plus]);
        var count = plus < 0 ? 1 : int.Parse(value[(plus + 1)..], CultureInfo.InvariantCulture);
        var bytes = first.GetAddressBytes();
        if (bytes.Length != 4 || bytes[0] != 127)
            throw new ArgumentException("Source addresses must be in 127.0.0.0/8.");
        var list = new List<IPAddress>();
        for (var i = 0; i < count; i++)
        {
            var b = (byte[])bytes.Clone();
            var last = b[3] + i;
            if (last > 254)
                throw new ArgumentException("Source address range runs past .254.");
            b[3] = (byte)last;
            list.Add(new IPAddress(b));
        }
        return list;
    }
}

using Microsoft.Extensions.Configuration;

namespace Parley.Server.Config;

/// <summary>The loaded configuration: bound options, what was unknown, and where relative paths start.</summary>
public sealed record LoadedConfig(ParleyOptions Options, IConfiguration Configuration, IReadOnlyList<string> UnknownKeys,
    string BaseDirectory, string? FilePath);

public static class ConfigLoader
{
    public const string EnvironmentPrefix = "PARLEY_";

    /// <summary>
    /// Loads the file (none: the embedded defaults), then PARLEY_* environment variables
    /// (PARLEY_C2S__PORT=5299), then binds and validates. Throws <see cref="ConfigException"/> naming the key.
    /// </summary>
    public static LoadedConfig Load(string? path, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        string baseDir = Directory.GetCurrentDirectory();
        string? fullPath = null;
        if (path is not null)
        {
            fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
                throw new ConfigException($"config file not found: {fullPath}");
            baseDir = Path.GetDirectoryName(fullPath)!;
            builder.AddInMemoryCollection(TomlConfiguration.Flatten(File.ReadAllText(fullPath), fullPath));
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
            builder.AddInMemoryCollection(overrides);
        var configuration = builder.Build();

        var unknown = ConfigSchema.UnknownKeys(configuration);
        var options = new ParleyOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigException(e.InnerException?.Message is { } inner ? $"{e.Message} {inner}" : e.Message);
        }
        foreach (var host in configuration.GetSection("hosts").GetChildren())
            options.Hosts.TryAdd(host.Key, new VirtualHostOptions());
        if (options.Hosts.Count == 0)
            options.Hosts["localhost"] = new VirtualHostOptions();
        options.DataDir = Path.GetFullPath(options.DataDir, baseDir);
        foreach (var host in options.Hosts.Values)
        {
            if (host.Certificate is not null)
                host.Certificate = Path.GetFullPath(host.Certificate, baseDir);
            if (host.Key is not null)
                host.Key = Path.GetFullPath(host.Key, baseDir);
        }
        options.S2s.CaFiles = options.S2s.CaFiles.Select(f => Path.GetFullPath(f, baseDir)).ToList();

        var errors = ConfigValidator.Validate(options);
        if (errors.Count > 0)
            throw new ConfigException(string.Join(Environment.NewLine, errors));
        // Hosts are known by their normalized domain (RFC 7622 §3.2): "Example.ORG" is "example.org".
        var hosts = new Dictionary<string, VirtualHostOptions>(StringComparer.Ordinal);
        foreach (var (name, host) in options.Hosts)
        {
            Protocol.Jid.TryNormalizeDomain(name, out var normalized);
            if (!hosts.TryAdd(normalized!, host))
                throw new ConfigException($"hosts.\"{name}\": the same host as another entry");
        }
        options.Hosts = hosts;
        return new LoadedConfig(options, configuration, unknown, baseDir, fullPath);
    }
}

using Microsoft.Extensions.Configuration;
using Parley.Server.Config;

namespace Parley.Tests;

public sealed class Config_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string toml)
    {
        var path = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    [Fact]
    public void No_file_gives_the_embedded_defaults()
    {
        var config = ConfigLoader.Load(null);
        Assert.Equal(["localhost"], config.Options.Hosts.Keys);
        Assert.Equal(5222, config.Options.C2s.Port);
        Assert.Equal(5223, config.Options.C2s.DirectTlsPort);
        Assert.True(config.Options.C2s.RequireTls);
        Assert.Equal(Path.GetFullPath("data"), config.Options.DataDir);
    }

    [Fact]
    public void File_values_are_bound_and_relative_paths_follow_the_file()
    {
        var config = ConfigLoader.Load(Write("""
            data_dir = "state"
            [hosts."example.org"]
            [c2s]
            port = 15222
            addresses = ["127.0.0.1", "::1"]
            resource_conflict = "refuse"
            """));
        Assert.Equal(Path.Combine(_folder, "state"), config.Options.DataDir);
        Assert.Equal(["example.org"], config.Options.Hosts.Keys);
        Assert.Equal(15222, config.Options.C2s.Port);
        Assert.Equal(["127.0.0.1", "::1"], config.Options.C2s.Addresses);
        Assert.Equal("refuse", config.Options.C2s.ResourceConflict);
    }

    [Theory]
    [InlineData("[c2s]\nport = 70000", "c2s.port")]
    [InlineData("[c2s]\nresource_conflict = \"kick\"", "c2s.resource_conflict")]
    [InlineData("[c2s]\naddresses = [\"localhost\"]", "c2s.addresses")]
    [InlineData("[sasl]\nscram_iterations = 100", "sasl.scram_iterations")]
    [InlineData("[limits]\nmax_stanza_bytes = 500", "limits.max_stanza_bytes")]
    [InlineData("[limits]\nc2s_read_bytes_per_second = -1", "limits.c2s_read_bytes_per_second")]
    [InlineData("[limits]\nc2s_read_burst_bytes = -1", "limits.c2s_read_burst_bytes")]
    [InlineData("[limits]\ns2s_read_bytes_per_second = -1", "limits.s2s_read_bytes_per_second")]
    [InlineData("[limits]\ns2s_read_burst_bytes = -1", "limits.s2s_read_burst_bytes")]
    [InlineData("[s2s]\nmax_connections_per_ip = -1", "s2s.max_connections_per_ip")]
    [InlineData("[storage]\ndriver = \"mysql\"", "storage.driver")]
    [InlineData("[logging]\nlevel = \"Loud\"", "logging.level")]
    [InlineData("[hosts.\"example.org\"]\ncertificate = \"missing.pem\"", "certificate and key")]
    [InlineData("[hosts.\"example.org\"]\ncertificate = \"missing.pem\"\nkey = \"missing.key\"", "hosts.\"example.org\".certificate")]
    [InlineData("[hosts.\"bad domain!\"]", "hosts.\"bad domain!\"")]
    public void Invalid_values_are_refused_with_the_key_named(string toml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write(toml)));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write("[c2s]\nport = \"many\"")));
        Assert.Contains("port", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Broken_toml_is_refused_with_the_file_named()
    {
        var path = Write("[c2s\nport = 1");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Unknown_keys_are_reported_with_their_path()
    {
        var config = ConfigLoader.Load(Write("""
            colour = "blue"
            [c2s]
            prot = 5222
            [modules.version]
            show_os = true
            """));
        Assert.Equal(["c2s:prot", "colour"], config.UnknownKeys);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        Environment.SetEnvironmentVariable("PARLEY_C2S__DIRECT_TLS_PORT", "15999");
        try
        {
            var config = ConfigLoader.Load(Write("[c2s]\ndirect_tls_port = 15223"));
            Assert.Equal(15999, config.Options.C2s.DirectTlsPort);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PARLEY_C2S__DIRECT_TLS_PORT", null);
        }
    }

    [Fact]
    public void The_example_config_uses_only_known_keys()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "parley.example.toml"));
        var flat = TomlConfiguration.Flatten(text, "parley.example.toml");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(flat).Build();
        Assert.Empty(ConfigSchema.UnknownKeys(configuration));
        Assert.True(flat.Count > 20, "the example should show every option");
    }
}

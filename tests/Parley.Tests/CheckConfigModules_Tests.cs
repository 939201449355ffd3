using Parley.Cli;

namespace Parley.Tests;

/// <summary>`parley check config` loads the modules, which validate their own [modules.NAME] options.</summary>
public sealed class CheckConfigModules_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<int> CheckAsync(string toml)
    {
        var path = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(path, "data_dir = \"data\"\n" + toml);
        return await Commands.RunAsync(["check", "config", "--config", path]);
    }

    [Fact]
    public async Task Valid_module_options_pass()
    {
        Assert.Equal(0, await CheckAsync("""
            [modules.vcard]
            max_bytes = 100000
            [modules.private]
            max_bytes = 100000
            [modules.contact]
            abuse = ["mailto:abuse@example.org", "xmpp:abuse@example.org"]
            support = ["https://example.org/support"]
            """));
    }

    [Theory]
    [InlineData("[modules.vcard]\nmax_bytes = 0")]
    [InlineData("[modules.private]\nmax_bytes = -1")]
    [InlineData("[modules.contact]\nadmin = [\"admin@example.org\"]")]
    public async Task Invalid_module_options_fail_the_check(string toml)
    {
        Assert.Equal(2, await CheckAsync(toml));
    }

    [Fact]
    public async Task A_disabled_module_does_not_validate_its_options()
    {
        Assert.Equal(0, await CheckAsync("[modules]\ndisabled = [\"vcard\"]\n[modules.vcard]\nmax_bytes = 0"));
    }
}

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
            [modules.offline]
            max_messages = 1000
            [modules.ping]
            interval_seconds = 120
            timeout_seconds = 30
            """));
    }

    [Theory]
    [InlineData("[modules.vcard]\nmax_bytes = 0")]
    [InlineData("[modules.private]\nmax_bytes = -1")]
    [InlineData("[modules.contact]\nadmin = [\"admin@example.org\"]")]
    [InlineData("[modules.offline]\nmax_messages = 0")]
    // Waiting messages are queued at once at login: at most half the session queue.
    [InlineData("[limits]\nsession_queue = 100\n[modules.offline]\nmax_messages = 51")]
    [InlineData("[modules.ping]\ntimeout_seconds = 0")]
    // The idle timeout would cut a quiet client off before its ping was answered.
    [InlineData("[c2s]\nidle_timeout_seconds = 300\n[modules.ping]\ninterval_seconds = 300")]
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

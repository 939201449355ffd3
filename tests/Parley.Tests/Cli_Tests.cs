using System.Diagnostics;

namespace Parley.Tests;

/// <summary>The parley executable as an admin runs it: a child process, real files, real exit codes.</summary>
public sealed class Cli_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-cli-").FullName;
    private readonly string _config;

    public Cli_Tests()
    {
        _config = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(_config, """
            data_dir = "data"
            [hosts."example.org"]
            [sasl]
            scram_iterations = 4096
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static async Task<(int Code, string Out, string Err)> ParleyAsync(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "parley.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null)
            await p.StandardInput.WriteLineAsync(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Adduser_users_passwd_deluser_manage_an_account()
    {
        var add = await ParleyAsync("pw-1", "adduser", "Alice@Example.org", "--password-stdin", "--config", _config);
        Assert.True(add.Code == 0, add.Err);
        Assert.Contains("alice@example.org", add.Out);

        var again = await ParleyAsync("pw-2", "adduser", "alice@example.org", "--password-stdin", "--config", _config);
        Assert.Equal(1, again.Code);
        Assert.Contains("already exists", again.Err);

        var list = await ParleyAsync(null, "users", "example.org", "--config", _config);
        Assert.Equal(0, list.Code);
        Assert.Equal("alice@example.org", list.Out.Trim());

        var passwd = await ParleyAsync("pw-3", "passwd", "alice@example.org", "--password-stdin", "--config", _config);
        Assert.Equal(0, passwd.Code);

        var del = await ParleyAsync(null, "deluser", "alice@example.org", "--config", _config);
        Assert.Equal(0, del.Code);
        var delAgain = await ParleyAsync(null, "deluser", "alice@example.org", "--config", _config);
        Assert.Equal(1, delAgain.Code);
        Assert.Contains("no such account", delAgain.Err);
    }

    [Theory]
    [InlineData("not a jid@@", "not an account address")]
    [InlineData("example.org", "not an account address")]
    [InlineData("alice@example.org/phone", "not an account address")]
    [InlineData("alice@elsewhere.example", "not a host of this server")]
    public async Task Adduser_refuses_bad_addresses(string jid, string message)
    {
        var r = await ParleyAsync("pw", "adduser", jid, "--password-stdin", "--config", _config);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public async Task Adduser_without_a_terminal_or_password_stdin_says_what_to_do()
    {
        var r = await ParleyAsync("pw", "adduser", "bob@example.org", "--config", _config);
        Assert.Equal(2, r.Code);
        Assert.Contains("--password-stdin", r.Err);
    }

    [Fact]
    public async Task Check_config_accepts_a_good_file_and_names_bad_keys()
    {
        var ok = await ParleyAsync(null, "check", "config", "--config", _config);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("OK", ok.Out);

        File.AppendAllText(_config, "\n[c2s]\nprot = 1\n");
        var unknown = await ParleyAsync(null, "check", "config", "--config", _config);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown key: c2s:prot", unknown.Err);
    }

    [Fact]
    public async Task Run_with_an_invalid_config_exits_2_naming_the_key()
    {
        File.WriteAllText(_config, "[c2s]\nport = -5\n");
        var r = await ParleyAsync(null, "run", "--config", _config);
        Assert.Equal(2, r.Code);
        Assert.Contains("c2s.port", r.Err);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported()
    {
        var r = await ParleyAsync(null, "check", "config", "--config", Path.Combine(_folder, "nope.toml"));
        Assert.Equal(2, r.Code);
        Assert.Contains("config file not found", r.Err);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_usage()
    {
        var r = await ParleyAsync(null, "frobnicate");
        Assert.NotEqual(0, r.Code);
    }
}

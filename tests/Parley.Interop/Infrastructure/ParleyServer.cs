using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Interop.Infrastructure;

/// <summary>
/// The real executable (<c>dotnet parley.dll run</c>) as a child process on loopback, with a fresh data folder, free
/// ports and the test certificate. Accounts are created with <c>parley adduser</c> before it starts.
/// </summary>
internal sealed class ParleyServer : IAsyncDisposable
{
    public const string Domain = "localhost";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _folder;

    private ParleyServer(Process process, string folder, string configFile, int startTlsPort, int directTlsPort, ProcessLog log)
    {
        _process = process;
        _folder = folder;
        ConfigFile = configFile;
        StartTlsPort = startTlsPort;
        DirectTlsPort = directTlsPort;
        Log = log;
    }

    public string ConfigFile { get; }

    public int StartTlsPort { get; }

    public int DirectTlsPort { get; }

    public ProcessLog Log { get; }

    public static string CaFile => TestCertificates.ForLocalhost.CaFile;

    public static async Task<ParleyServer> StartAsync(string name, string resourceConflict, IEnumerable<Account> accounts)
    {
        if (!File.Exists(Dotnet.ParleyDll))
            throw new InvalidOperationException($"{Dotnet.ParleyDll} is missing: the test project must reference src/Parley");
        var folder = TempFolders.Create(name);
        var log = new ProcessLog();
        var configFile = Path.Combine(folder, "parley.toml");
        try
        {
            await WriteConfigAsync(configFile, folder, resourceConflict, FreePort(), FreePort());
            foreach (var account in accounts)
                await AddUserAsync(configFile, account, log);
        }
        catch
        {
            TempFolders.Delete(folder);
            throw;
        }

        // A free port can be taken by another process (other test servers, other builds) before the server binds it:
        // then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var startTlsPort = FreePort();
            var directTlsPort = FreePort();
            await WriteConfigAsync(configFile, folder, resourceConflict, startTlsPort, directTlsPort);
            var mark = log.Count;
            var process = Launch(["run", "--config", configFile], log, "server");
            var server = new ParleyServer(process, folder, configFile, startTlsPort, directTlsPort, log);
            try
            {
                await server.WaitUntilListeningAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && log.Since(mark).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.StopAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TempFolders.Delete(_folder);
    }

    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone, or stuck in the kernel: nothing more a test can do.
        }
        _process.Dispose();
    }

    private static Task WriteConfigAsync(string configFile, string folder, string resourceConflict, int startTlsPort, int directTlsPort)
    {
        var certificates = TestCertificates.ForLocalhost;
        return File.WriteAllTextAsync(configFile, $"""
            # Written by Parley.Interop for one test class.
            data_dir = {Toml(Path.Combine(folder, "data"))}

            [hosts.{Domain}]
            certificate = {Toml(certificates.CertificateFile)}
            key = {Toml(certificates.KeyFile)}

            [c2s]
            addresses = ["127.0.0.1"]
            port = {startTlsPort}
            direct_tls_port = {directTlsPort}
            resource_conflict = {Toml(resourceConflict)}

            [s2s]
            enabled = false

            [sasl]
            scram_iterations = 4096

            [logging]
            level = "Debug"

            """);
    }

    private static async Task AddUserAsync(string configFile, Account account, ProcessLog log)
    {
        using var process = Launch(["adduser", account.Bare, "--password-stdin", "--config", configFile], log, "adduser");
        await process.StandardInput.WriteLineAsync(account.Password);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(AdminTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"parley adduser {account.Bare} did not finish within {AdminTimeout.TotalSeconds} s:\n{log}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"parley adduser {account.Bare} exited with {process.ExitCode}:\n{log}");
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"parley run exited with {_process.ExitCode} before listening:\n{Log}");
            // Still running after both ports answered: the listeners are the server's, not a stranger's it failed to share.
            if (await AcceptsAsync(StartTlsPort) && await AcceptsAsync(DirectTlsPort) && !_process.HasExited)
                return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException(
            $"parley run did not listen on 127.0.0.1:{StartTlsPort} and :{DirectTlsPort} within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static Process Launch(IReadOnlyList<string> arguments, ProcessLog log, string tag)
    {
        var start = new ProcessStartInfo(Dotnet.Host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Dotnet.ParleyDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The server must not pick up settings meant for the test host.
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.Add(tag + ">", e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.Add(tag + "!", e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A port free on loopback now; the server binds it a moment later (the OS does not hand it out again so soon).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Toml(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

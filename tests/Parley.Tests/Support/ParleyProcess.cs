using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Parley.Composition;
using Parley.Server.Config;
using Parley.Server.Sasl;
using Parley.Server.Storage;
using Parley.TestKit;

namespace Parley.Tests.Support;

/// <summary>
/// <c>parley run</c> as a child process on loopback, on a data folder that outlives it: for tests that kill the
/// server (SIGKILL) or stop it (SIGTERM) and start it again on the same data.
/// </summary>
internal sealed class ParleyProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private ParleyProcess(string folder) => Folder = folder;

    public string Folder { get; }

    public string ConfigFile => Path.Combine(Folder, "parley.toml");

    public string DataDir => Path.Combine(Folder, "data");

    public int Port { get; private set; }

    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>A fresh data folder with these accounts (password = username), the server not yet started.</summary>
    public static async Task<ParleyProcess> CreateAsync(params string[] users)
    {
        var server = new ParleyProcess(Directory.CreateTempSubdirectory("parley-proc-").FullName);
        server.WriteConfig(FreePort());
        await using var services = ParleyApp.BuildServices(ConfigLoader.Load(server.ConfigFile));
        var store = services.GetRequiredService<IUserStore>();
        foreach (var user in users)
            await store.CreateAsync("localhost", user, ScramKeys.DeriveAll(user, 4096));
        return server;
    }

    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            // A free port can be taken by someone else before the server binds it: then another one.
            WriteConfig(FreePort());
            _process = Process.Start(ParleyCli.StartInfo("run", "--config", ConfigFile))!;
            _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < StartTimeout)
            {
                if (_process.HasExited)
                    break;
                if (await AcceptsAsync(Port))
                    return;
                await Task.Delay(50);
            }
            await KillAsync();
            if (attempt == 3 || !Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"parley run did not start:{Environment.NewLine}{Log}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs at all, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var code = _process.ExitCode;
        _process.Dispose();
        _process = null;
        return code;
    }

    public async Task<TestClient> LoginAsync(string user, string resource)
    {
        var client = await TestClient.ConnectAsync(Port, directTls: false, "localhost");
        await client.LoginAsync(user, user, resource);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WriteConfig(int port)
    {
        Port = port;
        File.WriteAllText(ConfigFile, $"""
            data_dir = "data"
            [hosts.localhost]
            [c2s]
            addresses = ["127.0.0.1"]
            port = {port}
            direct_tls_port = 0
            [s2s]
            enabled = false
            [sasl]
            scram_iterations = 4096
            failures_per_ip_per_minute = 1000
            """);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

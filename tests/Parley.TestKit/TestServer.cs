using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Composition;
using Parley.Protocol;
using Parley.Server.Config;
using Parley.Server.Connections;
using Parley.Server.Sasl;
using Parley.Server.Storage;

namespace Parley.TestKit;

/// <summary>
/// A real Parley on 127.0.0.1, ephemeral ports, a temporary data folder (SQLite, self-signed certificate).
/// Everything but the listening ports comes from the same composition root as <c>parley run</c>.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions _startTls;
    private readonly ListenOptions _directTls;
    private readonly ListenOptions? _s2s;
    private readonly ListenOptions? _s2sDirectTls;

    private readonly IDictionary<string, string?>? _settings;
    private readonly string? _toml;
    private bool _keepFolder;

    private TestServer(WebApplication app, ListenOptions startTls, ListenOptions directTls, ListenOptions? s2s,
        ListenOptions? s2sDirectTls, string folder, LoadedConfig config, IDictionary<string, string?>? settings, string? toml)
    {
        _s2sDirectTls = s2sDirectTls;
        _app = app;
        _startTls = startTls;
        _directTls = directTls;
        _s2s = s2s;
        Folder = folder;
        Config = config;
        _settings = settings;
        _toml = toml;
    }

    public string Folder { get; }

    public LoadedConfig Config { get; }

    public string Host => Config.Options.Hosts.Keys.First();

    public int StartTlsPort => ((IPEndPoint)_startTls.EndPoint).Port;

    public int DirectTlsPort => ((IPEndPoint)_directTls.EndPoint).Port;

    /// <summary>
    /// The s2s STARTTLS port, when the settings turned federation on ("s2s:enabled" = "true"; it is off by default
    /// in tests so that no test reaches for DNS). The same port after <see cref="RestartAsync"/>.
    /// </summary>
    public int S2sPort => _s2s is null ? throw new InvalidOperationException("s2s is not enabled") : ((IPEndPoint)_s2s.EndPoint).Port;

    /// <summary>The s2s direct TLS port (XEP-0368), ephemeral, when federation is enabled.</summary>
    public int S2sDirectTlsPort => _s2sDirectTls is null ? throw new InvalidOperationException("s2s is not enabled") : ((IPEndPoint)_s2sDirectTls.EndPoint).Port;

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// A loopback port free right now, for a server whose peers must know its s2s port before it starts. Drawn
    /// below the kernel's ephemeral range (Linux: 32768 and up), so no ephemeral bind elsewhere can take it
    /// before the server binds it; a caller still retries if the bind fails.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
                System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }
    }

    /// <summary>
    /// Starts a server; <paramref name="settings"/> are config keys such as "c2s:resource_conflict", and
    /// <paramref name="toml"/>, when given, is written as parley.toml and loaded first, as <c>parley run</c> would.
    /// </summary>
    /// <param name="s2sPort">The s2s STARTTLS port when federation is enabled; 0 for an ephemeral one.</param>
    public static Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null, string? toml = null, int s2sPort = 0)
    {
        var folder = Path.Combine(Path.GetTempPath(), "parley-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return StartInAsync(folder, settings, toml, s2sPort);
    }

    /// <summary>
    /// Stops this server (its clients are disconnected) and starts a new one on the same data folder and config,
    /// on new ports: what a restart keeps, the new server has. Dispose the new one; this one is done.
    /// </summary>
    public async Task<TestServer> RestartAsync()
    {
        _keepFolder = true;
        var s2sPort = _s2s is null ? 0 : S2sPort;
        await DisposeAsync();
        return await StartInAsync(Folder, _settings, _toml, s2sPort);
    }

    private static async Task<TestServer> StartInAsync(string folder, IDictionary<string, string?>? settings, string? toml, int s2sPort)
    {
        string? configFile = null;
        if (toml is not null)
        {
            configFile = Path.Combine(folder, "parley.toml");
            await File.WriteAllTextAsync(configFile, toml);
        }
        var overrides = new Dictionary<string, string?>
        {
            ["data_dir"] = Path.Combine(folder, "data"),
            ["sasl:scram_iterations"] = "4096",
            // Tests log in many times from one address; throttling has its own tests with their own limits.
            ["sasl:failures_per_ip_per_minute"] = "1000",
        };
        // Federation would look remote domains up in DNS; tests that federate turn it on with host overrides, in
        // the settings or in a [s2s] section of the TOML (which these overrides would otherwise beat).
        if (toml is null || !toml.Contains("[s2s]", StringComparison.Ordinal))
            overrides["s2s:enabled"] = "false";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            overrides[k] = v;
        var config = ConfigLoader.Load(configFile, overrides);
        ListenOptions? startTls = null, directTls = null, s2s = null, s2sDirectTls = null;
        var app = ParleyApp.Build(config, logging => logging.AddProvider(new TestLogProvider()).SetMinimumLevel(LogLevel.Debug),
            kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0, l =>
                {
                    l.UseConnectionHandler<C2sConnectionHandler>();
                    startTls = l;
                });
                kestrel.Listen(IPAddress.Loopback, 0, l =>
                {
                    l.UseConnectionHandler<DirectTlsC2sConnectionHandler>();
                    directTls = l;
                });
                if (config.Options.S2s.Enabled)
                {
                    kestrel.Listen(IPAddress.Loopback, s2sPort, l =>
                    {
                        l.UseConnectionHandler<S2sConnectionHandler>();
                        s2s = l;
                    });
                    kestrel.Listen(IPAddress.Loopback, 0, l =>
                    {
                        l.UseConnectionHandler<DirectTlsS2sConnectionHandler>();
                        s2sDirectTls = l;
                    });
                }
            });
        await app.StartAsync();
        return new TestServer(app, startTls!, directTls!, s2s, s2sDirectTls, folder, config, settings, toml);
    }

    public async Task AddUserAsync(string username, string password, string? host = null)
    {
        var store = Services.GetRequiredService<IUserStore>();
        if (!await store.CreateAsync(host ?? Host, username, ScramKeys.DeriveAll(password, 4096)))
            throw new InvalidOperationException($"user {username} exists");
    }

    /// <summary>A client connected to the STARTTLS port (or the direct TLS one), stream not yet opened.</summary>
    public Task<TestClient> ConnectAsync(bool directTls = false)
        => TestClient.ConnectAsync(directTls ? DirectTlsPort : StartTlsPort, directTls, Host);

    /// <summary>
    /// A client whose socket buffers are as small as the OS allows, so that a client that does not read fills
    /// them quickly (slow-reader tests).
    /// </summary>
    public Task<TestClient> ConnectWithSmallBuffersAsync()
        => TestClient.ConnectAsync(StartTlsPort, directTls: false, Host, receiveBufferSize: 4096);

    /// <summary>Connects, negotiates TLS and SASL PLAIN, binds: a ready session.</summary>
    public async Task<TestClient> LoginAsync(string username, string password, string? resource = null)
    {
        var client = await ConnectAsync();
        await client.LoginAsync(username, password, resource);
        return client;
    }

    /// <summary>Logs in and sends initial presence, so the session is available (RFC 6121 §4.2); its own presence echo is read.</summary>
    public async Task<TestClient> LoginAvailableAsync(string username, string password, string resource)
    {
        var client = await LoginAsync(username, password, resource);
        await client.SendAsync("<presence/>");
        await client.ExpectAsync("presence", Namespaces.Client);
        return client;
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        await _app.DisposeAsync();
        if (_keepFolder)
            return;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

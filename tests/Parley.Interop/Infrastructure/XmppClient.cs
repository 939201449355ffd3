using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Parley.Interop.Infrastructure;

internal enum ClientLibrary
{
    Slixmpp,
    Aioxmpp,
}

internal enum TlsMode
{
    /// <summary>RFC 6120 §5 on the c2s port.</summary>
    StartTls,

    /// <summary>XEP-0368 on the direct TLS port.</summary>
    DirectTls,
}

/// <summary>One line the client script printed: <c>{"event": "...", ...}</c>.</summary>
internal sealed record ClientEvent(string Name, JsonElement Data)
{
    public string? this[string field]
        => Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A list field: the objects of "items" (as events of their own) or the strings of "jids".</summary>
    public IReadOnlyList<ClientEvent> List(string field)
        => Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => new ClientEvent(Name, v))]
            : [];

    public IReadOnlyList<string> Strings(string field)
        => Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];

    public override string ToString() => Data.GetRawText();
}

/// <summary>
/// A client script (clients/*.py) under Debian's Python, driven over the line protocol described in
/// clients/interop_cli.py: commands on stdin, JSON events on stdout, the library's debug log on stderr.
/// </summary>
internal sealed class XmppClient : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The --mechanism value that leaves the SASL choice to the library.</summary>
    public const string LibraryChoice = "auto";

    // Bounded waits keep a broken server from hanging the suite; a healthy exchange takes well under a second.
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly Channel<ClientEvent> _events = Channel.CreateUnbounded<ClientEvent>();
    private bool _disposed;

    private XmppClient(string name, Process process, ProcessLog log)
    {
        Name = name;
        _process = process;
        Log = log;
    }

    public string Name { get; }

    public ProcessLog Log { get; }

    public static XmppClient Start(
        ClientLibrary library, string mode, ParleyServer server, string jid, string password, TlsMode tls, string mechanism)
    {
        var script = library switch
        {
            ClientLibrary.Slixmpp => "slixmpp_client.py",
            ClientLibrary.Aioxmpp => "aioxmpp_client.py",
            _ => throw new ArgumentOutOfRangeException(nameof(library)),
        };
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = ClientsFolder,
        };
        // -B: no __pycache__ in the test output; -s: no user site-packages, only what Debian installed.
        foreach (var argument in new[]
                 {
                     "-B", "-s", Path.Combine(ClientsFolder, script), mode,
                     "--host", "127.0.0.1",
                     "--port", (tls == TlsMode.DirectTls ? server.DirectTlsPort : server.StartTlsPort).ToString(),
                     "--tls", tls == TlsMode.DirectTls ? "direct" : "starttls",
                     "--ca", ParleyServer.CaFile,
                     "--jid", jid,
                     "--password", password,
                     "--mechanism", mechanism,
                     "--timeout", ScriptTimeout.TotalSeconds.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");

        var name = $"{library.ToString().ToLowerInvariant()} {jid}";
        var log = new ProcessLog();
        var process = new Process { StartInfo = start };
        var client = new XmppClient(name, process, log);
        process.OutputDataReceived += (_, e) => client.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.Add("!", e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    public static string ClientsFolder => Path.Combine(AppContext.BaseDirectory, "clients");

    /// <summary>The next event named <paramref name="name"/>; any other event first (but "sent") fails the test.</summary>
    public async Task<ClientEvent> ExpectAsync(string name)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        while (true)
        {
            ClientEvent next;
            try
            {
                if (!await _events.Reader.WaitToReadAsync(timeout.Token))
                {
                    await WaitForExitQuietlyAsync();
                    Assert.Fail($"{Name}: exited with code {ExitCodeText()} before '{name}'");
                }
                next = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{Name}: no '{name}' within {EventTimeout.TotalSeconds} s");
                throw;
            }
            if (next.Name == "sent")
                continue;
            if (next.Name != name)
                Assert.Fail($"{Name}: expected '{name}', got {next}");
            return next;
        }
    }

    /// <summary>The script exits with <paramref name="exitCode"/> and prints nothing more (but "sent") before that.</summary>
    public async Task ExpectExitAsync(int exitCode = 0)
    {
        var code = await ExitCodeAsync();
        // The exit code is known once the process is gone; its last stdout line may still be on its way.
        using var timeout = new CancellationTokenSource(EventTimeout);
        await foreach (var next in _events.Reader.ReadAllAsync(timeout.Token))
        {
            if (next.Name != "sent")
                Assert.Fail($"{Name}: expected the end, got {next}");
        }
        Assert.True(code == exitCode, $"{Name}: exit code {code}, expected {exitCode}");
    }

    /// <summary>
    /// The next event named <paramref name="name"/> that <paramref name="match"/> accepts; any other event before
    /// it is passed over (it stays in the log). For conversations where presence and pushes come and go around
    /// what the test waits for.
    /// </summary>
    public async Task<ClientEvent> WaitForAsync(string name, Func<ClientEvent, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        while (true)
        {
            ClientEvent next;
            try
            {
                if (!await _events.Reader.WaitToReadAsync(timeout.Token))
                {
                    await WaitForExitQuietlyAsync();
                    Assert.Fail($"{Name}: exited with code {ExitCodeText()} before '{name}'");
                }
                next = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{Name}: no matching '{name}' within {EventTimeout.TotalSeconds} s");
                throw;
            }
            if (next.Name == "error")
                Assert.Fail($"{Name}: {next}");
            if (next.Name == name && (match is null || match(next)))
                return next;
        }
    }

    /// <summary>One line of the stdin protocol (see clients/interop_cli.py), e.g. "subscribe bob@localhost".</summary>
    public async Task CommandAsync(string line)
    {
        if (line.Contains('\n'))
            throw new ArgumentException("one line per command", nameof(line));
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task SendMessageAsync(string to, string body)
    {
        if (body.Contains('\n'))
            throw new ArgumentException("the line protocol carries one-line bodies", nameof(body));
        await _process.StandardInput.WriteLineAsync($"send {to} {body}");
        await _process.StandardInput.FlushAsync();
    }

    public async Task QuitAsync()
    {
        await _process.StandardInput.WriteLineAsync("quit");
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> ExitCodeAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(EventTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{Name}: still running {EventTimeout.TotalSeconds} s after its outcome");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _events.Writer.TryComplete();
            return;
        }
        Log.Add(">", line);
        try
        {
            using var document = JsonDocument.Parse(line);
            var data = document.RootElement.Clone();
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("event", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                _events.Writer.TryWrite(new ClientEvent(name.GetString()!, data));
            }
        }
        catch (JsonException)
        {
            // Not an event line (a library printing to stdout); it stays in the log.
        }
    }

    private async Task WaitForExitQuietlyAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
    }

    private string ExitCodeText() => _process.HasExited ? _process.ExitCode.ToString() : "(still running)";
}

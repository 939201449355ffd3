using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Federation.Harness;

/// <summary>
/// A server process started through <c>/bin/sh -c 'exec …'</c> with its output appended to a log file, its PID
/// written to a file (so that a later run can clean up after a test host that died), stopped by that PID only.
/// </summary>
public sealed class ChildProcess
{
    private readonly Process _process;

    private ChildProcess(Process process, string pidFile)
    {
        _process = process;
        PidFile = pidFile;
    }

    public int Pid => _process.Id;

    public string PidFile { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="command"/> (a shell command line, exec'd) in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string command, string workingDirectory, string outputFile, string pidFile,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec {command} >>{Sh.Quote(outputFile)} 2>&1 </dev/null");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        process.StandardInput.Close();
        File.WriteAllText(pidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ChildProcess(process, pidFile);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
            return;
        Signal(_process.Id, 15);
        if (!await WaitForExitAsync(grace))
        {
            KillIfAlive();
            await WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
    }

    public void KillIfAlive()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static void Signal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit(5000);
    }

    /// <summary>
    /// Kills what a previous run left behind under <paramref name="folder"/>: every PID in a <c>*.pid</c> file there
    /// whose command line mentions that folder (so that a reused PID of something else is left alone).
    /// </summary>
    public static void KillLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var file in Directory.EnumerateFiles(folder, "*.pid", SearchOption.AllDirectories))
        {
            if (!int.TryParse(File.ReadAllText(file).Trim(), out var pid))
                continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.Contains(folder, StringComparison.Ordinal))
                Signal(pid, 9);
        }
    }

    /// <summary>Runs a command to completion (bounded); returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string command, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec {command} 2>&1");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {command}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish within {timeout.TotalSeconds} s: {await output}");
        }
        return (process.ExitCode, await output);
    }

    /// <summary>Waits (bounded) until a TCP connection to <paramref name="address"/>:<paramref name="port"/> succeeds.</summary>
    public static async Task WaitForPortAsync(IPAddress address, int port, TimeSpan timeout, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.ConnectAsync(new IPEndPoint(address, port), cts.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline || gaveUp?.Invoke() == true)
                throw new TimeoutException($"nothing accepted connections on {address}:{port} within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits (bounded) until nothing accepts connections on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task WaitForPortClosedAsync(IPAddress address, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.ConnectAsync(new IPEndPoint(address, port), cts.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{address}:{port} still accepts connections after {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}

/// <summary>Shell quoting for the command lines above.</summary>
public static class Sh
{
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}

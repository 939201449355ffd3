using System.Diagnostics;

namespace Parley.Tests.Support;

/// <summary>The parley executable run as an admin runs it: a child process with real exit codes and output.</summary>
internal static class ParleyCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "parley.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        psi.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        psi.Environment.Remove("ASPNETCORE_URLS");
        return psi;
    }

    public static async Task<(int Code, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        if (stdin is not null)
            await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await output, await error);
    }
}

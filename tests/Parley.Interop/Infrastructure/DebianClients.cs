using System.Diagnostics;

namespace Parley.Interop.Infrastructure;

/// <summary>
/// The interop tests are never skipped: without Debian's Python and its XMPP clients they fail, saying what to install.
/// </summary>
internal static class DebianClients
{
    public const string Install = "apt-get install -y python3-slixmpp python3-aioxmpp";

    private static readonly Lazy<Task<string?>> Problem = new(FindProblemAsync);

    public static async Task EnsureInstalledAsync()
    {
        if (await Problem.Value is { } problem)
            Assert.Fail(problem);
    }

    private static async Task<string?> FindProblemAsync()
    {
        if (!File.Exists(XmppClient.Python))
            return $"{XmppClient.Python} is missing; the interop tests need Debian's Python and XMPP clients: {Install}";
        var start = new ProcessStartInfo(XmppClient.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-B", "-s", "-c", "import slixmpp, aioxmpp, aiosasl, OpenSSL" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return $"{XmppClient.Python} did not import slixmpp and aioxmpp within 30 s";
        }
        if (process.ExitCode == 0)
            return null;
        var reason = (await stderr).Trim().Split('\n')[^1];
        return $"{XmppClient.Python} cannot import the XMPP clients ({reason}); install them: {Install}";
    }
}

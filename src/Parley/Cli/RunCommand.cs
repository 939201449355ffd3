using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Composition;
using Parley.Server.Config;

namespace Parley.Cli;

internal static class RunCommand
{
    public static async Task<int> RunAsync(string? configPath, CancellationToken cancellationToken)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return Commands.BadInput;
        WebApplication app;
        try
        {
            app = ParleyApp.Build(config);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"parley: {e.Message}");
            return Commands.BadInput;
        }
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Parley");
        foreach (var key in config.UnknownKeys)
            log.LogWarning("Unknown config key {Key} (ignored; see docs/admin.md)", key);
        log.LogInformation("Parley starting: config {Config}, data {Data}, hosts {Hosts}",
            config.FilePath ?? "(embedded defaults)", config.Options.DataDir, string.Join(", ", config.Options.Hosts.Keys));
        try
        {
            // SIGTERM and Ctrl+C stop the host: streams get system-shutdown after their queues are flushed.
            await app.RunAsync();
        }
        catch (IOException e)
        {
            log.LogCritical("Cannot listen: {Message}", e.Message);
            return Commands.Failed;
        }
        return Commands.Ok;
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Modules;

/// <summary>Runs the modules' background work from the server's start to its stop.</summary>
internal sealed class ModuleBackgroundWork(ModuleHost modules, ILogger<ModuleBackgroundWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(modules.BackgroundWork.Select(w => RunAsync(w.Module, w.Work, stoppingToken)));
    }

    private async Task RunAsync(string module, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        try
        {
            // Off the start-up path: the host waits for ExecuteAsync only until its first await.
            await Task.Run(() => work(stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A failing sweep must not take the server down; it says so, loudly.
            logger.LogError(e, "Background work of module {Module} failed and stopped", module);
        }
    }
}

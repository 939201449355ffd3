using Microsoft.Extensions.DependencyInjection;
using Parley.Composition;
using Parley.Modules;
using Parley.Server.Config;
using Parley.Server.Modules;

namespace Parley.Cli;

internal static class CheckCommands
{
    public static async Task<int> ConfigAsync(string? path)
    {
        var config = Commands.LoadConfig(path);
        if (config is null)
            return Commands.BadInput;
        var known = ModuleCatalog.All.Select(ModuleCatalog.NameOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknownModules = config.Options.Modules.Disabled.Where(m => !known.Contains(m)).ToList();
        foreach (var key in config.UnknownKeys)
            Console.Error.WriteLine($"unknown key: {key}");
        foreach (var m in unknownModules)
            Console.Error.WriteLine($"modules.disabled: no module named '{m}' (modules: {string.Join(", ", known.Order())})");
        if (config.UnknownKeys.Count > 0 || unknownModules.Count > 0)
            return Commands.BadInput;
        // [modules.NAME] options are validated by each module as it loads: load them as the server would.
        try
        {
            await using var services = ParleyApp.BuildServices(config);
            services.GetRequiredService<ModuleHost>();
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            return Commands.BadInput;
        }
        Console.WriteLine($"{config.FilePath ?? "embedded defaults"}: OK");
        Console.WriteLine($"  hosts: {string.Join(", ", config.Options.Hosts.Keys)}");
        Console.WriteLine($"  data: {config.Options.DataDir}");
        return Commands.Ok;
    }

    public static int Xeps()
    {
        Console.Write(XepsDocument.Render(AllModules()));
        return Commands.Ok;
    }

    /// <summary>Every module, constructed without a running server, for its metadata only.</summary>
    public static IEnumerable<IModule> AllModules()
    {
        var services = new ServiceCollection().AddParleyModules([]).BuildServiceProvider();
        return services.GetServices<IModule>();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Modules;
using Parley.Server.Config;
using Parley.Server.Hosting;
using Parley.Server.Modules;
using Parley.Storage.Sqlite;

namespace Parley.Composition;

/// <summary>The composition root: one place that knows every part and wires them into a host.</summary>
public static class ParleyApp
{
    public static WebApplication Build(LoadedConfig config, Action<ILoggingBuilder>? logging = null,
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? listen = null)
    {
        var options = config.Options;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = config.BaseDirectory });
        builder.Configuration.AddConfiguration(config.Configuration);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (listen is not null)
                listen(kestrel);
            else
            {
                kestrel.ListenC2s(options);
                kestrel.ListenS2s(options);
            }
            kestrel.ListenAdmin();
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.Logging.Level, ignoreCase: true));
        // Kestrel's own connection chatter is noise for an XMPP server; its warnings and errors still show.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        else if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
        {
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        AddParley(builder.Services, config);
        var app = builder.Build();
        // Modules register their handlers before the first connection can arrive.
        app.Services.GetRequiredService<ModuleHost>();
        return app;
    }

    /// <summary>
    /// The same services as <see cref="Build"/> without a host or listeners, for the CLI verbs that act on the
    /// server's data (deleting an account reaches every store it would). Dispose it asynchronously: that closes
    /// the database. Logs at warning and above go to standard error.
    /// </summary>
    public static ServiceProvider BuildServices(LoadedConfig config)
    {
        var services = new ServiceCollection();
        services.AddSingleton(config.Configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        AddParley(services, config);
        return services.BuildServiceProvider();
    }

    /// <summary>Every part of Parley: the kernel, the storage backend, the enabled modules.</summary>
    private static void AddParley(IServiceCollection services, LoadedConfig config)
    {
        var options = config.Options;
        services.AddParleyKernel(options);
        services.AddSqliteStorage(Path.Combine(options.DataDir, options.Storage.Path));
        services.AddParleyModules(options.Modules.Disabled);
    }
}

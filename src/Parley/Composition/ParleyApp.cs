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
                kestrel.ListenC2s(options);
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
        builder.Services.AddParleyKernel(options);
        builder.Services.AddSqliteStorage(Path.Combine(options.DataDir, options.Storage.Path));
        builder.Services.AddParleyModules(options.Modules.Disabled);
        var app = builder.Build();
        // Modules register their handlers before the first connection can arrive.
        app.Services.GetRequiredService<ModuleHost>();
        return app;
    }
}

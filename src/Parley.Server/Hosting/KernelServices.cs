using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Config;
using Parley.Server.Connections;
using Parley.Server.Events;
using Parley.Server.Federation;
using Parley.Server.Modules;
using Parley.Server.Routing;
using Parley.Server.Sasl;
using Parley.Server.Sessions;
using Parley.Server.Streams.C2s;
using Parley.Server.Tls;
using System.Net;

namespace Parley.Server.Hosting;

/// <summary>Registers the kernel: hosts, certificates, sessions, router, module host, c2s and s2s listeners.</summary>
public static class KernelServices
{
    public static IServiceCollection AddParleyKernel(this IServiceCollection services, ParleyOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new LocalHosts(options.Hosts.Keys.Select(h => h.ToLowerInvariant())));
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<ServerSecret>();
        services.AddSingleton<ISessionDirectory, InMemorySessionDirectory>();
        services.AddSingleton(new LocalSessionRegistry());
        services.AddSingleton<EventBus>();
        services.AddSingleton<IqDispatcher>();
        services.AddSingleton<FeatureRegistry>();
        services.AddSingleton<StanzaFilters>();
        services.AddSingleton<StreamFeatures>();
        services.AddSingleton<ModuleHost>();
        services.AddHostedService<ModuleBackgroundWork>();
        services.AddSingleton<IRouter, Router>();
        services.AddSingleton<PendingIqs>();
        services.AddSingleton<IIqClient, IqClient>();
        services.AddSingleton<AuthThrottle>();
        services.AddSingleton<C2sServices>();
        services.AddSingleton<Streams.S2s.DialbackKeys>();
        services.AddSingleton<Streams.S2s.S2sPolicy>();
        services.AddSingleton<Streams.S2s.S2sServices>();
        services.AddSingleton<Streams.S2s.S2sManager>();
        services.AddSingleton<ConnectionsPerAddress>();
        services.AddSingleton<Storage.AccountDeletion>();
        services.AddHostedService<DeletedAccountSessions>();
        services.AddSingleton<Admin.AdminSocket>();
        services.AddSingleton<Admin.AdminCommands>();
        services.AddFederationLookup();
        return services;
    }

    /// <summary>The admin socket (docs/admin.md), unless turned off.</summary>
    public static void ListenAdmin(this KestrelServerOptions kestrel)
    {
        var socket = kestrel.ApplicationServices.GetRequiredService<Admin.AdminSocket>();
        if (socket.Path is null)
            return;
        kestrel.ListenUnixSocket(socket.Prepare(), l => l.UseConnectionHandler<Admin.AdminConnectionHandler>());
        var lifetime = kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(socket.MakePrivate);
        // The file goes when the server has stopped; kill -9 leaves it behind, and the next start clears it.
        lifetime.ApplicationStopped.Register(socket.Remove);
    }

    /// <summary>
    /// The s2s listeners on every configured address: STARTTLS and direct TLS (XEP-0368); none when federation
    /// is off.
    /// </summary>
    public static void ListenS2s(this KestrelServerOptions kestrel, ParleyOptions options)
    {
        if (!options.S2s.Enabled)
            return;
        void On(int port, Action<ListenOptions> configure)
        {
            if (port == 0)
                return;
            if (options.S2s.Addresses.Count == 0)
                kestrel.ListenAnyIP(port, configure);
            foreach (var address in options.S2s.Addresses)
                kestrel.Listen(IPAddress.Parse(address), port, configure);
        }
        On(options.S2s.Port, l => l.UseConnectionHandler<S2sConnectionHandler>());
        On(options.S2s.DirectTlsPort, l => l.UseConnectionHandler<DirectTlsS2sConnectionHandler>());
    }

    /// <summary>The c2s listeners on every configured address: STARTTLS and direct TLS (XEP-0368).</summary>
    public static void ListenC2s(this KestrelServerOptions kestrel, ParleyOptions options)
    {
        void On(int port, Action<ListenOptions> configure)
        {
            if (port == 0)
                return;
            // No addresses: every IPv4 and IPv6 address (a dual-stack socket where the machine has IPv6).
            if (options.C2s.Addresses.Count == 0)
                kestrel.ListenAnyIP(port, configure);
            foreach (var address in options.C2s.Addresses)
                kestrel.Listen(IPAddress.Parse(address), port, configure);
        }
        On(options.C2s.Port, l => l.UseConnectionHandler<C2sConnectionHandler>());
        On(options.C2s.DirectTlsPort, l => l.UseConnectionHandler<DirectTlsC2sConnectionHandler>());
    }
}

using Microsoft.Extensions.DependencyInjection;
using Parley.Modules.Blocking;
using Parley.Modules.Caps;
using Parley.Modules.Contact;
using Parley.Modules.Disco;
using Parley.Modules.LastActivity;
using Parley.Modules.Offline;
using Parley.Modules.Ping;
using Parley.Modules.Presence;
using Parley.Modules.Private;
using Parley.Modules.Roster;
using Parley.Modules.Time;
using Parley.Modules.VCard;
using Parley.Modules.Version;
using Parley.Server.Modules;

namespace Parley.Modules;

/// <summary>Every module Parley ships, in load order. A module is registered here and nowhere else.</summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(BlockingModule),
        typeof(CapsModule),
        typeof(ContactModule),
        typeof(DiscoModule),
        typeof(LastActivityModule),
        typeof(OfflineModule),
        typeof(PingModule),
        typeof(PresenceModule),
        typeof(PrivateModule),
        typeof(RosterModule),
        typeof(TimeModule),
        typeof(VCardModule),
        typeof(VersionModule),
    ];

    /// <summary>Registers the enabled modules; unknown names in <paramref name="disabled"/> are reported by the caller.</summary>
    public static IServiceCollection AddParleyModules(this IServiceCollection services, IEnumerable<string> disabled)
    {
        var off = new HashSet<string>(disabled, StringComparer.OrdinalIgnoreCase);
        services.AddSingleton(TimeProvider.System);
        // Services modules offer one another (DESIGN §2: a module uses another only through a service). They are
        // there whether or not their module is enabled: with presence off nobody is ever available; with blocking
        // off no stanza is stopped, though presence broadcasts still skip what a stored blocklist names.
        services.AddSingleton<PresenceState>();
        services.AddSingleton<IPresenceState>(sp => sp.GetRequiredService<PresenceState>());
        services.AddSingleton<Blocklists>();
        services.AddSingleton<IBlocklists>(sp => sp.GetRequiredService<Blocklists>());
        foreach (var type in All)
        {
            if (!off.Contains(NameOf(type)))
                services.AddSingleton(typeof(IModule), type);
        }
        return services;
    }

    public static string NameOf(Type moduleType) => moduleType.Name.EndsWith("Module", StringComparison.Ordinal)
        ? moduleType.Name[..^"Module".Length].ToLowerInvariant()
        : moduleType.Name.ToLowerInvariant();
}

using System.Reflection;
using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Version;

/// <summary>XEP-0092: the server's software name and version. The OS is left out unless the admin opts in.</summary>
public sealed class VersionModule : IModule
{
    public ModuleInfo Info { get; } = new("version", "Tells the server's software version",
        Spec.Xep(92, "Software Version", "1.1"));

    public void Configure(IModuleBuilder module)
    {
        var options = module.Options<VersionOptions>();
        var version = typeof(VersionModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
            version = version[..plus];
        var os = options.ShowOs ? Environment.OSVersion.VersionString : null;
        module.Feature(Namespaces.Version);
        // The answer never changes: build it once.
        var query = X.E("query", Namespaces.Version, X.E("name", Namespaces.Version, "Parley"),
            X.E("version", Namespaces.Version, version), os is null ? null : X.E("os", Namespaces.Version, os));
        module.Iq<VersionQuery>(IqType.Get, Addressed.Host, request => ValueTask.FromResult(request.Result(query)));
    }
}

public sealed class VersionOptions
{
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("show_os")]
    public bool ShowOs { get; set; }
}

public sealed record VersionQuery : IPayload<VersionQuery>
{
    private static readonly VersionQuery _instance = new();

    public static string ElementName => "query";

    public static string Namespace => Namespaces.Version;

    public static VersionQuery? Parse(Element element) => _instance;
}

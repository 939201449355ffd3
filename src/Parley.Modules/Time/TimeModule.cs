using System.Globalization;
using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Time;

/// <summary>XEP-0202: the server's time, in UTC (XEP-0082 profiles), with a zero offset.</summary>
public sealed class TimeModule(TimeProvider clock) : IModule
{
    public ModuleInfo Info { get; } = new("time", "Tells the server's time", Spec.Xep(202, "Entity Time", "2.0"));

    public void Configure(IModuleBuilder module)
    {
        module.Feature(Namespaces.Time);
        module.Iq<TimeQuery>(IqType.Get, Addressed.Host, request =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return ValueTask.FromResult(request.Result(X.E("time", Namespaces.Time,
                X.E("tzo", Namespaces.Time, "+00:00"),
                X.E("utc", Namespaces.Time, now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)))));
        });
    }
}

public sealed record TimeQuery : IPayload<TimeQuery>
{
    private static readonly TimeQuery _instance = new();

    public static string ElementName => "time";

    public static string Namespace => Namespaces.Time;

    public static TimeQuery? Parse(Element element) => _instance;
}

using Parley.Protocol;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.Ping;

/// <summary>XEP-0199: the server answers pings addressed to it (and, on their behalf, to accounts).</summary>
public sealed class PingModule : IModule
{
    public ModuleInfo Info { get; } = new("ping", "Answers application-level pings",
        Spec.Xep(199, "XMPP Ping", "2.0.1", notes: "server answers pings; server-initiated pings come with the IM work"));

    public void Configure(IModuleBuilder module)
    {
        module.Feature(Namespaces.Ping);
        module.Iq<PingRequest>(IqType.Get, Addressed.Host | Addressed.Account,
            static request => ValueTask.FromResult(request.Result()));
    }
}

public sealed record PingRequest : IPayload<PingRequest>
{
    private static readonly PingRequest _instance = new();

    public static string ElementName => "ping";

    public static string Namespace => Namespaces.Ping;

    public static PingRequest? Parse(Element element) => _instance;
}

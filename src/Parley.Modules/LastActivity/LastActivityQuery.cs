using Parley.Protocol;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.LastActivity;

/// <summary>&lt;query xmlns='jabber:iq:last'/&gt;, a request with nothing in it.</summary>
public sealed record LastActivityQuery : IPayload<LastActivityQuery>
{
    private static readonly LastActivityQuery _instance = new();

    public static string ElementName => "query";

    public static string Namespace => Namespaces.LastActivity;

    public static LastActivityQuery? Parse(Element element) => _instance;

    /// <summary>The answer: whole seconds, and the status text when there is one (§2, §3).</summary>
    public static Element Answer(long seconds, string? status)
        => X.E("query", Namespaces.LastActivity, X.A("seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            string.IsNullOrEmpty(status) ? null : status);
}

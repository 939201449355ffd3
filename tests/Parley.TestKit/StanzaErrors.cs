using Parley.Protocol;
using Parley.Xml;

namespace Parley.TestKit;

/// <summary>Reading the error of a stanza of type 'error' (RFC 6120 §8.3.2) in assertions.</summary>
public static class StanzaErrors
{
    /// <summary>The defined condition of the stanza's error, or null when it carries none.</summary>
    public static string? ErrorCondition(this Element stanza)
        => stanza.Child("error", stanza.Namespace)?.Elements()
            .FirstOrDefault(c => c.Namespace == Namespaces.StanzaErrors && c.Name != "text")?.Name;

    /// <summary>The error's type attribute (cancel, modify, auth, wait, continue).</summary>
    public static string? ErrorType(this Element stanza) => stanza.Child("error", stanza.Namespace)?.Attribute("type");

    /// <summary>The condition of a SASL &lt;failure/&gt; (RFC 6120 §6.5).</summary>
    public static string? SaslCondition(this Element failure)
        => failure.Elements().FirstOrDefault(c => c.Namespace == Namespaces.Sasl && c.Name != "text")?.Name;
}

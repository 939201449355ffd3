using Parley.Xml;

namespace Parley.Protocol.Payloads;

/// <summary>
/// XEP-0334 message processing hints (urn:xmpp:hints). They are only hints (Business Rules: nobody may rely on
/// another entity honouring them); Parley uses them to store or copy less, never to bypass a recipient's rules.
/// </summary>
public static class Hints
{
    /// <summary>&lt;no-store/&gt;: keep the message neither in an archive nor temporarily (offline storage).</summary>
    public static bool NoStore(Element message) => Has(message, "no-store");

    /// <summary>
    /// &lt;no-permanent-store/&gt;: no archive (XEP-0313) or log, while storage for later delivery is fine.
    /// &lt;no-store/&gt; forbids every kind of storage, so it implies this one.
    /// </summary>
    public static bool NoPermanentStore(Element message) => Has(message, "no-permanent-store") || NoStore(message);

    /// <summary>&lt;no-copy/&gt;: no copies to addresses other than the one it was sent to (XEP-0280 carbons).</summary>
    public static bool NoCopy(Element message) => Has(message, "no-copy");

    /// <summary>&lt;store/&gt;: archive a message that the archive's own rules would pass over.</summary>
    public static bool Store(Element message) => Has(message, "store");

    private static bool Has(Element message, string hint) => message.Child(hint, Namespaces.Hints) is not null;
}

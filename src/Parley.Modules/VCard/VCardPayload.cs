using Parley.Protocol;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Modules.VCard;

/// <summary>&lt;vCard xmlns='vcard-temp'/&gt;: empty in a get, the whole card in a set.</summary>
public sealed record VCardPayload(Element Element) : IPayload<VCardPayload>
{
    public static string ElementName => "vCard";

    public static string Namespace => Namespaces.VCardTemp;

    /// <summary>True when the card says nothing: setting it is the same as having none.</summary>
    public bool IsEmpty => !Element.Elements().Any();

    // The vCard DTD (XEP-0054 §9) gives <vCard/> element content only: text beside the fields is malformed.
    public static VCardPayload? Parse(Element element)
        => element.Nodes.OfType<Text>().Any(t => !string.IsNullOrWhiteSpace(t.Value)) ? null : new(element);
}

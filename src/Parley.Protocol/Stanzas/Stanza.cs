using System.Collections.Immutable;
using Parley.Protocol.Errors;
using Parley.Xml;

namespace Parley.Protocol.Stanzas;

public enum StanzaKind
{
    Message,
    Presence,
    Iq,
}

public enum IqType
{
    Get,
    Set,
    Result,
    Error,
}

/// <summary>Reading and answering the three stanzas of RFC 6120 §8 without caring which stream they came on.</summary>
public static class Stanza
{
    public static bool TryGetKind(Element e, out StanzaKind kind)
    {
        kind = default;
        if (e.Namespace is not (Namespaces.Client or Namespaces.Server))
            return false;
        switch (e.Name)
        {
            case "message": kind = StanzaKind.Message; return true;
            case "presence": kind = StanzaKind.Presence; return true;
            case "iq": kind = StanzaKind.Iq; return true;
            default: return false;
        }
    }

    public static bool TryGetIqType(Element iq, out IqType type)
    {
        switch (iq.Attribute("type"))
        {
            case "get": type = IqType.Get; return true;
            case "set": type = IqType.Set; return true;
            case "result": type = IqType.Result; return true;
            case "error": type = IqType.Error; return true;
            default: type = default; return false;
        }
    }

    public static string? Type(Element stanza) => stanza.Attribute("type");

    public static bool IsError(Element stanza) => stanza.Attribute("type") == "error";

    /// <summary>The payload of an IQ get/set: its one child element (RFC 6120 §8.2.3).</summary>
    public static Element? IqPayload(Element iq) => iq.FirstChild();

    /// <summary>
    /// An error reply to <paramref name="stanza"/> (RFC 6120 §8.3.1): same kind and id, to and from swapped,
    /// type error. The original payload is not echoed back.
    /// </summary>
    public static Element ErrorReply(Element stanza, StanzaError error)
    {
        return new Element(stanza.Name, stanza.Namespace, ReplyAttributes(stanza, "error"),
            [error.ToElement(stanza.Namespace)]);
    }

    /// <summary>A result IQ (RFC 6120 §8.2.3) with an optional payload.</summary>
    public static Element Result(Element iq, Element? payload = null)
        => new(iq.Name, iq.Namespace, ReplyAttributes(iq, "result"), payload is null ? [] : [payload]);

    public static Element Iq(string ns, IqType type, string id, string? to, string? from, Element? payload)
        => X.E("iq", ns, X.A("type", ConditionNames.ToXml(type)), X.A("id", id), X.A("to", to), X.A("from", from), payload);

    private static ImmutableArray<XmlAttribute> ReplyAttributes(Element stanza, string type)
    {
        var b = ImmutableArray.CreateBuilder<XmlAttribute>(4);
        var id = stanza.Attribute("id");
        if (id is not null)
            b.Add(new XmlAttribute("id", id));
        var from = stanza.Attribute("from");
        if (from is not null)
            b.Add(new XmlAttribute("to", from));
        var to = stanza.Attribute("to");
        if (to is not null)
            b.Add(new XmlAttribute("from", to));
        b.Add(new XmlAttribute("type", type));
        return b.ToImmutable();
    }
}

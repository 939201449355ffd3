using Parley.Xml;

namespace Parley.Protocol.Errors;

/// <summary>A stream error (RFC 6120 §4.9): sent, then the stream is closed.</summary>
public sealed record StreamError(StreamErrorCondition Condition, string? Text = null)
{
    public Element ToElement() => X.E("error", Namespaces.Streams,
        X.E(ConditionNames.ToXml(Condition), Namespaces.StreamErrors),
        Text is null ? null : X.E("text", Namespaces.StreamErrors, Text));

    /// <summary>The stream error for what the XML parser refused (RFC 6120 §4.9.3), with the parser's message as text.</summary>
    public static StreamError FromXml(XmlError error) => new(error.Kind switch
    {
        XmlErrorKind.RestrictedXml => StreamErrorCondition.RestrictedXml,
        XmlErrorKind.PolicyViolation => StreamErrorCondition.PolicyViolation,
        XmlErrorKind.UnsupportedEncoding => StreamErrorCondition.UnsupportedEncoding,
        XmlErrorKind.BadFormat => StreamErrorCondition.BadFormat,
        XmlErrorKind.InvalidNamespace => StreamErrorCondition.InvalidNamespace,
        _ => StreamErrorCondition.NotWellFormed,
    }, error.Message);

    public static StreamError? FromElement(Element e)
    {
        if (!e.Is("error", Namespaces.Streams))
            return null;
        foreach (var child in e.Elements())
        {
            if (child.Namespace == Namespaces.StreamErrors && child.Name != "text"
                && ConditionNames.TryParse(child.Name, out StreamErrorCondition c))
                return new StreamError(c, e.Child("text", Namespaces.StreamErrors)?.Text);
        }
        return new StreamError(StreamErrorCondition.UndefinedCondition);
    }
}

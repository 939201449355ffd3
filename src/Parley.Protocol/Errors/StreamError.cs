using Parley.Xml;

namespace Parley.Protocol.Errors;

/// <summary>A stream error (RFC 6120 §4.9): sent, then the stream is closed.</summary>
public sealed record StreamError(StreamErrorCondition Condition, string? Text = null)
{
    public Element ToElement() => X.E("error", Namespaces.Streams,
        X.E(ConditionNames.ToXml(Condition), Namespaces.StreamErrors),
        Text is null ? null : X.E("text", Namespaces.StreamErrors, Text));

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

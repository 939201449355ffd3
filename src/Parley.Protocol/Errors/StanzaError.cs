using Parley.Xml;

namespace Parley.Protocol.Errors;

/// <summary>A stanza error (RFC 6120 §8.3), with the default type of each condition from §8.3.3.</summary>
public sealed record StanzaError(StanzaErrorCondition Condition, StanzaErrorType Type, string? Text = null)
{
    public StanzaError(StanzaErrorCondition condition, string? text = null)
        : this(condition, DefaultType(condition), text)
    {
    }

    /// <summary>
    /// An application-specific condition (RFC 6120 §8.3.2), e.g. XEP-0191's &lt;blocked/&gt;; written after the
    /// defined condition and the text.
    /// </summary>
    public Element? ApplicationCondition { get; init; }

    public Element ToElement(string stanzaNamespace) => X.E("error", stanzaNamespace,
        X.A("type", ConditionNames.ToXml(Type)),
        X.E(ConditionNames.ToXml(Condition), Namespaces.StanzaErrors),
        Text is null ? null : X.E("text", Namespaces.StanzaErrors, Text),
        ApplicationCondition);

    public static StanzaError? FromElement(Element error)
    {
        if (!ConditionNames.TryParse(error.Attribute("type") ?? "", out StanzaErrorType type))
            type = StanzaErrorType.Cancel;
        foreach (var child in error.Elements())
        {
            if (child.Namespace == Namespaces.StanzaErrors && child.Name != "text"
                && ConditionNames.TryParse(child.Name, out StanzaErrorCondition c))
                return new StanzaError(c, type, error.Child("text", Namespaces.StanzaErrors)?.Text);
        }
        return null;
    }

    public static StanzaErrorType DefaultType(StanzaErrorCondition condition) => condition switch
    {
        StanzaErrorCondition.BadRequest => StanzaErrorType.Modify,
        StanzaErrorCondition.Conflict => StanzaErrorType.Cancel,
        StanzaErrorCondition.FeatureNotImplemented => StanzaErrorType.Cancel,
        StanzaErrorCondition.Forbidden => StanzaErrorType.Auth,
        StanzaErrorCondition.Gone => StanzaErrorType.Cancel,
        StanzaErrorCondition.InternalServerError => StanzaErrorType.Cancel,
        StanzaErrorCondition.ItemNotFound => StanzaErrorType.Cancel,
        StanzaErrorCondition.JidMalformed => StanzaErrorType.Modify,
        StanzaErrorCondition.NotAcceptable => StanzaErrorType.Modify,
        StanzaErrorCondition.NotAllowed => StanzaErrorType.Cancel,
        StanzaErrorCondition.NotAuthorized => StanzaErrorType.Auth,
        StanzaErrorCondition.PolicyViolation => StanzaErrorType.Modify,
        StanzaErrorCondition.RecipientUnavailable => StanzaErrorType.Wait,
        StanzaErrorCondition.Redirect => StanzaErrorType.Modify,
        StanzaErrorCondition.RegistrationRequired => StanzaErrorType.Auth,
        StanzaErrorCondition.RemoteServerNotFound => StanzaErrorType.Cancel,
        StanzaErrorCondition.RemoteServerTimeout => StanzaErrorType.Wait,
        StanzaErrorCondition.ResourceConstraint => StanzaErrorType.Wait,
        StanzaErrorCondition.ServiceUnavailable => StanzaErrorType.Cancel,
        StanzaErrorCondition.SubscriptionRequired => StanzaErrorType.Auth,
        StanzaErrorCondition.UnexpectedRequest => StanzaErrorType.Wait,
        _ => StanzaErrorType.Cancel,
    };
}

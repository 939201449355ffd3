namespace Parley.Server.Sasl;

/// <summary>The SASL failure conditions of RFC 6120 §6.5, one per child element of <c>&lt;failure/&gt;</c>.</summary>
public enum SaslFailure
{
    Aborted,
    AccountDisabled,
    CredentialsExpired,
    EncryptionRequired,
    IncorrectEncoding,
    InvalidAuthzid,
    InvalidMechanism,
    MalformedRequest,
    MechanismTooWeak,
    NotAuthorized,
    TemporaryAuthFailure,
}

namespace Parley.Xml;

public enum XmlErrorKind
{
    /// <summary>Malformed XML, invalid UTF-8, a character XML 1.0 forbids, an undeclared prefix.</summary>
    NotWellFormed,

    /// <summary>DTD, entity declaration or reference to an undefined entity, comment, processing instruction.</summary>
    RestrictedXml,

    /// <summary>A limit of <see cref="XmlLimits"/> was exceeded.</summary>
    PolicyViolation,

    /// <summary>An XML declaration named an encoding other than UTF-8.</summary>
    UnsupportedEncoding,

    /// <summary>A root element named stream in a namespace other than http://etherx.jabber.org/streams.</summary>
    InvalidNamespace,

    /// <summary>Well-formed XML that is not an XMPP stream (text at stream level, a root that is not stream:stream).</summary>
    BadFormat,
}

public sealed record XmlError(XmlErrorKind Kind, string Message);

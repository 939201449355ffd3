namespace Parley.Xml;

/// <summary>Bounds on what one peer may make us hold. Exceeding any gives <see cref="XmlErrorKind.PolicyViolation"/>.</summary>
public sealed record XmlLimits
{
    /// <summary>Bytes of one depth-1 element (a stanza), counted on the wire. The stream header counts too.</summary>
    public int MaxStanzaBytes { get; init; } = 256 * 1024;

    /// <summary>Nesting depth below the stream element.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Attributes on one element (namespace declarations included).</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Namespace declarations within one stanza (or the stream header).</summary>
    public int MaxNamespaceDeclarations { get; init; } = 32;

    public static XmlLimits Authenticated { get; } = new();

    public static XmlLimits Unauthenticated { get; } = new() { MaxStanzaBytes = 16 * 1024 };
}

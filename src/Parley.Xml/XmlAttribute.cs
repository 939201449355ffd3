namespace Parley.Xml;

/// <summary>
/// An attribute with its namespace resolved. Unprefixed attributes have an empty namespace;
/// <c>xml:lang</c> has <see cref="Element.XmlNamespace"/>. Namespace declarations are never attributes.
/// </summary>
public readonly record struct XmlAttribute(string Name, string Value, string Namespace = "");

using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>A typed IQ payload: its qualified name is the dispatch key, parsing turns the element into a value.</summary>
public interface IPayload<TSelf> where TSelf : IPayload<TSelf>
{
    static abstract string ElementName { get; }

    static abstract string Namespace { get; }

    /// <summary>Null when the element is malformed: the request gets bad-request.</summary>
    static abstract TSelf? Parse(Element element);
}

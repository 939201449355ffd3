using Parley.Xml;

namespace Parley.Modules.Private;

/// <summary>Private XML (XEP-0049) of each account: elements kept by their name and namespace.</summary>
public interface IPrivateXmlStore
{
    /// <summary>The element stored under this name and namespace, or null.</summary>
    ValueTask<Element?> GetAsync(string host, string username, string name, string ns, CancellationToken ct = default);

    /// <summary>
    /// Stores each element under its name and namespace, replacing what was there, all or nothing. Refuses
    /// (returns false, keeps everything as it was) when the account would then hold more than
    /// <paramref name="maxAccountBytes"/> bytes of XML.
    /// </summary>
    ValueTask<bool> SetAsync(string host, string username, IReadOnlyList<Element> elements, long maxAccountBytes,
        CancellationToken ct = default);
}

using Parley.Xml;

namespace Parley.Modules.VCard;

/// <summary>One vCard (XEP-0054) per account, kept whole: there are no partial updates.</summary>
public interface IVCardStore
{
    /// <summary>The stored &lt;vCard xmlns='vcard-temp'/&gt;, or null when the account has none.</summary>
    ValueTask<Element?> GetAsync(string host, string username, CancellationToken ct = default);

    /// <summary>Replaces the account's vCard; durable when this returns.</summary>
    ValueTask SetAsync(string host, string username, Element vcard, CancellationToken ct = default);

    /// <summary>Forgets the account's vCard; nothing stored is not an error.</summary>
    ValueTask RemoveAsync(string host, string username, CancellationToken ct = default);
}

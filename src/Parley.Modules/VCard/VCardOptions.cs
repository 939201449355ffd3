using Microsoft.Extensions.Configuration;

namespace Parley.Modules.VCard;

/// <summary>[modules.vcard]</summary>
public sealed class VCardOptions
{
    /// <summary>Largest vCard accepted, in bytes of XML (an embedded photo counts).</summary>
    [ConfigurationKeyName("max_bytes")]
    public int MaxBytes { get; set; } = 64 * 1024;
}

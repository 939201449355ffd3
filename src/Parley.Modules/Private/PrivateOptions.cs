using Microsoft.Extensions.Configuration;

namespace Parley.Modules.Private;

/// <summary>[modules.private]</summary>
public sealed class PrivateOptions
{
    /// <summary>Bytes of XML one account may keep, all namespaces together.</summary>
    [ConfigurationKeyName("max_bytes")]
    public int MaxBytes { get; set; } = 256 * 1024;
}

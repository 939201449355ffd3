using Microsoft.Extensions.Configuration;

namespace Parley.Modules.Offline;

/// <summary>[modules.offline]</summary>
public sealed class OfflineOptions
{
    /// <summary>Messages one account may have waiting; past it, senders get service-unavailable (XEP-0160 §2).</summary>
    [ConfigurationKeyName("max_messages")]
    public int MaxMessages { get; set; } = 500;
}

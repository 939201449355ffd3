using Microsoft.Extensions.Configuration;

namespace Parley.Modules.Blocking;

/// <summary>[modules.blocking]</summary>
public sealed class BlockingOptions
{
    /// <summary>JIDs one account may block; a block command past it is refused with policy-violation.</summary>
    [ConfigurationKeyName("max_items")]
    public int MaxItems { get; set; } = 1000;
}

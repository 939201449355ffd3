using Microsoft.Extensions.Configuration;

namespace Parley.Modules.Roster;

/// <summary>[modules.roster]</summary>
public sealed class RosterOptions
{
    /// <summary>
    /// Items one roster may hold; pending subscription requests from contacts not in the roster are bounded by the
    /// same number. Past it, adding is refused with policy-violation.
    /// </summary>
    [ConfigurationKeyName("max_items")]
    public int MaxItems { get; set; } = 1000;

    /// <summary>RFC 6121 §2.3.3: a name longer than this (in characters) is not-acceptable.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>RFC 6121 §2.3.3: a group name longer than this (in characters) is not-acceptable.</summary>
    public const int MaxGroupLength = 1024;

    /// <summary>Groups one item may be in (a bound on what one roster set can make the server store).</summary>
    public const int MaxGroups = 64;
}

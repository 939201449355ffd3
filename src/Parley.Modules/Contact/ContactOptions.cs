using Microsoft.Extensions.Configuration;

namespace Parley.Modules.Contact;

/// <summary>[modules.contact]: URIs (mailto:, xmpp:, https:) per role, as XEP-0157 §3 registers them.</summary>
public sealed class ContactOptions
{
    [ConfigurationKeyName("abuse")]
    public List<string> Abuse { get; set; } = [];

    [ConfigurationKeyName("admin")]
    public List<string> Admin { get; set; } = [];

    [ConfigurationKeyName("feedback")]
    public List<string> Feedback { get; set; } = [];

    [ConfigurationKeyName("sales")]
    public List<string> Sales { get; set; } = [];

    [ConfigurationKeyName("security")]
    public List<string> Security { get; set; } = [];

    /// <summary>Pages that tell whether the service is up (registered after XEP-0157 1.0).</summary>
    [ConfigurationKeyName("status")]
    public List<string> Status { get; set; } = [];

    [ConfigurationKeyName("support")]
    public List<string> Support { get; set; } = [];

    /// <summary>(config key, form field var, addresses) for every role.</summary>
    public IEnumerable<(string Key, string Var, List<string> Addresses)> Roles()
    {
        yield return ("abuse", "abuse-addresses", Abuse);
        yield return ("admin", "admin-addresses", Admin);
        yield return ("feedback", "feedback-addresses", Feedback);
        yield return ("sales", "sales-addresses", Sales);
        yield return ("security", "security-addresses", Security);
        yield return ("status", "status-addresses", Status);
        yield return ("support", "support-addresses", Support);
    }
}

using Parley.Protocol;
using Parley.Server.Config;
using Parley.Server.Modules;

namespace Parley.Modules.Contact;

/// <summary>XEP-0157: the service's contact addresses, in a XEP-0128 form of the server's disco#info.</summary>
public sealed class ContactModule : IModule
{
    public ModuleInfo Info { get; } = new("contact", "Contact addresses of the service in disco#info",
        Spec.Xep(157, "Contact Addresses for XMPP Services", "1.1.1"));

    public void Configure(IModuleBuilder module)
    {
        var options = module.Options<ContactOptions>();
        foreach (var (key, var, addresses) in options.Roles())
        {
            foreach (var address in addresses)
            {
                // §3 and §4: the values are URIs (mailto:, xmpp:, a web page); a bare address would be ambiguous.
                if (!IsContactUri(address))
                    throw new ConfigException($"modules.contact.{key}: '{address}' is not a mailto:, xmpp:, tel:, http: or https: URI");
            }
            // A role with no address is left out rather than shown empty. The type is the registered one (§7.1).
            if (addresses.Count > 0)
                module.DiscoExtension(Namespaces.ServerInfo, var, addresses, "list-multi");
        }
    }

    private static readonly string[] Schemes = ["mailto", "xmpp", "tel", "http", "https"];

    // The scheme must be written out: .NET reads "/path" as an implicit file: URI on Unix.
    private static bool IsContactUri(string address)
        => Uri.TryCreate(address, UriKind.Absolute, out var uri)
            && Schemes.Contains(uri.Scheme)
            && address.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase)
            && address.Length > uri.Scheme.Length + 1;
}

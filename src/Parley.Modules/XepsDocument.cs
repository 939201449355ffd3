using System.Text;
using Parley.Server.Modules;

namespace Parley.Modules;

/// <summary>Renders docs/xeps.md from the modules' own metadata; a test keeps the committed file in step.</summary>
public static class XepsDocument
{
    public static string Render(IEnumerable<IModule> modules)
    {
        var sb = new StringBuilder();
        sb.Append("# Protocols Parley implements\n\n");
        sb.Append("Generated from each module's `ModuleInfo` (`parley docs xeps > docs/xeps.md`); a test fails when this file is stale.\n");
        sb.Append("The stream layer (RFC 6120: TLS, SASL, bind) is part of the kernel and listed first.\n\n");
        sb.Append("| Specification | Title | Version | Status | Module | Notes |\n");
        sb.Append("|---|---|---|---|---|---|\n");
        foreach (var spec in Kernel)
            Row(sb, spec, "(kernel)");
        foreach (var module in modules.OrderBy(m => m.Info.Name, StringComparer.Ordinal))
        {
            foreach (var spec in module.Info.Specs)
                Row(sb, spec, module.Info.Name);
        }
        return sb.ToString();
    }

    private static readonly Spec[] Kernel =
    [
        Spec.Rfc(6120, "XMPP: Core", "partial", "c2s: STARTTLS, SASL, bind; s2s: STARTTLS, SASL EXTERNAL; stanza routing; no stream compression (by design)"),
        Spec.Rfc(7622, "XMPP: Address Format"),
        Spec.Rfc(5802, "SCRAM", notes: "SCRAM-SHA-1, -PLUS"),
        Spec.Rfc(7677, "SCRAM-SHA-256", notes: "and -PLUS; SCRAM-SHA-512 likewise"),
        Spec.Rfc(5929, "Channel Bindings for TLS", "partial", "tls-server-end-point"),
        Spec.Xep(178, "Best Practices for Use of SASL EXTERNAL with Certificates", "1.2", "partial",
            "server-to-server: offered when the peer's certificate is valid for its stream 'from', used on outgoing streams; not for clients"),
        Spec.Xep(185, "Dialback Key Generation and Validation", "1.0", notes: "HMAC-SHA256 keys from a secret derived from the persisted server secret"),
        Spec.Xep(220, "Server Dialback", "1.1.1", notes: "over TLS; dialback errors; several sender domains on one incoming stream; unsolicited results ignored"),
        Spec.Xep(368, "SRV records for XMPP over TLS", "1.1.0", notes: "direct TLS c2s and s2s listeners; _xmpps-server SRV records for outgoing s2s"),
        Spec.Xep(440, "SASL Channel-Binding Type Capability", "1.0.0"),
    ];

    private static void Row(StringBuilder sb, Spec spec, string module)
        => sb.Append($"| {spec.Name} | {spec.Title} | {spec.Version} | {spec.Status} | {module} | {spec.Notes} |\n");
}

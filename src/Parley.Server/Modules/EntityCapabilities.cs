using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Modules;

/// <summary>XEP-0115 entity capabilities of the server: the caps node and the verification string (§5).</summary>
public static class EntityCapabilities
{
    /// <summary>
    /// The caps 'node': a URI naming the software (§4). Parley has no home page yet, so a name under the reserved
    /// .invalid domain (RFC 2606) that can never belong to anyone else; change it when there is one.
    /// </summary>
    public const string Node = "https://parley.invalid/caps";

    public const string Namespace = "http://jabber.org/protocol/caps";

    /// <summary>An identity with its xml:lang, as §5.1 orders them.</summary>
    public sealed record Identity(string Category, string Type, string? Lang, string? Name);

    /// <summary>The SHA-1 verification string (§5.1; SHA-1 is mandatory to implement, §12.2).</summary>
    public static string VerificationString(IEnumerable<Identity> identities, IEnumerable<string> features,
        IEnumerable<DiscoExtensionForm> forms)
    {
        // §5.1: every sort is "i;octet": byte order of UTF-8, which ordinal order of UTF-16 does not always match
        // (above the BMP), so the strings are compared as UTF-8.
        var s = new StringBuilder();
        foreach (var i in identities.OrderBy(i => i.Category, Octets).ThenBy(i => i.Type, Octets)
                     .ThenBy(i => i.Lang ?? "", Octets).ThenBy(i => i.Name ?? "", Octets))
            s.Append(i.Category).Append('/').Append(i.Type).Append('/').Append(i.Lang).Append('/').Append(i.Name).Append('<');
        foreach (var f in features.Order(Octets))
            s.Append(f).Append('<');
        foreach (var form in forms.OrderBy(f => f.FormType, Octets))
        {
            s.Append(form.FormType).Append('<');
            foreach (var field in form.Fields.OrderBy(f => f.Var, Octets))
            {
                s.Append(field.Var).Append('<');
                foreach (var value in field.Values.Order(Octets))
                    s.Append(value).Append('<');
            }
        }
        // SHA-1 because the XEP mandates it; a caps hash is a cache key that peers verify, not a secret.
#pragma warning disable CA5350
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
#pragma warning restore CA5350
    }

    private static readonly Comparer<string> Octets = Comparer<string>.Create(static (a, b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
}

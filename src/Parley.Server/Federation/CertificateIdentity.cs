using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Parley.Server.Federation;

/// <summary>
/// The identities a certificate presents for an XMPP server (RFC 6120 §13.7.1.2, RFC 6125, RFC 7712) and whether
/// one of them is a given domain.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>DNS-ID: subjectAltName dNSName, compared as A-labels without regard to case; a wildcard is allowed only
/// as the whole leftmost label and stands for exactly one label (RFC 6125 §6.4.3; "f*.example.org" partial
/// wildcards are refused, as RFC 9525 does), and never directly over a single-label name ("*.org").</item>
/// <item>SRV-ID: otherName SRVName (RFC 4985) <c>_xmpp-server.domain</c>, no wildcards.</item>
/// <item>XmppAddr: otherName id-on-xmppAddr, a UTF8String JID; for a server it is the bare domain.</item>
/// <item>CN-ID: the subject's common name is read only when the certificate has no subjectAltName extension at
/// all. RFC 6125 §6.4.4 allows it when no identifier of a supported type is present; refusing it as soon as any
/// subjectAltName exists is stricter, and avoids a CN that the CA never checked winning over the names it did.</item>
/// </list>
/// </remarks>
public sealed class CertificateIdentity
{
    public const string XmppAddrOid = "1.3.6.1.5.5.7.8.5";
    public const string SrvNameOid = "1.3.6.1.5.5.7.8.7";
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";
    private const string XmppServerService = "_xmpp-server.";

    private CertificateIdentity(IReadOnlyList<string> dnsIds, IReadOnlyList<string> srvIds, IReadOnlyList<string> xmppAddrs,
        IReadOnlyList<string> commonNames, bool hasSubjectAltName)
    {
        DnsIds = dnsIds;
        SrvIds = srvIds;
        XmppAddrs = xmppAddrs;
        CommonNames = commonNames;
        HasSubjectAltName = hasSubjectAltName;
    }

    /// <summary>dNSName entries as written (may start with "*.").</summary>
    public IReadOnlyList<string> DnsIds { get; }

    /// <summary>SRVName entries as written, e.g. "_xmpp-server.example.org".</summary>
    public IReadOnlyList<string> SrvIds { get; }

    public IReadOnlyList<string> XmppAddrs { get; }

    /// <summary>The subject's CNs; used for matching only when <see cref="HasSubjectAltName"/> is false.</summary>
    public IReadOnlyList<string> CommonNames { get; }

    public bool HasSubjectAltName { get; }

    /// <summary>Reads the identities; a malformed subjectAltName counts as present with no usable names.</summary>
    public static CertificateIdentity Read(X509Certificate2 certificate)
    {
        var dnsIds = new List<string>();
        var srvIds = new List<string>();
        var xmppAddrs = new List<string>();
        var san = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == SubjectAltNameOid);
        if (san is not null)
        {
            try
            {
                ReadGeneralNames(san.RawData, dnsIds, srvIds, xmppAddrs);
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException or DecoderFallbackException)
            {
                dnsIds.Clear();
                srvIds.Clear();
                xmppAddrs.Clear();
            }
        }
        var commonNames = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements || rdn.GetSingleElementType().Value != CommonNameOid)
                continue;
            if (rdn.GetSingleElementValue() is { } cn)
                commonNames.Add(cn);
        }
        return new CertificateIdentity(dnsIds, srvIds, xmppAddrs, commonNames, san is not null);
    }

    // RFC 5280 §4.2.1.6: SubjectAltName ::= SEQUENCE OF GeneralName; otherName [0] { type-id, [0] EXPLICIT value },
    // dNSName [2] IA5String. Other choices are skipped.
    private static void ReadGeneralNames(byte[] der, List<string> dnsIds, List<string> srvIds, List<string> xmppAddrs)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var otherName = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var dnsName = new Asn1Tag(TagClass.ContextSpecific, 2);
        var explicitValue = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag == otherName)
            {
                var other = names.ReadSequence(otherName);
                var typeId = other.ReadObjectIdentifier();
                var value = other.ReadSequence(explicitValue);
                if (typeId == XmppAddrOid)
                    xmppAddrs.Add(value.ReadCharacterString(UniversalTagNumber.UTF8String));
                else if (typeId == SrvNameOid)
                    srvIds.Add(value.ReadCharacterString(UniversalTagNumber.IA5String));
            }
            else if (tag == dnsName)
                dnsIds.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, dnsName));
            else
                names.ReadEncodedValue();
        }
    }

    /// <summary>True when an identity of the certificate is <paramref name="domain"/>.</summary>
    public bool Covers(string domain)
    {
        if (DnsLookups.ToAscii(domain) is not { } reference)
            return false;
        if (DnsIds.Any(id => DnsIdMatches(id, reference)))
            return true;
        if (SrvIds.Any(id => id.StartsWith(XmppServerService, StringComparison.OrdinalIgnoreCase)
                && DnsLookups.ToAscii(id[XmppServerService.Length..]) == reference))
            return true;
        if (XmppAddrs.Any(addr => !addr.Contains('@') && !addr.Contains('/') && DnsLookups.ToAscii(addr) == reference))
            return true;
        return !HasSubjectAltName && CommonNames.Any(cn => DnsIdMatches(cn, reference));
    }

    /// <summary>The names this certificate could authenticate, for people to read.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var id in DnsIds)
            yield return $"DNS-ID {id}";
        foreach (var id in SrvIds)
            yield return $"SRV-ID {id}";
        foreach (var id in XmppAddrs)
            yield return $"XmppAddr {id}";
        if (!HasSubjectAltName)
        {
            foreach (var cn in CommonNames)
                yield return $"CN {cn} (no subjectAltName)";
        }
    }

    /// <param name="presented">A dNSName (or CN) from the certificate.</param>
    /// <param name="reference">The domain in lower-case A-label form.</param>
    public static bool DnsIdMatches(string presented, string reference)
    {
        presented = presented.TrimEnd('.');
        if (presented.Length == 0 || presented.Any(c => c > 0x7f))
            return false;
        if (presented.StartsWith("*.", StringComparison.Ordinal))
        {
            var parent = presented[2..];
            // The wildcard replaces exactly one label, never the registrable domain itself.
            if (!parent.Contains('.') || parent.Contains('*'))
                return false;
            var dot = reference.IndexOf('.');
            return dot > 0 && string.Equals(reference[(dot + 1)..], parent, StringComparison.OrdinalIgnoreCase);
        }
        return !presented.Contains('*') && string.Equals(presented, reference, StringComparison.OrdinalIgnoreCase);
    }
}

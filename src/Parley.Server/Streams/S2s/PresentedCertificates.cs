using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Copies of what a peer server presented in the TLS handshake, taken by the validation callback and judged after
/// the handshake by the federation rules (<see cref="Federation.IPeerCertificateValidator"/>, RFC 6120 §13.7.2),
/// not by the platform's defaults: a certificate that does not validate may still be good enough for dialback.
/// </summary>
internal sealed class PresentedCertificates
{
    public X509Certificate2? Leaf { get; private set; }

    /// <summary>The intermediates the peer sent, if any.</summary>
    public X509Certificate2Collection? Chain { get; private set; }

    // Accepts every certificate: the handshake only collects it (see the class comment).
    public bool Capture(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
            Leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (chain is not null)
        {
            Chain = [];
            foreach (var c in chain.ChainPolicy.ExtraStore)
                Chain.Add(X509CertificateLoader.LoadCertificate(c.RawData));
        }
        return true;
    }
}

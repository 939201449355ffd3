using System.Security.Cryptography.X509Certificates;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios.Federation;

/// <summary>A hand-driven server peer on a Parley's s2s port: whatever a test wants it to say.</summary>
internal static class FakePeer
{
    public const string Dialback = "jabber:server:dialback";

    /// <summary>A peer claiming <paramref name="from"/>: stream opened, TLS done (with a certificate when given), features read.</summary>
    public static async Task<(TestClient Peer, Element Features)> ConnectAsync(TestServer server, string from,
        X509Certificate2? certificate = null, bool directTls = false)
    {
        var peer = await TestClient.ConnectAsync(directTls ? server.S2sDirectTlsPort : server.S2sPort, directTls: false, server.Host);
        peer.ClientCertificate = certificate;
        if (directTls)
        {
            await peer.HandshakeAsync();
            return (peer, await OpenAsync(peer, server, from));
        }
        var features = await OpenAsync(peer, server, from);
        Assert.NotNull(features.Child("starttls", Namespaces.Tls));
        await peer.StartTlsAsync();
        return (peer, await OpenAsync(peer, server, from));
    }

    public static async Task<Element> OpenAsync(TestClient peer, TestServer server, string from)
    {
        await peer.SendAsync("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback' " +
            $"xmlns:stream='http://etherx.jabber.org/streams' from='{from}' to='{server.Host}' version='1.0'>");
        await peer.ExpectHeaderAsync();
        return await peer.ExpectAsync("features", Namespaces.Streams);
    }

    /// <summary>A peer authenticated as <paramref name="domain"/> by SASL EXTERNAL (XEP-0178).</summary>
    public static async Task<TestClient> AuthenticatedAsync(TestServer server, string domain, X509Certificate2 certificate,
        bool directTls = false)
    {
        var (peer, features) = await ConnectAsync(server, domain, certificate, directTls);
        Assert.Contains(features.Child("mechanisms", Namespaces.Sasl)!.Elements(), m => m.Text == "EXTERNAL");
        await peer.SendAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
        await peer.ExpectAsync("success", Namespaces.Sasl);
        peer.ResetParser();
        await OpenAsync(peer, server, domain);
        return peer;
    }

    /// <summary>The stanza error condition of a dialback error (XEP-0220 §2.4: the error is in jabber:server).</summary>
    public static string? DialbackErrorCondition(Element result)
        => result.Child("error", Namespaces.Server)?.Elements().FirstOrDefault(e => e.Namespace == Namespaces.StanzaErrors)?.Name;
}

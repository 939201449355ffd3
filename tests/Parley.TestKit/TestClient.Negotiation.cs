using System.IO.Pipelines;
using System.Net.Security;
using System.Text;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.TestKit;

// TLS, SASL and bind, written from the RFC for tests, independent of the server's code.
public sealed partial class TestClient
{
    /// <summary>A certificate to present in the TLS handshake (a server peer proving its domain, XEP-0178).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; set; }

    public async Task StartTlsAsync()
    {
        await SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        await ExpectAsync("proceed", Namespaces.Tls);
        await HandshakeAsync();
    }

    /// <summary>The TLS handshake alone, for tests that send &lt;starttls/&gt; by hand.</summary>
    public async Task HandshakeAsync()
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = _host,
            ClientCertificates = ClientCertificate is null ? null : [ClientCertificate],
        });
        ServerCertificate = tls.RemoteCertificate is null ? null
            : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData());
        _stream = tls;
        _reader = PipeReader.Create(tls);
        _parser.Reset();
        _hasPending = false;
    }

    /// <summary>SASL PLAIN (RFC 4616); returns the server's answer, success or failure.</summary>
    public async Task<Element> AuthPlainAsync(string username, string password, string? authzid = null)
    {
        var message = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authzid}\0{username}\0{password}"));
        await SendAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{message}</auth>");
        return await NextAsync();
    }

    /// <summary>Open, STARTTLS, open, PLAIN, open, bind.</summary>
    public async Task LoginAsync(string username, string password, string? resource = null)
    {
        await AuthenticateAsync(username, password);
        await OpenAsync();
        await BindAsync(resource);
    }

    /// <summary>Open, STARTTLS, open, PLAIN: authenticated, the stream not yet restarted.</summary>
    public async Task AuthenticateAsync(string username, string password)
    {
        await OpenAsync();
        await StartTlsAsync();
        await OpenAsync();
        var answer = await AuthPlainAsync(username, password);
        if (!answer.Is("success", Namespaces.Sasl))
            throw new InvalidOperationException($"login failed: {answer}");
        _parser.Reset();
    }

    public async Task<Jid> BindAsync(string? resource)
    {
        var r = resource is null ? "" : $"<resource>{resource}</resource>";
        await SendAsync($"<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>{r}</bind></iq>");
        var reply = await ExpectAsync("iq", Namespaces.Client);
        var jid = reply.Child("bind", Namespaces.Bind)?.Child("jid", Namespaces.Bind)?.Text
            ?? throw new InvalidOperationException($"bind failed: {reply}");
        Jid = Jid.Parse(jid);
        return Jid;
    }

    /// <summary>After SASL success the stream restarts: the parser starts afresh.</summary>
    public void ResetParser()
    {
        _parser.Reset();
    }

    /// <summary>Sends a stanza and returns the next element that answers it (by id).</summary>
    public async Task<Element> RequestAsync(string stanzaXml, string id)
    {
        await SendAsync(stanzaXml);
        while (true)
        {
            var e = await NextAsync();
            if (e.Attribute("id") == id)
                return e;
        }
    }
}

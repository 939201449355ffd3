using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

// Stream headers and features (RFC 6120 §4.7, §4.3.2), STARTTLS (§5).
internal sealed partial class C2sStream
{
    private async ValueTask<StreamAction> OnStreamHeaderAsync(Element header, string contentNamespace)
    {
        var to = header.Attribute("to");
        string? host = null;
        if (to is not null && Jid.TryNormalizeDomain(to, out var normalized))
            host = normalized;

        if (_host is null)
        {
            // The first header picks the virtual host; answer with our header before any error (§4.9.1.2).
            if (host is not null && _services.Hosts.Contains(host))
                _host = host;
            WriteHeader(header.Attribute("from"));
            if (_overAddressLimit)
                return Fail(StreamErrorCondition.PolicyViolation, "too many connections from your address");
            if (to is null)
                return Fail(StreamErrorCondition.HostUnknown, "the stream header has no 'to' naming a host");
            if (_host is null)
                return Fail(StreamErrorCondition.HostUnknown, $"this server does not serve {to}");
        }
        else
        {
            WriteHeader(header.Attribute("from"));
            // DESIGN §8: a restart after TLS or SASL cannot switch to another virtual host.
            if (host != _host)
                return Fail(StreamErrorCondition.HostUnknown, "a stream restart cannot change the host");
        }
        if (contentNamespace != Namespaces.Client)
            return Fail(StreamErrorCondition.InvalidNamespace, "the content namespace must be jabber:client");
        if (!VersionSupported(header.Attribute("version")))
            return Fail(StreamErrorCondition.UnsupportedVersion, "XMPP 1.0 is required");

        XmppOutput.Write(_output, Features(), Namespaces.Client);
        await _output.FlushAsync();
        return StreamAction.Continue;
    }

    /// <summary>RFC 6120 §4.7.5: a major version other than 1 (or none at all: pre-XMPP) is not spoken here.</summary>
    private static bool VersionSupported(string? version)
    {
        if (version is null)
            return false;
        var dot = version.IndexOf('.');
        return dot > 0 && int.TryParse(version.AsSpan(0, dot), out var major) && major == 1
            && int.TryParse(version.AsSpan(dot + 1), out var minor) && minor >= 0;
    }

    private void WriteHeader(string? clientFrom)
    {
        // The id is written and not kept: nothing later in a c2s stream refers to it.
        var attributes = new List<XmlAttribute>
        {
            new("id", NewId()),
            new("version", "1.0"),
            new("lang", "en", Element.XmlNamespace),
        };
        if (_host is not null)
            attributes.Insert(0, new XmlAttribute("from", _host));
        if (clientFrom is not null && Jid.TryParse(clientFrom, out var from))
            attributes.Add(new XmlAttribute("to", from!.ToString()));
        XmlSerializer.WriteStreamHeader(_output, Namespaces.Client, attributes);
        _headerSent = true;
    }

    private Element Features()
    {
        var content = new List<object?>();
        var requireTls = _services.Options.C2s.RequireTls;
        if (!IsTls)
            content.Add(X.E("starttls", Namespaces.Tls, requireTls ? X.E("required", Namespaces.Tls) : null));
        if (!_authenticated && (IsTls || !requireTls))
        {
            var mechanisms = Sasl.SaslMechanisms.Advertised(IsTls, ChannelBindingOffered, _services.Options.Sasl.AllowPlain);
            content.Add(X.E("mechanisms", Namespaces.Sasl, mechanisms.Select(m => X.E("mechanism", Namespaces.Sasl, m))));
            // XEP-0440: the channel-binding types the -PLUS mechanisms can use here.
            if (ChannelBindingOffered)
            {
                content.Add(X.E("sasl-channel-binding", Namespaces.SaslChannelBinding,
                    X.E("channel-binding", Namespaces.SaslChannelBinding, X.A("type", "tls-server-end-point"))));
            }
        }
        if (_authenticated)
        {
            content.Add(X.E("bind", Namespaces.Bind));
            // RFC 3921's session establishment, kept for old clients and marked optional (RFC 6121 Appendix E).
            content.Add(X.E("session", Namespaces.Session, X.E("optional", Namespaces.Session)));
            if (Jid.TryCreate(_username, _host!, null, out var account))
                content.AddRange(_services.Modules.StreamFeatures.For(account!));
        }
        return X.E("features", Namespaces.Streams, content);
    }

    private async ValueTask<StreamAction> OnElementAsync(Element element)
    {
        if (_host is null)
            return Fail(StreamErrorCondition.BadFormat, "an element before the stream header");
        if (element.Is("starttls", Namespaces.Tls))
            return await StartTlsAsync();
        if (!IsTls && _services.Options.C2s.RequireTls)
        {
            // RFC 6120 §5.3.1: TLS is mandatory here; nothing but STARTTLS is accepted before it.
            if (element.Is("auth", Namespaces.Sasl))
                return await SaslFailureAsync(Sasl.SaslFailure.EncryptionRequired, "TLS is required", countAttempt: false);
            return Fail(StreamErrorCondition.PolicyViolation, "TLS is required before anything else");
        }
        if (element.Namespace == Namespaces.Sasl)
        {
            if (_authenticated)
                return Fail(StreamErrorCondition.PolicyViolation, "already authenticated");
            return await OnSaslAsync(element);
        }
        if (!_authenticated)
        {
            if (element.Namespace is Namespaces.Client)
                return Fail(StreamErrorCondition.NotAuthorized, "authenticate first");
            return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected {{{element.Namespace}}}{element.Name}");
        }
        if (_jid is null)
            return await BeforeBindAsync(element);
        return await OnStanzaAsync(element);
    }

    private async ValueTask<StreamAction> StartTlsAsync()
    {
        if (IsTls)
            return Fail(StreamErrorCondition.PolicyViolation, "TLS is already in place");
        if (_authenticated)
            return Fail(StreamErrorCondition.PolicyViolation, "STARTTLS after authentication");
        XmppOutput.Write(_output, X.E("proceed", Namespaces.Tls), Namespaces.Client);
        await _output.FlushAsync();
        return StreamAction.StartTls;
    }

    private StreamAction Fail(StreamErrorCondition condition, string text)
    {
        Close(new StreamError(condition, text));
        return StreamAction.Close;
    }
}

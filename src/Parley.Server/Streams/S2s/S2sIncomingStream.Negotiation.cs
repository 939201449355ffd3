using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Sasl;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

// Stream headers and features (RFC 6120 §4), STARTTLS (§5), SASL EXTERNAL (§6, XEP-0178 §3).
internal sealed partial class S2sIncomingStream
{
    private async ValueTask<StreamAction> OnStreamHeaderAsync(Element header, string contentNamespace)
    {
        var toAttribute = header.Attribute("to");
        string? to = toAttribute is not null && Jid.TryNormalizeDomain(toAttribute, out var t) ? t : null;
        var fromAttribute = header.Attribute("from");
        string? from = fromAttribute is not null && Jid.TryNormalizeDomain(fromAttribute, out var f) ? f : null;

        StreamError? error = null;
        if (_host is null)
        {
            if (to is not null && _services.Hosts.Contains(to))
                _host = to;
            if (toAttribute is null)
                error = new StreamError(StreamErrorCondition.HostUnknown, "the stream header has no 'to'");
            else if (_host is null)
                error = new StreamError(StreamErrorCondition.HostUnknown, $"this server does not serve {toAttribute}");
        }
        else if (to != _host)
        {
            // DESIGN §8: a restart cannot switch to another of our domains.
            error = new StreamError(StreamErrorCondition.HostUnknown, "a stream restart cannot change the host");
        }
        if (error is null && fromAttribute is not null && from is null)
            error = new StreamError(StreamErrorCondition.InvalidFrom, "the stream header's 'from' is not a domain");
        if (error is null && from is not null)
        {
            // RFC 6120 §4.7.1: the sender's domain; it cannot change on a restart after TLS or SASL.
            if (_peerDomain is not null && from != _peerDomain)
                error = new StreamError(StreamErrorCondition.InvalidFrom, "a stream restart cannot change 'from'");
            _peerDomain ??= from;
        }
        if (error is null && contentNamespace != Namespaces.Server)
            error = new StreamError(StreamErrorCondition.InvalidNamespace, "the content namespace must be jabber:server");
        if (error is null && !VersionSupported(header.Attribute("version")))
            error = new StreamError(StreamErrorCondition.UnsupportedVersion, "XMPP 1.0 is required");
        if (error is not null)
        {
            await WriteAsync(o => WriteHeader(from));
            return Fail(error);
        }
        var features = Features();
        await WriteAsync(o =>
        {
            WriteHeader(from);
            XmppOutput.Write(o, features, Namespaces.Server);
        });
        return StreamAction.Continue;
    }

    private static bool VersionSupported(string? version)
    {
        if (version is null)
            return false;
        var dot = version.IndexOf('.');
        return dot > 0 && int.TryParse(version.AsSpan(0, dot), out var major) && major == 1
            && int.TryParse(version.AsSpan(dot + 1), out var minor) && minor >= 0;
    }

    /// <summary>Our response header: a fresh id (the dialback keys of this stream depend on it).</summary>
    private void WriteHeader(string? peer)
    {
        _streamId = NewId();
        var attributes = new List<XmlAttribute>();
        if (_host is not null)
            attributes.Add(new XmlAttribute("from", _host));
        if (peer is not null)
            attributes.Add(new XmlAttribute("to", peer));
        attributes.Add(new XmlAttribute("id", _streamId));
        attributes.Add(new XmlAttribute("version", "1.0"));
        XmlSerializer.WriteStreamHeader(_output, Namespaces.Server, attributes, [("db", Namespaces.Dialback)]);
        _headerSent = true;
    }

    private Element Features()
    {
        var content = new List<object?>();
        var requireTls = _services.S2s.RequireTls;
        if (!IsTls)
            content.Add(X.E("starttls", Namespaces.Tls, requireTls ? X.E("required", Namespaces.Tls) : null));
        if (IsTls || !requireTls)
        {
            // XEP-0178 §3: EXTERNAL only when the certificate the peer gave in the TLS handshake is valid for the
            // domain its header claims.
            if (!AnyAuthenticated && !_dialbackStarted && _peerDomain is not null && IsTls && !_services.Hosts.Contains(_peerDomain)
                && CheckCertificate(_peerDomain).IsValid)
                content.Add(X.E("mechanisms", Namespaces.Sasl, X.E("mechanism", Namespaces.Sasl, "EXTERNAL")));
            // XEP-0220 §2.4.2: dialback with error handling (also for more domain pairs after SASL).
            content.Add(X.E("dialback", Namespaces.DialbackFeature, X.E("errors", Namespaces.DialbackFeature)));
        }
        return X.E("features", Namespaces.Streams, content);
    }

    private async ValueTask<StreamAction> OnElementAsync(Element element)
    {
        if (_host is null)
            return Fail(StreamErrorCondition.BadFormat, "an element before the stream header");
        if (element.Is("starttls", Namespaces.Tls))
        {
            if (IsTls || AnyAuthenticated || _dialbackStarted)
                return Fail(StreamErrorCondition.PolicyViolation, "STARTTLS is not possible now");
            await WriteAsync(X.E("proceed", Namespaces.Tls));
            return StreamAction.StartTls;
        }
        if (!IsTls && _services.S2s.RequireTls)
        {
            // RFC 6120 §5.3.1 and DESIGN §8: no plaintext s2s; nothing but STARTTLS before TLS.
            return Fail(StreamErrorCondition.PolicyViolation, "TLS is required before anything else");
        }
        if (element.Namespace == Namespaces.Sasl)
            return await OnSaslAsync(element);
        if (element.Namespace == Namespaces.Dialback)
            return await OnDialbackAsync(element);
        if (Stanza.TryGetKind(element, out var kind) && element.Namespace == Namespaces.Server)
            return await OnStanzaAsync(element, kind);
        return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected {{{element.Namespace}}}{element.Name}");
    }

    private async ValueTask<StreamAction> OnSaslAsync(Element element)
    {
        if (element.Name == "abort")
            return await SaslFailureAsync(SaslFailure.Aborted);
        if (element.Name != "auth")
            return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected SASL element {element.Name}");
        if (AnyAuthenticated || _dialbackStarted)
            return Fail(StreamErrorCondition.PolicyViolation, "SASL after authentication");
        if (element.Attribute("mechanism") != "EXTERNAL" || !IsTls || _peerDomain is null)
            return await SaslFailureAsync(SaslFailure.InvalidMechanism);
        var text = element.Text.Trim();
        string authzid;
        if (text is "" or "=")
        {
            authzid = _peerDomain;
        }
        else
        {
            var data = new byte[text.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(text, data, out var length))
                return await SaslFailureAsync(SaslFailure.IncorrectEncoding);
            var requested = System.Text.Encoding.UTF8.GetString(data, 0, length);
            // XEP-0178 §3: the authorization identity, when given, is the domain of the stream header's 'from'.
            if (!Jid.TryNormalizeDomain(requested, out var normalized) || normalized != _peerDomain)
                return await SaslFailureAsync(SaslFailure.InvalidAuthzid);
            authzid = normalized;
        }
        // Our own domains are never authenticated from outside, whatever a certificate says.
        var check = _services.Hosts.Contains(authzid)
            ? new Federation.PeerCertificateResult(Federation.PeerCertificateStatus.NameMismatch, "the domain is one of ours")
            : CheckCertificate(authzid);
        if (!check.IsValid)
        {
            LogExternalFailed(_remoteAddress, authzid, check.Reason);
            return await SaslFailureAsync(SaslFailure.NotAuthorized);
        }
        _authenticated[(authzid, _host!)] = S2sAuthMethod.SaslExternal;
        await WriteAsync(X.E("success", Namespaces.Sasl));
        LogAuthenticated(_remoteAddress, authzid, _host!, S2sOutgoingStream.MethodName(S2sAuthMethod.SaslExternal));
        // RFC 6120 §6.4.6: the stream restarts.
        _parser.Reset();
        _parser.Limits = _services.AuthenticatedLimits;
        return StreamAction.Continue;
    }

    private async ValueTask<StreamAction> SaslFailureAsync(SaslFailure failure)
    {
        await WriteAsync(X.E("failure", Namespaces.Sasl, X.E(ConditionNames.ToXml(failure), Namespaces.Sasl)));
        // RFC 6120 §6.4.5: a few retries (the peer may fall back to dialback), then the stream is closed.
        if (failure != SaslFailure.Aborted && ++_saslFailures >= 3)
            return Fail(StreamErrorCondition.PolicyViolation, "too many authentication attempts");
        return StreamAction.Continue;
    }
}

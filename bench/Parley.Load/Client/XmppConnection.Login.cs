using System.Text;

namespace Parley.Load.Client;

internal sealed partial class XmppConnection
{
    private const string SaslNs = "urn:ietf:params:xml:ns:xmpp-sasl";

    /// <summary>TCP, TLS, SASL, bind and (optionally) initial presence: what a client does before it can chat.</summary>
    public async Task LoginAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        ct = timeout.Token;

        await ConnectTcpAsync(ct);
        if (_options.Tls == TlsMode.Direct)
        {
            await StartTlsHandshakeAsync(ct);
        }
        else
        {
            var features = await OpenStreamAsync(ct);
            if (!features.Contains("<starttls", StringComparison.Ordinal))
                throw new LoginException("The server offers no STARTTLS.");
            await SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ct);
            var proceed = await ReadElementAsync(ct);
            if (!proceed.StartsWith("<proceed", StringComparison.Ordinal))
                throw new LoginException("STARTTLS refused: " + proceed);
            DropBuffered();
            await StartTlsHandshakeAsync(ct);
        }

        var mechanisms = await OpenStreamAsync(ct);
        if (!mechanisms.Contains(">" + _options.Mechanism + "<", StringComparison.Ordinal))
            throw new LoginException($"The server does not offer {_options.Mechanism}: {mechanisms}");
        await AuthenticateAsync(ct);

        var features2 = await OpenStreamAsync(ct);
        await BindAsync(features2, ct);
        if (_options.SendInitialPresence)
            await SendAsync("<presence/>", ct);
    }

    private async Task<string> OpenStreamAsync(CancellationToken ct)
    {
        _scanner.Reset();
        await SendAsync("<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
            $"xmlns:stream='http://etherx.jabber.org/streams' to='{_options.Host}' version='1.0'>", ct);
        var (kind, header) = await ReadUnitAsync(ct);
        if (kind != ScanResult.StreamHeader)
            throw new LoginException("Expected a stream header: " + header);
        var features = await ReadElementAsync(ct);
        if (!features.Contains("features", StringComparison.Ordinal))
            throw new LoginException("Expected stream features: " + features);
        return features;
    }

    private async Task AuthenticateAsync(CancellationToken ct)
    {
        var username = _options.Username(Index);
        if (_options.Mechanism == "PLAIN")
        {
            var plain = B64("\0" + username + "\0" + _options.Password);
            await SendAsync($"<auth xmlns='{SaslNs}' mechanism='PLAIN'>{plain}</auth>", ct);
            ExpectSuccess(await ReadElementAsync(ct));
            return;
        }
        if (!ScramClient.TryParseMechanism(_options.Mechanism, out var hash))
            throw new LoginException("Unsupported mechanism " + _options.Mechanism);
        var scram = new ScramClient(hash, username, _options.Password);
        await SendAsync($"<auth xmlns='{SaslNs}' mechanism='{_options.Mechanism}'>{B64(scram.ClientFirst())}</auth>", ct);
        var challenge = await ReadElementAsync(ct);
        if (!challenge.StartsWith("<challenge", StringComparison.Ordinal))
            throw new LoginException("SASL failed: " + challenge);
        var final = scram.ClientFinal(UnB64(TextOf(challenge)));
        await SendAsync($"<response xmlns='{SaslNs}'>{B64(final)}</response>", ct);
        var success = await ReadElementAsync(ct);
        ExpectSuccess(success);
        scram.VerifyServerFinal(UnB64(TextOf(success)));
    }

    private async Task BindAsync(string features, CancellationToken ct)
    {
        await SendAsync("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource></bind></iq>", ct);
        var bound = await ReadUntilAsync("id='bind'", "id=\"bind\"", ct);
        if (!bound.Contains("type='result'", StringComparison.Ordinal) && !bound.Contains("type=\"result\"", StringComparison.Ordinal))
            throw new LoginException("Bind failed: " + bound);
        Jid = TextOf(bound, "<jid>");
        // RFC 3921 sessions: only when the server still requires one (no <optional/>).
        var session = features.IndexOf("urn:ietf:params:xml:ns:xmpp-session", StringComparison.Ordinal);
        if (session >= 0 && !features.AsSpan(session).StartsWith("urn:ietf:params:xml:ns:xmpp-session'/>")
            && !features.Contains("<optional", StringComparison.Ordinal))
        {
            await SendAsync("<iq type='set' id='sess'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>", ct);
            await ReadUntilAsync("id='sess'", "id=\"sess\"", ct);
        }
    }

    private async Task<string> ReadElementAsync(CancellationToken ct)
    {
        var (kind, xml) = await ReadUnitAsync(ct);
        if (kind == ScanResult.StreamClosed)
            throw new LoginException("The server closed the stream: " + xml);
        if (kind != ScanResult.Element)
            throw new LoginException("Unexpected " + xml);
        if (xml.TrimStart().StartsWith("<stream:error", StringComparison.Ordinal))
            throw new LoginException("Stream error: " + xml);
        return xml.TrimStart();
    }

    // Skips what the server sends meanwhile (its own presence, pushes) until the answer to our request.
    private async Task<string> ReadUntilAsync(string marker, string altMarker, CancellationToken ct)
    {
        while (true)
        {
            var xml = await ReadElementAsync(ct);
            if (xml.Contains(marker, StringComparison.Ordinal) || xml.Contains(altMarker, StringComparison.Ordinal))
                return xml;
        }
    }

    private static void ExpectSuccess(string xml)
    {
        if (!xml.StartsWith("<success", StringComparison.Ordinal))
            throw new LoginException("SASL failed: " + xml);
    }

    /// <summary>The text of the first element, or of the element after <paramref name="openTag"/>.</summary>
    internal static string TextOf(string xml, string? openTag = null)
    {
        var start = openTag is null ? xml.IndexOf('>') : xml.IndexOf(openTag, StringComparison.Ordinal);
        if (start < 0 || (openTag is null && xml[start - 1] == '/'))
            return "";
        start += openTag is null ? 1 : openTag.Length;
        var end = xml.IndexOf('<', start);
        return end < 0 ? "" : xml[start..end];
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static string UnB64(string s) => Encoding.UTF8.GetString(Convert.FromBase64String(s.Trim()));
}

internal sealed class LoginException(string message) : Exception(message);

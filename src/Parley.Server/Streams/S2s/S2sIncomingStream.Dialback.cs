using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

// Server Dialback on an incoming stream (XEP-0220 §2.2): keys to verify (db:result) and verification requests to
// answer (db:verify).
internal sealed partial class S2sIncomingStream
{
    private const int MaxConcurrentVerifications = 8;

    private int _verifying;

    private async ValueTask<StreamAction> OnDialbackAsync(Element element)
    {
        if (element.Name is not ("result" or "verify"))
            return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected dialback element {element.Name}");
        if (element.Attribute("type") is { } type)
        {
            // XEP-0220 §2.2 and §3.1: results and verifications arrive on our own outgoing streams, never here.
            // An unsolicited one is ignored: it authenticates nothing.
            LogUnsolicited(_remoteAddress, element.Name, type, element.Attribute("from") ?? "");
            return StreamAction.Continue;
        }
        var fromAttribute = element.Attribute("from");
        var toAttribute = element.Attribute("to");
        if (!Jid.TryNormalizeDomain(fromAttribute, out var from) || !Jid.TryNormalizeDomain(toAttribute, out var to))
            return Fail(StreamErrorCondition.ImproperAddressing, "dialback needs 'from' and 'to' domains");
        if (element.Name == "verify")
            return await AnswerVerifyAsync(element, from, to);

        _dialbackStarted = true;
        if (!_services.Hosts.Contains(to))
        {
            // XEP-0220 §2.2.1: not a stream error, the stream may carry other pairs.
            await WriteAsync(DialbackError("result", to, from, null, StanzaErrorCondition.ItemNotFound));
            return StreamAction.Continue;
        }
        if (_services.Hosts.Contains(from))
        {
            // Our own domains are never authenticated from outside.
            LogDialbackRefused(_remoteAddress, from, "the domain is one of ours");
            await WriteAsync(DialbackError("result", to, from, null, StanzaErrorCondition.NotAuthorized));
            return StreamAction.Continue;
        }
        if (CheckCertificate(from).IsValid)
        {
            // XEP-0220 §1.2 "dialback without dialing back": the certificate already proves the domain.
            await AcceptAsync(from, to, "dialback (certificate)");
            return StreamAction.Continue;
        }
        if (!_services.Policy.DialbackAllowed(from))
        {
            LogDialbackRefused(_remoteAddress, from, "policy requires a valid certificate");
            await WriteAsync(DialbackError("result", to, from, null, StanzaErrorCondition.NotAuthorized));
            return StreamAction.Continue;
        }
        // Each verification may open a connection: a few at a time per stream, so a peer cannot make us dial
        // out to any number of domains at once.
        if (Interlocked.Increment(ref _verifying) > MaxConcurrentVerifications)
        {
            Interlocked.Decrement(ref _verifying);
            await WriteAsync(DialbackError("result", to, from, null, StanzaErrorCondition.PolicyViolation));
            return StreamAction.Continue;
        }
        var key = element.Text;
        var streamId = _streamId;
        _ = Task.Run(async () =>
        {
            try
            {
                await VerifyKeyAsync(from, to, streamId, key);
            }
            finally
            {
                Interlocked.Decrement(ref _verifying);
            }
        });
        return StreamAction.Continue;
    }

    /// <summary>Step 2-4 of XEP-0220: ask the sender domain's authoritative server, tell the peer the outcome.</summary>
    private async Task VerifyKeyAsync(string from, string to, string streamId, string key)
    {
        VerifyOutcome outcome;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_services.S2s.NegotiationTimeoutSeconds));
            outcome = await _services.Manager.VerifyAsync(to, from, streamId, key, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            outcome = new VerifyOutcome(false, StanzaErrorCondition.RemoteServerTimeout);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException
            or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            outcome = new VerifyOutcome(false, StanzaErrorCondition.RemoteServerNotFound);
        }
        try
        {
            if (outcome.Valid)
            {
                await AcceptAsync(from, to, "dialback");
            }
            else if (outcome.Error is { } condition)
            {
                LogDialbackRefused(_remoteAddress, from, "verification failed: " + ConditionNames.ToXml(condition));
                // XEP-0220 §2.4: what the authoritative server could not tell us is remote-server-not-found, or
                // remote-server-timeout when the connection to it broke.
                var reported = condition == StanzaErrorCondition.RemoteServerTimeout ? condition : StanzaErrorCondition.RemoteServerNotFound;
                await WriteAsync(DialbackError("result", to, from, null, reported));
            }
            else
            {
                // XEP-0220 §2.2.1: an invalid key is a spoofing attempt: say so, log it, close the stream.
                LogDialbackRefused(_remoteAddress, from, "the authoritative server says the key is invalid");
                await WriteAsync(X.E("result", Namespaces.Dialback, X.A("from", to), X.A("to", from), X.A("type", "invalid")));
                Close(null);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
        }
    }

    private async ValueTask AcceptAsync(string from, string to, string method)
    {
        _authenticated[(from, to)] = S2sAuthMethod.Dialback;
        await WriteAsync(X.E("result", Namespaces.Dialback, X.A("from", to), X.A("to", from), X.A("type", "valid")));
        LogAuthenticated(_remoteAddress, from, to, method);
    }

    /// <summary>XEP-0220 §2.2.2: is this key one we (as the authoritative server) generated for that stream?</summary>
    private async ValueTask<StreamAction> AnswerVerifyAsync(Element element, string from, string to)
    {
        var id = element.Attribute("id");
        if (string.IsNullOrEmpty(id))
            return Fail(StreamErrorCondition.ImproperAddressing, "db:verify needs an 'id'");
        if (!_services.Hosts.Contains(to))
        {
            await WriteAsync(DialbackError("verify", to, from, id, StanzaErrorCondition.ItemNotFound));
            return StreamAction.Continue;
        }
        var valid = _services.Keys.Verify(receiving: from, originating: to, id, element.Text);
        LogVerifyAnswered(_remoteAddress, from, to, valid ? "valid" : "invalid");
        await WriteAsync(X.E("verify", Namespaces.Dialback, X.A("from", to), X.A("to", from), X.A("id", id),
            X.A("type", valid ? "valid" : "invalid")));
        return StreamAction.Continue;
    }

    private static Element DialbackError(string name, string from, string to, string? id, StanzaErrorCondition condition)
        => X.E(name, Namespaces.Dialback, X.A("from", from), X.A("to", to), X.A("id", id), X.A("type", "error"),
            new StanzaError(condition).ToElement(Namespaces.Server));
}

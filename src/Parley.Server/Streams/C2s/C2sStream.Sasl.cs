using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Server.Sasl;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

// SASL negotiation (RFC 6120 §6), throttled per address and account (DESIGN §8).
internal sealed partial class C2sStream
{
    private SaslMechanism? _mechanism;

    private bool ChannelBindingOffered => _channelBinding is not null && _services.Options.Sasl.ChannelBinding;

    private async ValueTask<StreamAction> OnSaslAsync(Element element)
    {
        switch (element.Name)
        {
            case "auth":
                return await OnAuthAsync(element);
            case "response" when _mechanism is not null:
                return await StepAsync(element);
            case "abort":
                _mechanism = null;
                return await SaslFailureAsync(SaslFailure.Aborted, null, countAttempt: true);
            default:
                return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected SASL element {element.Name}");
        }
    }

    private async ValueTask<StreamAction> OnAuthAsync(Element auth)
    {
        if (!_services.Throttle.AddressAllowed(_remoteAddress))
            return await SaslFailureAsync(SaslFailure.TemporaryAuthFailure, "too many failed attempts; try again later", countAttempt: false);
        var name = auth.Attribute("mechanism") ?? "";
        var advertised = SaslMechanisms.Advertised(IsTls, ChannelBindingOffered, _services.Options.Sasl.AllowPlain);
        var context = new SaslContext(
            Credentials: new UserStoreCredentials(_services.Users, _host!),
            IsTls: IsTls,
            Binding: _channelBinding is null ? null : new ChannelBinding(ChannelBinding.TlsServerEndPointType, _channelBinding),
            NormalizeUsername: static u => Jid.TryNormalizeLocalpart(u, out var n) ? n : null,
            ChannelBindingOffered: advertised.Any(m => m.EndsWith("-PLUS", StringComparison.Ordinal)),
            Domain: _host!) { DecoyIterations = _services.Options.Sasl.ScramIterations, ServerSecret = _services.Secret };
        _mechanism = advertised.Contains(name) ? SaslMechanisms.Create(name, context) : null;
        if (_mechanism is null)
            return await SaslFailureAsync(SaslFailure.InvalidMechanism, null, countAttempt: false);
        return await StepAsync(auth);
    }

    private async ValueTask<StreamAction> StepAsync(Element element)
    {
        // RFC 6120 §6.4.2: "=" is an empty response; anything that is not base64 is incorrect-encoding.
        var text = element.Text.Trim();
        byte[] data;
        if (text == "=")
        {
            data = [];
        }
        else
        {
            data = new byte[text.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(text, data, out var length))
                return await SaslFailureAsync(SaslFailure.IncorrectEncoding, null, countAttempt: true);
            Array.Resize(ref data, length);
        }
        var step = await _mechanism!.StepAsync(data, CancellationToken.None);
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                XmppOutput.Write(_output, X.E("challenge", Namespaces.Sasl, Base64(step.Data)), Namespaces.Client);
                await _output.FlushAsync();
                return StreamAction.Continue;
            case SaslStepKind.Success:
                return await SaslSuccessAsync(_mechanism.Username!, step.Data);
            default:
                return await SaslFailureAsync(step.Failure, step.Text, countAttempt: !step.IsNegotiationMismatch);
        }
    }

    private async ValueTask<StreamAction> SaslSuccessAsync(string username, byte[]? additionalData)
    {
        if (!_services.Throttle.AccountAllowed(username + "@" + _host))
            return await SaslFailureAsync(SaslFailure.TemporaryAuthFailure, "too many failed attempts; try again later", countAttempt: false);
        _mechanism = null;
        _authenticated = true;
        _username = username;
        XmppOutput.Write(_output, X.E("success", Namespaces.Sasl, additionalData is { Length: > 0 } ? Convert.ToBase64String(additionalData) : null),
            Namespaces.Client);
        await _output.FlushAsync();
        LogAuthenticated(_remoteAddress, username, _host!);
        // RFC 6120 §6.4.6: the stream restarts; from now on the larger authenticated limits apply.
        _parser.Reset();
        _parser.Limits = _services.AuthenticatedLimits;
        return StreamAction.Continue;
    }

    private async ValueTask<StreamAction> SaslFailureAsync(SaslFailure failure, string? text, bool countAttempt)
    {
        var account = _mechanism?.AttemptedUsername is { } u ? u + "@" + _host : null;
        _mechanism = null;
        if (countAttempt && failure != SaslFailure.Aborted)
        {
            _services.Throttle.Failed(_remoteAddress, account);
            LogAuthFailed(_remoteAddress, _host!, ConditionNames.ToXml(failure));
        }
        XmppOutput.Write(_output, X.E("failure", Namespaces.Sasl, X.E(ConditionNames.ToXml(failure), Namespaces.Sasl),
            text is null ? null : X.E("text", Namespaces.Sasl, text)), Namespaces.Client);
        await _output.FlushAsync();
        // RFC 6120 §6.4.5: a reasonable number of retries, then the stream is closed.
        if (countAttempt && ++_saslAttempts >= _services.Options.Sasl.MaxAttemptsPerStream)
            return Fail(StreamErrorCondition.PolicyViolation, "too many authentication attempts");
        return StreamAction.Continue;
    }

    private static string? Base64(byte[]? data) => data is { Length: > 0 } ? Convert.ToBase64String(data) : "=";
}

using System.Security.Cryptography;

namespace Parley.Server.Sasl;

/// <summary>SCRAM-SHA-1, -SHA-256 and -SHA-512, with or without -PLUS channel binding (RFC 5802, RFC 7677).</summary>
internal sealed class ScramMechanism : SaslMechanism
{
    private enum State { ClientFirst, ClientFinal, Done }

    private readonly ScramHash _hash;
    private readonly bool _plus;
    private readonly SaslContext _context;
    private readonly string? _serverNonceForTests;

    private State _state;
    private bool _askedForInitialResponse;
    private ScramClientFirst? _clientFirst;
    private string? _username;
    private ScramCredential? _credential;
    private bool _userExists;
    private string? _nonce;
    private string? _serverFirst;

    /// <param name="serverNonceForTests">Fixed server part of the nonce, for the RFC test vectors only.</param>
    internal ScramMechanism(ScramHash hash, bool plus, SaslContext context, string? serverNonceForTests = null)
    {
        if (plus && context.Binding is null)
        {
            throw new ArgumentException("A -PLUS mechanism needs the stream's channel binding.", nameof(context));
        }

        _hash = hash;
        _plus = plus;
        _context = context;
        _serverNonceForTests = serverNonceForTests;
        Name = ScramKeys.MechanismName(hash) + (plus ? "-PLUS" : "");
    }

    public override string Name { get; }

    public override async ValueTask<SaslStep> StepAsync(ReadOnlyMemory<byte> response, CancellationToken ct)
    {
        switch (_state)
        {
            case State.ClientFirst when response.IsEmpty && !_askedForInitialResponse:
                // RFC 6120 §6.4.2: no initial response, so an empty challenge asks for client-first.
                _askedForInitialResponse = true;
                return SaslStep.Continue([]);
            case State.ClientFirst:
                return Finish(await ClientFirstAsync(response, ct));
            case State.ClientFinal:
                return Finish(ClientFinal(response.Span));
            default:
                return SaslStep.Fail(SaslFailure.MalformedRequest, "The exchange is over.");
        }
    }

    private SaslStep Finish(SaslStep step)
    {
        if (step.Kind != SaslStepKind.Challenge)
        {
            _state = State.Done;
        }

        return step;
    }

    private async ValueTask<SaslStep> ClientFirstAsync(ReadOnlyMemory<byte> response, CancellationToken ct)
    {
        var text = ReadMessage(response.Span);
        if (text is null)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "The message is not valid UTF-8.");
        }

        var first = ScramMessages.ParseClientFirst(text, out var error);
        if (first is null)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, error);
        }

        // RFC 5802 §6: the gs2-cbind-flag must agree with the mechanism chosen.
        if (_plus)
        {
            if (first.CbFlag != 'p')
            {
                return SaslStep.Fail(SaslFailure.MalformedRequest, "A -PLUS mechanism needs channel binding.");
            }

            if (first.CbName != _context.Binding!.Type)
            {
                return SaslStep.Fail(SaslFailure.NotAuthorized, "Unsupported channel binding type.") with { IsNegotiationMismatch = true };
            }
        }
        else if (first.CbFlag == 'p')
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "Channel binding needs a -PLUS mechanism.");
        }
        else if (first.CbFlag == 'y' && _context.ChannelBindingOffered)
        {
            // The client supports channel binding and did not see our -PLUS offer: someone removed it.
            return SaslStep.Fail(SaslFailure.NotAuthorized, "Channel binding downgrade detected.") with { IsNegotiationMismatch = true };
        }

        var username = _context.NormalizeUsername(first.Username);
        if (username is null)
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }
        AttemptedUsername = username;

        if (first.Authzid is not null && !SaslAuthzid.IsOwn(first.Authzid, username, _context))
        {
            return SaslStep.Fail(SaslFailure.InvalidAuthzid);
        }

        var stored = await _context.Credentials.GetScramAsync(username, _hash, ct);
        _userExists = stored is not null && stored.Hash == _hash;
        var credential = _userExists ? stored! : ScramDecoy.For(username, _hash, _context);
        _credential = credential;
        _clientFirst = first;
        _username = username;

        _nonce = first.ClientNonce + (_serverNonceForTests ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(credential.Salt)},i={credential.Iterations}";
        _state = State.ClientFinal;
        return SaslStep.Continue(SaslText.Encode(_serverFirst));
    }

    private SaslStep ClientFinal(ReadOnlySpan<byte> response)
    {
        var text = ReadMessage(response);
        if (text is null)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "The message is not valid UTF-8.");
        }

        var final = ScramMessages.ParseClientFinal(text, out var error);
        if (final is null)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, error);
        }

        // c= is base64(gs2-header + channel binding data) (RFC 5802 §7); for -PLUS the data is this stream's.
        var header = SaslText.Encode(_clientFirst!.Gs2Header);
        var expectedBinding = _plus ? [.. header, .. _context.Binding!.Data] : header;
        if (!CryptographicOperations.FixedTimeEquals(final.ChannelBinding, expectedBinding))
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized, "Channel binding mismatch.");
        }

        if (final.Nonce != _nonce)
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }

        if (final.Proof.Length != ScramKeys.HashLength(_hash))
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }

        // RFC 5802 §3: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); it is right when H(ClientKey) = StoredKey.
        var credential = _credential!;
        var authMessage = SaslText.Encode($"{_clientFirst.Bare},{_serverFirst},{final.WithoutProof}");
        var clientKey = ScramKeys.Hmac(_hash, credential.StoredKey, authMessage);
        for (int i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= final.Proof[i];
        }

        // The comparison runs for unknown users too (against the decoy), so both take the same time.
        bool proofMatches = CryptographicOperations.FixedTimeEquals(ScramKeys.Hash(_hash, clientKey), credential.StoredKey);
        CryptographicOperations.ZeroMemory(clientKey);
        if (!(proofMatches & _userExists))
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }

        var serverSignature = ScramKeys.Hmac(_hash, credential.ServerKey, authMessage);
        Username = _username;
        return SaslStep.Succeed(SaslText.Encode("v=" + Convert.ToBase64String(serverSignature)));
    }

    // SCRAM messages are UTF-8 without NUL (RFC 5802 §7: value-safe-char starts at %x01).
    private static string? ReadMessage(ReadOnlySpan<byte> bytes) =>
        bytes.Contains((byte)0) ? null : SaslText.Decode(bytes);
}

using System.Security.Cryptography;

namespace Parley.Server.Sasl;

/// <summary>
/// PLAIN (RFC 4616), only over TLS. The password is checked against the stored SCRAM keys: StoredKey is derived
/// from it with the SHA-256 credential's salt and iterations (SHA-1 when that is all the account has).
/// </summary>
internal sealed class PlainMechanism(SaslContext context) : SaslMechanism
{
    private bool _done;
    private bool _askedForInitialResponse;

    public override string Name => SaslMechanisms.Plain;

    public override async ValueTask<SaslStep> StepAsync(ReadOnlyMemory<byte> response, CancellationToken ct)
    {
        if (_done)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "The exchange is over.");
        }

        if (!context.IsTls)
        {
            // RFC 6120 §6.5.4: the password would cross the network in the clear.
            _done = true;
            return SaslStep.Fail(SaslFailure.EncryptionRequired);
        }

        if (response.IsEmpty && !_askedForInitialResponse)
        {
            _askedForInitialResponse = true;
            return SaslStep.Continue([]);
        }

        _done = true;
        return await VerifyAsync(response, ct);
    }

    private async ValueTask<SaslStep> VerifyAsync(ReadOnlyMemory<byte> response, CancellationToken ct)
    {
        // message = [authzid] UTF8NUL authcid UTF8NUL passwd (RFC 4616 §2)
        var text = SaslText.Decode(response.Span);
        if (text is null)
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "The message is not valid UTF-8.");
        }

        var parts = text.Split('\0');
        if (parts is not [var authzid, { Length: > 0 } authcid, { Length: > 0 } password])
        {
            return SaslStep.Fail(SaslFailure.MalformedRequest, "Expected authzid NUL authcid NUL password.");
        }

        var username = context.NormalizeUsername(authcid);
        if (username is null)
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }
        AttemptedUsername = username;

        if (authzid.Length > 0 && !SaslAuthzid.IsOwn(authzid, username, context))
        {
            return SaslStep.Fail(SaslFailure.InvalidAuthzid);
        }

        var prepared = (Parley.Protocol.Precis.OpaqueString.TryEnforce(password, out var opaque) ? opaque : null);
        if (prepared is null)
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }

        var credential = await context.Credentials.GetScramAsync(username, ScramHash.Sha256, ct)
            ?? await context.Credentials.GetScramAsync(username, ScramHash.Sha1, ct);
        bool userExists = credential is not null;

        // An unknown user costs the same PBKDF2 run, against a decoy, so timing does not reveal whether it exists.
        credential ??= ScramDecoy.For(username, ScramHash.Sha256, context);
        var storedKey = ScramKeys.StoredKeyFor(prepared, credential);
        bool passwordMatches = CryptographicOperations.FixedTimeEquals(storedKey, credential.StoredKey);
        if (!(passwordMatches & userExists))
        {
            return SaslStep.Fail(SaslFailure.NotAuthorized);
        }

        Username = username;
        return SaslStep.Succeed();
    }
}

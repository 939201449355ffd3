namespace Parley.Server.Sasl;

/// <summary>The mechanisms Parley offers to clients, and the factory for one exchange.</summary>
public static class SaslMechanisms
{
    public const string Plain = "PLAIN";

    private static readonly ScramHash[] _strongestFirst = [ScramHash.Sha512, ScramHash.Sha256, ScramHash.Sha1];

    /// <summary>
    /// Mechanism names for <c>&lt;mechanisms/&gt;</c>, strongest first: -PLUS only with TLS and a channel binding,
    /// PLAIN only with TLS and when allowed. Pass <paramref name="offerSha512"/> false while accounts may lack a
    /// SHA-512 credential (e.g. migrated from servers that kept only SHA-1 and SHA-256): a client picking the
    /// strongest offer would otherwise fail to log in.
    /// </summary>
    public static IReadOnlyList<string> Advertised(bool isTls, bool channelBindingAvailable, bool allowPlain, bool offerSha512 = true)
    {
        var hashes = offerSha512 ? _strongestFirst : _strongestFirst[1..];
        var names = new List<string>(7);
        if (isTls && channelBindingAvailable)
        {
            names.AddRange(hashes.Select(hash => ScramKeys.MechanismName(hash) + "-PLUS"));
        }

        names.AddRange(hashes.Select(ScramKeys.MechanismName));
        if (isTls && allowPlain)
        {
            names.Add(Plain);
        }

        return names;
    }

    /// <summary>
    /// A new exchange, or null when the name is unknown or is a -PLUS mechanism that this stream cannot offer
    /// (no channel binding, or -PLUS not advertised): answer null with <see cref="SaslFailure.InvalidMechanism"/>.
    /// PLAIN is created without TLS so that it can answer <see cref="SaslFailure.EncryptionRequired"/>; whether
    /// PLAIN is allowed at all is the caller's policy, checked before calling this.
    /// </summary>
    public static SaslMechanism? Create(string name, SaslContext context)
    {
        if (name == Plain)
        {
            return new PlainMechanism(context);
        }

        foreach (var hash in _strongestFirst)
        {
            var scram = ScramKeys.MechanismName(hash);
            if (name == scram)
            {
                return new ScramMechanism(hash, plus: false, context);
            }

            if (name == scram + "-PLUS")
            {
                return context is { IsTls: true, Binding: not null, ChannelBindingOffered: true }
                    ? new ScramMechanism(hash, plus: true, context)
                    : null;
            }
        }

        return null;
    }
}

namespace Parley.Server.Sasl;

internal static class SaslAuthzid
{
    /// <summary>
    /// Whether an authorization identity names the authenticated user itself. Parley lets nobody act for another
    /// entity, so an authzid is accepted only as the user's own bare JID (RFC 6120 §6.3.8), or, as some clients
    /// send it, the bare username. The localpart is compared after the same normalization as the login name.
    /// </summary>
    public static bool IsOwn(string authzid, string username, SaslContext context)
    {
        // A full JID (with a resource) is never a valid c2s authzid.
        if (authzid.Contains('/'))
        {
            return false;
        }

        int at = authzid.IndexOf('@');
        if (at < 0)
        {
            return context.NormalizeUsername(authzid) == username;
        }

        // Domain names are compared case-insensitively (they are ASCII after IDNA, RFC 5890); the host's own domain
        // is already normalized.
        var domain = authzid[(at + 1)..];
        return string.Equals(domain, context.Domain, StringComparison.OrdinalIgnoreCase)
            && context.NormalizeUsername(authzid[..at]) == username;
    }
}

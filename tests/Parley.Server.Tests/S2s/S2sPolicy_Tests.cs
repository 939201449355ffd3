using Parley.Server.Config;
using Parley.Server.Streams.S2s;

namespace Parley.Server.Tests.S2s;

// Who may authenticate by dialback instead of a certificate (Prosody's s2s_secure_auth and its exceptions).
public sealed class S2sPolicy_Tests
{
    private static S2sPolicy Policy(bool secureAuth, string[] secure, string[] insecure) => new(new ParleyOptions
    {
        S2s = new S2sOptions { SecureAuth = secureAuth, SecureDomains = [.. secure], InsecureDomains = [.. insecure] },
    });

    [Fact]
    public void By_default_any_domain_may_use_dialback_except_the_secure_ones()
    {
        var policy = Policy(secureAuth: false, secure: ["Bank.Example"], insecure: []);
        Assert.True(policy.DialbackAllowed("chat.example"));
        // Domains in the config are compared normalized.
        Assert.False(policy.DialbackAllowed("bank.example"));
    }

    [Fact]
    public void With_secure_auth_only_the_insecure_domains_may_use_dialback()
    {
        var policy = Policy(secureAuth: true, secure: [], insecure: ["legacy.example"]);
        Assert.False(policy.DialbackAllowed("chat.example"));
        Assert.True(policy.DialbackAllowed("legacy.example"));
    }

    [Fact]
    public void Secure_beats_insecure_when_a_domain_is_in_both()
        => Assert.False(Policy(secureAuth: false, secure: ["both.example"], insecure: ["both.example"]).DialbackAllowed("both.example"));
}

using System.Security.Cryptography.X509Certificates;
using Parley.Server.Tls;
using Parley.Tests.Support;
using static Parley.TestKit.TestCertificates;

namespace Parley.Tests;

/// <summary><c>parley check certs</c> on certificate files made by the test.</summary>
public sealed class CheckCerts_Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parley-checkcerts-").FullName;
    private readonly X509Certificate2 _ca = CreateCa();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A config whose one host uses <paramref name="certificate"/>, trusting only the test CA.</summary>
    private string Config(string host, X509Certificate2? certificate, X509Certificate2? keyFrom = null)
    {
        var hostSection = $"[hosts.\"{host}\"]\n";
        if (certificate is not null)
        {
            WritePem(certificate, Path.Combine(_folder, "host.crt"));
            WritePem(keyFrom ?? certificate, Path.Combine(_folder, "unused.crt"), Path.Combine(_folder, "host.key"));
            hostSection += "certificate = \"host.crt\"\nkey = \"host.key\"\n";
        }
        WritePem(_ca, Path.Combine(_folder, "ca.pem"));
        var path = Path.Combine(_folder, "parley.toml");
        File.WriteAllText(path, $"""
            data_dir = "data"
            {hostSection}
            [s2s]
            use_system_trust = false
            ca_files = ["ca.pem"]
            """);
        return path;
    }

    [Fact]
    public async Task A_CA_issued_certificate_naming_the_host_passes()
    {
        var config = Config("example.org", CreateServer(new Names(Dns: ["example.org"], XmppAddrs: ["example.org"]), _ca));

        var (code, output, error) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.True(code == 0, output + error);
        Assert.Contains("names:   DNS-ID example.org, XmppAddr example.org", output);
        Assert.Contains("OK: covers example.org", output);
        Assert.Contains("OK: chain is trusted", output);
        Assert.Contains("key:     ECDSA P-256 (256 bits)", output);
        Assert.DoesNotContain("WARNING", output);
    }

    [Fact]
    public async Task An_expired_certificate_is_an_error()
    {
        var config = Config("example.org", CreateServer(new Names(Dns: ["example.org"]), _ca,
            notBefore: DateTimeOffset.UtcNow.AddDays(-60), notAfter: DateTimeOffset.UtcNow.AddDays(-2)));

        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("ERROR: expired 2 day(s) ago", output);
    }

    [Fact]
    public async Task A_certificate_expiring_within_two_weeks_is_a_warning()
    {
        var config = Config("example.org", CreateServer(new Names(Dns: ["example.org"]), _ca, notAfter: DateTimeOffset.UtcNow.AddDays(5)));

        var (code, output, error) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.True(code == 0, output + error);
        Assert.Contains("WARNING: expires in", output);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_an_error()
    {
        var config = Config("example.org", CreateServer(new Names(Dns: ["other.org"]), _ca, rsa: true));

        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("ERROR: does not cover example.org", output);
        Assert.Contains("key:     RSA (2048 bits)", output);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_CA_is_an_error()
    {
        var config = Config("example.org", CreateServer(new Names(Dns: ["example.org"]), CreateCa("Someone Else")));

        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("ERROR: chain not trusted", output);
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificates_is_an_error()
    {
        var certificate = CreateServer(new Names(Dns: ["example.org"]), _ca);
        var config = Config("example.org", certificate, keyFrom: CreateServer(new Names(Dns: ["example.org"]), _ca));

        var (code, output, _) = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("cannot be used with this certificate", output);
    }

    [Fact]
    public async Task A_generated_self_signed_certificate_is_a_warning_about_dialback()
    {
        var config = Config("example.org", null);
        var before = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);
        SelfSigned.Write("example.org", Path.Combine(_folder, "data", "certs", "example.org.crt"),
            Path.Combine(_folder, "data", "certs", "example.org.key"));

        var after = await ParleyCli.RunAsync(null, "check", "certs", "--config", config);

        Assert.True(before.Code == 0, before.Out + before.Err);
        Assert.Contains("a self-signed one will be made at first start", before.Out);
        Assert.True(after.Code == 0, after.Out + after.Err);
        Assert.Contains("(generated, self-signed)", after.Out);
        Assert.Contains("OK: covers example.org", after.Out);
        Assert.Contains("WARNING: self-signed", after.Out);
        Assert.Contains("dialback only", after.Out);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Config;
using Parley.Server.Federation;

namespace Parley.Cli;

/// <summary>
/// <c>parley check certs</c>: each host's certificate as clients and peer servers will judge it: the names it
/// covers (RFC 6125 / RFC 7712), its validity dates, its chain under the system store and s2s.ca_files, its key.
/// Exit 0 without errors (warnings allowed), 1 on any error, 2 for a bad config.
/// </summary>
internal static class CheckCertsCommand
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public static int Run(string? configPath)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return Commands.BadInput;
        PeerCertificateValidator validator;
        try
        {
            validator = new PeerCertificateValidator(config.Options, TimeProvider.System);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"parley: {e.Message}");
            return Commands.BadInput;
        }
        var trust = config.Options.S2s.UseSystemTrust
            ? config.Options.S2s.CaFiles.Count == 0 ? "the system store" : "the system store and s2s.ca_files"
            : config.Options.S2s.CaFiles.Count == 0 ? "nothing (use_system_trust = false, no ca_files)" : "s2s.ca_files";
        Console.WriteLine($"Chains are checked against {trust}.");
        var errors = 0;
        foreach (var (host, options) in config.Options.Hosts)
        {
            Console.WriteLine();
            errors += CheckHost(host, options, config.Options, validator);
        }
        Console.WriteLine();
        Console.WriteLine(errors == 0 ? "OK: no errors" : $"ERROR: {errors} error(s)");
        return errors == 0 ? Commands.Ok : Commands.Failed;
    }

    private static int CheckHost(string host, VirtualHostOptions options, ParleyOptions parley, PeerCertificateValidator validator)
    {
        string certPath;
        string keyPath;
        var generated = options.Certificate is null || options.Key is null;
        if (generated)
        {
            // Where CertificateStore keeps the self-signed certificate it makes on first start.
            var folder = Path.Combine(parley.DataDir, "certs");
            certPath = Path.Combine(folder, host + ".crt");
            keyPath = Path.Combine(folder, host + ".key");
            if (!File.Exists(certPath))
            {
                Console.WriteLine($"{host}: no certificate configured; a self-signed one will be made at first start");
                Console.WriteLine("  WARNING: self-signed: clients will warn, and peers authenticate this host by dialback only");
                return 0;
            }
        }
        else
        {
            certPath = options.Certificate!;
            keyPath = options.Key!;
        }
        Console.WriteLine($"{host}: {certPath}" + (generated ? " (generated, self-signed)" : ""));

        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPemFile(certPath);
            if (chain.Count == 0)
                return Error($"no PEM certificate in {certPath}");
            leaf = chain[0];
            chain.RemoveAt(0);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return Error($"cannot read {certPath}: {e.Message}");
        }

        var errors = 0;
        Console.WriteLine($"  subject: {leaf.Subject}");
        Console.WriteLine($"  issuer:  {leaf.Issuer}" + (chain.Count > 0 ? $" (+{chain.Count} more in the file)" : ""));

        var identity = CertificateIdentity.Read(leaf);
        var names = identity.Describe().ToList();
        Console.WriteLine("  names:   " + (names.Count == 0 ? "none" : string.Join(", ", names)));
        if (identity.Covers(host))
            Console.WriteLine($"  OK: covers {host}");
        else
            errors += Error($"does not cover {host}: clients and peer servers will refuse it");

        var now = DateTimeOffset.UtcNow;
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        Console.WriteLine($"  valid:   {notBefore:u} to {notAfter:u}");
        if (now > notAfter)
            errors += Error($"expired {(now - notAfter).Days} day(s) ago");
        else if (now < notBefore)
            errors += Error("not valid yet");
        else if (notAfter - now < ExpiryWarning)
            Console.WriteLine($"  WARNING: expires in {(notAfter - now).TotalDays:0.#} day(s)");

        var selfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData);
        var chainError = validator.ChainError(leaf, chain, now);
        if (chainError is null)
            Console.WriteLine("  OK: chain is trusted");
        else if (selfSigned)
            Console.WriteLine("  WARNING: self-signed: clients will warn, and peers authenticate this host by dialback only"
                + " (peers requiring secure authentication refuse it)");
        else
            errors += Error($"chain not trusted: {chainError} (is the intermediate certificate in the file?)");

        Console.WriteLine($"  key:     {KeyDescription(leaf, out var weak)}");
        if (weak)
            Console.WriteLine("  WARNING: key shorter than 2048 bits (RSA) or 256 bits (EC)");
        try
        {
            using var withKey = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            errors += Error($"key {keyPath} cannot be used with this certificate: {e.Message}");
        }
        return errors;
    }

    private static string KeyDescription(X509Certificate2 certificate, out bool weak)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            weak = rsa.KeySize < 2048;
            return $"RSA ({rsa.KeySize} bits)";
        }
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            weak = ec.KeySize < 256;
            var curve = ec.ExportParameters(false).Curve.Oid;
            var name = curve.Value switch
            {
                "1.2.840.10045.3.1.7" => "P-256",
                "1.3.132.0.34" => "P-384",
                "1.3.132.0.35" => "P-521",
                _ => curve.FriendlyName ?? curve.Value ?? "curve",
            };
            return $"ECDSA {name} ({ec.KeySize} bits)";
        }
        weak = false;
        return certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }

    private static int Error(string message)
    {
        Console.WriteLine($"  ERROR: {message}");
        return 1;
    }
}

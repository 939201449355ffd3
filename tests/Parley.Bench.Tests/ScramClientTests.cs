using System.Security.Cryptography;
using System.Text;
using Parley.Load.Client;

namespace Parley.Bench.Tests;

public class ScramClientTests
{
    [Fact]
    public void Sha1_exchange_matches_RFC_5802_section_5()
    {
        var client = new ScramClient(ScramAlgorithm.Sha1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", client.ClientFirst());
        var final = client.ClientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", final);
        client.VerifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    [Fact]
    public void Sha256_exchange_matches_RFC_7677_section_3()
    {
        var client = new ScramClient(ScramAlgorithm.Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", client.ClientFirst());
        var final = client.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", final);
        client.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void A_wrong_server_signature_is_refused()
    {
        var client = new ScramClient(ScramAlgorithm.Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        client.ClientFirst();
        client.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.Throws<ScramException>(() => client.VerifyServerFinal("v=" + Convert.ToBase64String(new byte[32])));
    }

    [Fact]
    public void A_server_nonce_that_does_not_extend_ours_is_refused()
    {
        var client = new ScramClient(ScramAlgorithm.Sha256, "user", "pencil", "abc");
        client.ClientFirst();
        Assert.Throws<ScramException>(() => client.ClientFinal("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096"));
    }

    [Fact]
    public void Usernames_with_comma_and_equals_are_escaped()
    {
        var client = new ScramClient(ScramAlgorithm.Sha512, "a,b=c", "pw", "n1");
        Assert.Equal("n,,n=a=2Cb=3Dc,r=n1", client.ClientFirst());
    }

    [Theory]
    [InlineData("SCRAM-SHA-1", true)]
    [InlineData("SCRAM-SHA-256", true)]
    [InlineData("SCRAM-SHA-512", true)]
    [InlineData("SCRAM-SHA-256-PLUS", false)]
    [InlineData("PLAIN", false)]
    public void Mechanism_names_are_recognized(string name, bool known) =>
        Assert.Equal(known, ScramClient.TryParseMechanism(name, out _));

    [Fact]
    public void Sha512_proof_verifies_against_keys_derived_independently()
    {
        var salt = Encoding.ASCII.GetBytes("saltsalt");
        var salted = Rfc2898DeriveBytes.Pbkdf2("secret"u8, salt, 4096, HashAlgorithmName.SHA512, 64);
        var clientKey = HMACSHA512.HashData(salted, "Client Key"u8);
        var storedKey = SHA512.HashData(clientKey);

        var client = new ScramClient(ScramAlgorithm.Sha512, "bob", "secret", "cnonce");
        var first = client.ClientFirst()[3..];
        var serverFirst = $"r=cnonceSNONCE,s={Convert.ToBase64String(salt)},i=4096";
        var final = client.ClientFinal(serverFirst);
        var withoutProof = final[..final.IndexOf(",p=", StringComparison.Ordinal)];
        var proof = Convert.FromBase64String(final[(final.IndexOf(",p=", StringComparison.Ordinal) + 3)..]);
        var signature = HMACSHA512.HashData(storedKey, Encoding.UTF8.GetBytes($"{first},{serverFirst},{withoutProof}"));
        var recovered = proof.Zip(signature, (p, s) => (byte)(p ^ s)).ToArray();
        Assert.Equal(storedKey, SHA512.HashData(recovered));
    }
}

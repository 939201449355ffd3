using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Parley.Protocol;
using Parley.Server.Sasl;

namespace Parley.Micro;

/// <summary>
/// Server-side SCRAM-SHA-256 verification of one login: client-first → server-first, client-final → success, with
/// the credential already in memory (storage excluded). The client's proof must be computed per iteration because
/// the server nonce is random; <see cref="ClientProofOnly"/> measures that part alone, to subtract.
/// </summary>
[MemoryDiagnoser]
public class ScramBenchmarks
{
    private static readonly byte[] s_clientFirst = "n,,n=juliet,r=rOprNGfwEbeRWgbNEkqO"u8.ToArray();
    private SaslContext _context = null!;
    private byte[] _clientKey = [];
    private byte[] _storedKey = [];

    [GlobalSetup]
    public void Setup()
    {
        var salt = Encoding.ASCII.GetBytes("parley-bench-salt");
        var credential = ScramKeys.Derive("pencil", ScramHash.Sha256, 4096, salt);
        var salted = Rfc2898DeriveBytes.Pbkdf2("pencil"u8, salt, 4096, HashAlgorithmName.SHA256, 32);
        _clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        _storedKey = credential.StoredKey;
        _context = new SaslContext(new OneUser(credential), "example.org", IsTls: true, Binding: null,
            NormalizeUsername: u => Jid.TryNormalizeLocalpart(u, out var n) ? n : null, ChannelBindingOffered: false);
    }

    [Benchmark]
    public async Task<SaslStepKind> VerifyLogin()
    {
        var scram = SaslMechanisms.Create("SCRAM-SHA-256", _context)!;
        var challenge = await scram.StepAsync(s_clientFirst, CancellationToken.None);
        var final = ClientFinal(Encoding.UTF8.GetString(challenge.Data!));
        var success = await scram.StepAsync(final, CancellationToken.None);
        return success.Kind;
    }

    [Benchmark]
    public byte[] ClientProofOnly() => ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

    private byte[] ClientFinal(string serverFirst)
    {
        var nonce = serverFirst[2..serverFirst.IndexOf(',', StringComparison.Ordinal)];
        var withoutProof = "c=biws,r=" + nonce;
        var authMessage = Encoding.UTF8.GetBytes($"n=juliet,r=rOprNGfwEbeRWgbNEkqO,{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(_storedKey, authMessage);
        var proof = new byte[32];
        for (var i = 0; i < 32; i++)
            proof[i] = (byte)(_clientKey[i] ^ signature[i]);
        return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    private sealed class OneUser(ScramCredential credential) : ISaslCredentialSource
    {
        public ValueTask<ScramCredential?> GetScramAsync(string username, ScramHash hash, CancellationToken ct) =>
            ValueTask.FromResult(username == "juliet" && hash == credential.Hash ? credential : null);
    }
}

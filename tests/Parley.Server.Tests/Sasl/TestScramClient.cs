using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Tests.Sasl;

/// <summary>
/// A SCRAM client (RFC 5802 §3) written apart from the server's code: its own Hi() loop, parsing and escaping,
/// so that both sides agreeing means something.
/// </summary>
internal sealed class TestScramClient
{
    private readonly HashAlgorithmName _hash;
    private readonly string _username;
    private readonly string _password;
    private string? _authMessage;
    private byte[]? _saltedPassword;

    public TestScramClient(string mechanism, string username, string password, string? authzid = null, string? cbName = null, byte[]? cbData = null)
    {
        _hash = mechanism.Replace("-PLUS", "") switch
        {
            "SCRAM-SHA-1" => HashAlgorithmName.SHA1,
            "SCRAM-SHA-256" => HashAlgorithmName.SHA256,
            "SCRAM-SHA-512" => HashAlgorithmName.SHA512,
            _ => throw new ArgumentException(mechanism),
        };
        _password = password;
        var flag = cbName is null ? "n" : "p=" + cbName;
        Gs2Header = flag + "," + (authzid is null ? "" : "a=" + Escape(authzid)) + ",";
        CbData = cbData ?? [];
        _username = username;
    }

    public string ClientNonce { get; init; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>Set to change the flag (e.g. "y,,") while keeping the rest.</summary>
    public string Gs2Header { get; set; }

    public byte[] CbData { get; set; }

    public string ClientFirstBare => "n=" + Escape(_username) + ",r=" + ClientNonce;

    public string ClientFirst => Gs2Header + ClientFirstBare;

    public string ClientFinal(string serverFirst, string? nonceOverride = null, byte[]? bindingOverride = null)
    {
        var attributes = serverFirst.Split(',').ToDictionary(a => a[0], a => a[2..]);
        var nonce = attributes['r'];
        Assert.StartsWith(ClientNonce, nonce);
        var salt = Convert.FromBase64String(attributes['s']);
        int iterations = int.Parse(attributes['i'], System.Globalization.CultureInfo.InvariantCulture);

        _saltedPassword = Hi(Encoding.UTF8.GetBytes(_password), salt, iterations);
        var binding = bindingOverride ?? [.. Encoding.UTF8.GetBytes(Gs2Header), .. CbData];
        var withoutProof = "c=" + Convert.ToBase64String(binding) + ",r=" + (nonceOverride ?? nonce);
        _authMessage = ClientFirstBare + "," + serverFirst + "," + withoutProof;

        var clientKey = HmacOf(_saltedPassword, "Client Key");
        var storedKey = HashOf(clientKey);
        var signature = HmacOf(storedKey, _authMessage);
        var proof = clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();
        return withoutProof + ",p=" + Convert.ToBase64String(proof);
    }

    /// <summary>The server-final message a genuine server must send.</summary>
    public string ExpectedServerFinal()
    {
        var serverKey = HmacOf(_saltedPassword!, "Server Key");
        return "v=" + Convert.ToBase64String(HmacOf(serverKey, _authMessage!));
    }

    private byte[] Hi(byte[] password, byte[] salt, int iterations)
    {
        using var hmac = IncrementalHash.CreateHMAC(_hash, password);
        hmac.AppendData(salt);
        hmac.AppendData([0, 0, 0, 1]);
        var u = hmac.GetHashAndReset();
        var result = (byte[])u.Clone();
        for (int i = 1; i < iterations; i++)
        {
            hmac.AppendData(u);
            u = hmac.GetHashAndReset();
            for (int j = 0; j < result.Length; j++)
            {
                result[j] ^= u[j];
            }
        }

        return result;
    }

    private byte[] HmacOf(byte[] key, string data)
    {
        using var hmac = IncrementalHash.CreateHMAC(_hash, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(data));
        return hmac.GetHashAndReset();
    }

    private byte[] HashOf(byte[] data)
    {
        using var hash = IncrementalHash.CreateHash(_hash);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    private static string Escape(string name) => name.Replace("=", "=3D").Replace(",", "=2C");
}

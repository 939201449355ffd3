using System.Security.Cryptography;
using System.Text;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.TestKit;

/// <summary>A SCRAM-SHA-256 client (RFC 5802/7677) for scenario tests, written apart from the server's code.</summary>
public sealed partial class TestClient
{
    /// <summary>Runs SCRAM-SHA-256 (cbind flag 'n'); returns the final success or failure element.</summary>
    public async Task<Element> AuthScramSha256Async(string username, string password, string? authzid = null)
    {
        var clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var gs2 = authzid is null ? "n,," : $"n,a={authzid},";
        var bare = $"n={username.Replace("=", "=3D").Replace(",", "=2C")},r={clientNonce}";
        await SendAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>{B64(gs2 + bare)}</auth>");
        var challenge = await NextAsync();
        if (!challenge.Is("challenge", Namespaces.Sasl))
            return challenge;
        var serverFirst = Encoding.UTF8.GetString(Convert.FromBase64String(challenge.Text));
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        var salt = Convert.FromBase64String(fields["s"]);
        var iterations = int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture);
        var withoutProof = $"c={B64(gs2)},r={fields["r"]}";
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var authMessage = Encoding.UTF8.GetBytes($"{bare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        await SendAsync($"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{B64($"{withoutProof},p={Convert.ToBase64String(proof)}")}</response>");
        var final = await NextAsync();
        if (final.Is("success", Namespaces.Sasl))
        {
            var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
            var expected = "v=" + Convert.ToBase64String(HMACSHA256.HashData(serverKey, authMessage));
            if (Encoding.UTF8.GetString(Convert.FromBase64String(final.Text)) != expected)
                throw new InvalidOperationException("the server's signature is wrong");
        }
        return final;
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
}

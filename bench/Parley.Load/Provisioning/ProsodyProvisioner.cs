using System.Text;
using Parley.Load.Client;

namespace Parley.Load.Provisioning;

/// <summary>
/// Writes Prosody's internal storage files (data_path/HOST/accounts/USER.dat, the format mod_auth_internal_hashed
/// reads, with password_hash = "SHA-256"); `prosodyctl register` would run PBKDF2 in Lua once per user.
/// </summary>
internal static class ProsodyProvisioner
{
    public static void Run(BenchAccounts accounts, string dataPath)
    {
        var keys = accounts.Keys(ScramAlgorithm.Sha256);
        var folder = Path.Combine(dataPath, Encode(accounts.Host), "accounts");
        Directory.CreateDirectory(folder);
        var body = new StringBuilder()
            .Append("return {\n")
            .Append("\t[\"iteration_count\"] = ").Append(keys.Iterations).Append(";\n")
            .Append("\t[\"salt\"] = \"").Append(BenchAccounts.Salt).Append("\";\n")
            .Append("\t[\"stored_key\"] = \"").Append(Convert.ToHexStringLower(keys.StoredKey)).Append("\";\n")
            .Append("\t[\"server_key\"] = \"").Append(Convert.ToHexStringLower(keys.ServerKey)).Append("\";\n")
            .Append("};\n").ToString();
        for (var i = 0; i < accounts.Count; i++)
            File.WriteAllText(Path.Combine(folder, Encode(accounts.Username(i)) + ".dat"), body);
    }

    // Prosody's datamanager escapes every byte that is not alphanumeric as %xx (lower-case hex).
    internal static string Encode(string s)
    {
        var b = new StringBuilder();
        foreach (var c in Encoding.UTF8.GetBytes(s))
        {
            if (char.IsAsciiLetterOrDigit((char)c))
                b.Append((char)c);
            else
                b.Append('%').Append(c.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return b.ToString();
    }
}

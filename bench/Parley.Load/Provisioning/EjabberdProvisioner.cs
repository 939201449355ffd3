using System.Text;
using Parley.Load.Client;

namespace Parley.Load.Provisioning;

/// <summary>
/// Writes a XEP-0227 (PIEFXIS) file with SCRAM-SHA-256 credentials for `ejabberdctl import_piefxis`, which loads
/// all accounts in one command (`ejabberdctl register` starts an Erlang node per user).
/// </summary>
internal static class EjabberdProvisioner
{
    public static void Run(BenchAccounts accounts, string path)
    {
        var keys = accounts.Keys(ScramAlgorithm.Sha256);
        // ejabberd 23.01 keeps salt and keys base64-encoded in its #scram record, and its PIEFXIS import decodes
        // the XML's base64 once into that record: so the XML carries them base64-encoded twice.
        static string B64(byte[] b) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(b)));
        var credentials = "<scram-credentials xmlns='urn:xmpp:pie:0#scram' mechanism='SCRAM-SHA-256'>" +
            $"<iter-count>{keys.Iterations}</iter-count><salt>{B64(keys.Salt)}</salt>" +
            $"<server-key>{B64(keys.ServerKey)}</server-key>" +
            $"<stored-key>{B64(keys.StoredKey)}</stored-key></scram-credentials>";
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write($"<?xml version='1.0' encoding='UTF-8'?>\n<server-data xmlns='urn:xmpp:pie:0'>\n<host jid='{accounts.Host}'>\n");
        for (var i = 0; i < accounts.Count; i++)
            writer.Write($"<user name='{accounts.Username(i)}'>{credentials}</user>\n");
        writer.Write("</host>\n</server-data>\n");
    }
}

using System.Security.Cryptography;
using Parley.Server.Config;

namespace Parley.Server.Hosting;

/// <summary>
/// A random secret kept in the data folder: the key of the fake SCRAM parameters shown for unknown users, which
/// must stay the same across restarts just as a real user's salt does.
/// </summary>
public sealed class ServerSecret
{
    public ServerSecret(ParleyOptions options)
    {
        var path = Path.Combine(options.DataDir, "server-secret");
        if (File.Exists(path) && File.ReadAllBytes(path) is { Length: 32 } existing)
        {
            Value = existing;
            return;
        }
        Directory.CreateDirectory(options.DataDir);
        Value = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, Value);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public byte[] Value { get; }
}

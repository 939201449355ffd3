using System.Net.Sockets;
using Parley.Server.Config;

namespace Parley.Server.Admin;

/// <summary>
/// The admin socket's file: a Unix domain socket in the data folder. Two guards keep it to the server's own user:
/// the file is made mode 0600 as soon as the listener is up, and every connection's peer credentials are checked
/// (SO_PEERCRED), which also covers the moment between bind and chmod.
/// </summary>
public sealed class AdminSocket(ParleyOptions options)
{
    public string? Path { get; } = options.AdminSocketPath;

    /// <summary>Clears what a killed server left behind, so that the listener can bind.</summary>
    /// <exception cref="IOException">Another Parley answers on this socket (the data folder is in use).</exception>
    public string Prepare()
    {
        var path = Path ?? throw new InvalidOperationException("The admin socket is turned off.");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            // A server killed without a clean stop leaves its socket file behind; one that answers is alive.
            if (Answers(path))
                throw new IOException($"another Parley is running on this data folder (it answers on {path})");
            File.Delete(path);
        }
        return path;
    }

    /// <summary>Mode 0600, once the listener has created the file.</summary>
    public void MakePrivate()
    {
        if (Path is not null && !OperatingSystem.IsWindows() && File.Exists(Path))
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Removes the socket file (once the server has stopped listening).</summary>
    public void Remove()
    {
        try
        {
            if (Path is not null)
                File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Whether a server answers on the socket at <paramref name="path"/>.</summary>
    public static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the process at the other end runs as this server's user (or root). Linux only (SO_PEERCRED); where
    /// it cannot be told, the file mode is the guard.
    /// </summary>
    internal static bool PeerIsTrusted(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } for SOL_SOCKET (1), SO_PEERCRED (17).
        Span<byte> credentials = stackalloc byte[12];
        if (socket.GetRawSocketOption(1, 17, credentials) < 12)
            return false;
        var uid = BitConverter.ToUInt32(credentials[4..8]);
        return uid == 0 || uid == OwnUid.Value;
    }

    // The effective uid, from /proc (Linux, as SO_PEERCRED): "Uid:\treal\teffective\tsaved\tfs".
    private static readonly Lazy<uint> OwnUid = new(() => File.ReadLines("/proc/self/status")
        .Where(l => l.StartsWith("Uid:", StringComparison.Ordinal))
        .Select(l => uint.Parse(l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture))
        .First());
}

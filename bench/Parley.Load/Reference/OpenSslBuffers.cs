using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Parley.Load.Reference;

/// <summary>
/// An experiment for the idle-memory target, on the relay only: asks OpenSSL to free a connection's TLS record
/// buffers (about 16 KiB each way) whenever they are empty (SSL_MODE_RELEASE_BUFFERS), which .NET's SslStream does
/// not do. SslStream does not expose its SSL*, so it is found by reflection; when that fails nothing is changed.
/// </summary>
internal static partial class OpenSslBuffers
{
    private const int SslCtrlMode = 33;            // SSL_CTRL_MODE
    private const long SslModeReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS

    public static bool TryRelease(SslStream stream)
    {
        var context = typeof(SslStream).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .FirstOrDefault(f => f.FieldType.Name.Contains("SafeDeleteSslContext", StringComparison.Ordinal)
                || f.FieldType.Name == "SafeDeleteContext")?.GetValue(stream);
        // .NET 10: the context is itself the SafeHandle of the SSL*; older runtimes wrap it in an SslContext property.
        var handle = context?.GetType().GetProperty("SslContext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?.GetValue(context) as SafeHandle ?? context as SafeHandle;
        if (handle is null || handle.IsInvalid)
            return false;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // A TLS 1.2 or 1.3 SSL* answers its protocol version; anything else is not what we think it is.
            if (SslVersion(handle.DangerousGetHandle()) is not (0x303 or 0x304))
                return false;
            return (SslCtrl(handle.DangerousGetHandle(), SslCtrlMode, SslModeReleaseBuffers, IntPtr.Zero) & SslModeReleaseBuffers) != 0;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [LibraryImport("libssl.so.3", EntryPoint = "SSL_version")]
    private static partial int SslVersion(IntPtr ssl);

    [LibraryImport("libssl.so.3", EntryPoint = "SSL_ctrl")]
    private static partial long SslCtrl(IntPtr ssl, int cmd, long larg, IntPtr parg);
}

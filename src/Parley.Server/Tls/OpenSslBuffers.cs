using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Tls;

/// <summary>
/// Lets OpenSSL free a connection's TLS record buffers while they are empty (SSL_MODE_RELEASE_BUFFERS).
/// </summary>
/// <remarks>
/// Without the mode, every TLS connection keeps a ~16.7 KB read and a ~16.6 KB write buffer for its whole life: two
/// thirds of what an idle authenticated client costs (docs/benchmarks.md). With it, OpenSSL allocates a buffer when
/// a record is read or written and frees it once it is drained, so an idle connection holds neither; an active one
/// pays a malloc/free pair per read or write. .NET's SslStream does not set the mode and does not expose its SSL*,
/// so the handle is found by reflection on SslStream's private state and the mode set through libssl itself.
/// Everything is checked on the way: the platform (Linux with OpenSSL 3, the library .NET itself loaded), the
/// field's type, the handle's validity, and that the SSL* answers a TLS protocol version. When any check fails,
/// nothing is changed, the reason is logged once at Debug, and the connection works as before.
/// </remarks>
internal static partial class OpenSslBuffers
{
    private const string LibSsl = "libssl.so.3";
    private const int SslCtrlMode = 33;               // SSL_CTRL_MODE: SSL_set_mode / SSL_get_mode are macros over it
    private const long SslModeReleaseBuffers = 0x10;  // SSL_MODE_RELEASE_BUFFERS

    private static readonly FieldInfo? ContextField;
    private static readonly PropertyInfo? SslContextProperty;
    private static readonly string? Unsupported;
    private static int _loggedUnsupported;

    static OpenSslBuffers()
    {
        ContextField = FindContextField(out Unsupported);
        SslContextProperty = ContextField?.FieldType.GetProperty("SslContext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
    }

    /// <summary>Sets SSL_MODE_RELEASE_BUFFERS on an authenticated stream; false (logged once) when it cannot.</summary>
    public static bool TryRelease(SslStream stream, ILogger logger)
    {
        var mode = Control(stream, SslModeReleaseBuffers, out var reason);
        if (mode is { } m && (m & SslModeReleaseBuffers) != 0)
            return true;
        if (Interlocked.Exchange(ref _loggedUnsupported, 1) == 0)
            LogUnsupported(logger, reason ?? "the mode did not stick");
        return false;
    }

    /// <summary>SSL_get_mode of the stream's SSL*, or null when it cannot be reached (for tests and diagnostics).</summary>
    public static long? Mode(SslStream stream) => Control(stream, 0, out _);

    // SSL_ctrl(SSL_CTRL_MODE, bits) ORs the bits into the mode and returns the new mode; with 0 it only reads it.
    private static long? Control(SslStream stream, long setBits, out string? reason)
    {
        reason = Unsupported;
        if (ContextField is null)
            return null;
        // .NET 10 on Linux: the field holds SafeDeleteSslContext, itself the SafeHandle over the SSL*; earlier
        // runtimes wrapped a SafeSslHandle in its SslContext property.
        var context = ContextField.GetValue(stream);
        var handle = (context is null ? null : SslContextProperty?.GetValue(context) as SafeHandle) ?? context as SafeHandle;
        if (handle is null || handle.IsInvalid || handle.IsClosed)
        {
            reason = "SslStream has no native context (not authenticated?)";
            return null;
        }
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var ssl = handle.DangerousGetHandle();
            // A TLS 1.2 or 1.3 SSL* answers its protocol version; anything else is not what we think it is.
            var version = SslVersion(ssl);
            if (version is not (0x303 or 0x304))
            {
                reason = $"the native context answered protocol version 0x{version:x}";
                return null;
            }
            return SslCtrl(ssl, SslCtrlMode, setBits, IntPtr.Zero);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            reason = e.Message;
            return null;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private static FieldInfo? FindContextField(out string? unsupported)
    {
        if (!OperatingSystem.IsLinux())
        {
            unsupported = "not Linux";
            return null;
        }
        // Only the OpenSSL .NET itself uses: calling a libssl.so.3 we load on an SSL* from another major version
        // would corrupt memory. OpenSslVersion is OPENSSL_VERSION_NUMBER (0xMNN00PP0L) of the library .NET loaded.
        var loaded = SafeEvpPKeyHandle.OpenSslVersion;
        if (loaded >> 28 != 3)
        {
            unsupported = $"OpenSSL version 0x{loaded:x} is not 3.x";
            return null;
        }
        var field = typeof(SslStream).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .FirstOrDefault(f => f.FieldType.Name == "SafeDeleteSslContext");
        unsupported = field is null ? "SslStream has no SafeDeleteSslContext field on this runtime" : null;
        return field;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TLS record buffers are kept while idle: {Reason}")]
    private static partial void LogUnsupported(ILogger logger, string reason);

    [LibraryImport(LibSsl, EntryPoint = "SSL_version")]
    private static partial int SslVersion(IntPtr ssl);

    [LibraryImport(LibSsl, EntryPoint = "SSL_ctrl")]
    private static partial long SslCtrl(IntPtr ssl, int cmd, long larg, IntPtr parg);
}

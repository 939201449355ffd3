using System.Globalization;
using System.Reflection;

// The runtime looks for exactly this: a type named StartupHook, outside any namespace, with a static Initialize().
#pragma warning disable CA1050
internal static class StartupHook
#pragma warning restore CA1050
{
    private static Timer? s_timer;
    private static bool s_tracking;

    /// <summary>
    /// When the file PARLEY_PROBE_OUT.track appears, starts tracking live OpenSSL allocations; when
    /// PARLEY_PROBE_OUT.dump appears, writes the allocations made since then and still live, summed by OpenSSL
    /// source file and line, to PARLEY_PROBE_OUT.allocs (and deletes the trigger).
    /// Every second, appends "unix-ms openssl-bytes openssl-allocations gc-heap-bytes gc-committed-bytes" to the file
    /// named by PARLEY_PROBE_OUT. The OpenSSL figures need DOTNET_OPENSSL_MEMORY_DEBUG=1 (older runtimes: DOTNET_SYSTEM_NET_SECURITY_OPENSSL_MEMORY_DEBUG=1), which
    /// makes the native crypto shim count every OpenSSL allocation (Interop.Crypto in System.Security.Cryptography).
    /// </summary>
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("PARLEY_PROBE_OUT");
        if (string.IsNullOrEmpty(path))
            return;
        var crypto = typeof(System.Security.Cryptography.Aes).Assembly.GetType("Interop+Crypto");
        var bytes = crypto?.GetMethod("GetOpenSslAllocatedMemory", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        var count = crypto?.GetMethod("GetOpenSslAllocationCount", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        var enable = crypto?.GetMethod("EnableMemoryTracking", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, []);
        var forEach = crypto?.GetMethod("ForEachTrackedAllocation", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public,
            [typeof(Action<IntPtr, ulong, IntPtr, int>)]);
        s_timer = new Timer(_ =>
        {
            try
            {
                var info = GC.GetGCMemoryInfo();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {Invoke(bytes)} {Invoke(count)} {info.HeapSizeBytes} {info.TotalCommittedBytes}\n");
                File.AppendAllText(path, line);
                if (!s_tracking && File.Exists(path + ".track"))
                {
                    enable?.Invoke(null, null);
                    s_tracking = true;
                }
                if (s_tracking && forEach is not null && File.Exists(path + ".dump"))
                {
                    File.Delete(path + ".dump");
                    Dump(forEach, path + ".allocs");
                }
            }
            catch (IOException)
            {
            }
        }, null, 1000, 1000);
    }

    private static void Dump(MethodInfo forEach, string output)
    {
        var sites = new Dictionary<string, (long Count, long Bytes)>();
        forEach.Invoke(null, [new Action<IntPtr, ulong, IntPtr, int>((_, size, file, line) =>
        {
            var key = (file == IntPtr.Zero ? "?" : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(file)) + ":" + line;
            sites.TryGetValue(key, out var s);
            sites[key] = (s.Count + 1, s.Bytes + (long)size);
        })]);
        File.WriteAllLines(output, sites.OrderByDescending(kv => kv.Value.Bytes)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value.Bytes,12} {kv.Value.Count,9}  {kv.Key}")));
    }

    private static long Invoke(MethodInfo? method) =>
        method?.Invoke(null, null) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : -1;
}

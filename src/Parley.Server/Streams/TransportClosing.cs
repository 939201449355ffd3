using System.IO.Pipelines;
using System.Net.Security;

namespace Parley.Server.Streams;

/// <summary>The last step of every stream that a peer opened to us (c2s and incoming s2s): pipes completed, TLS ended.</summary>
internal static class TransportClosing
{
    public static async Task CloseAsync(PipeWriter output, PipeReader input, SslStream? tls)
    {
        try
        {
            await output.CompleteAsync();
            await input.CompleteAsync();
            if (tls is not null)
            {
                // close_notify, so the peer sees an orderly end of TLS rather than a truncated stream.
                using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await tls.ShutdownAsync().WaitAsync(shutdownTimeout.Token);
                await tls.DisposeAsync();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            tls?.Dispose();
        }
    }
}

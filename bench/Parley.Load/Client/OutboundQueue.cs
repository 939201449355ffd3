using System.Buffers;

namespace Parley.Load.Client;

/// <summary>
/// Batches writes to one stream: callers append bytes without waiting; one write loop at a time drains what has
/// accumulated. A slow peer shows up as <see cref="PendingBytes"/> growing, never as a blocked caller.
/// </summary>
internal sealed class OutboundQueue(Stream stream, Action<Exception>? onError = null)
{
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _pending = new(256);
    private ArrayBufferWriter<byte> _spare = new(256);
    private bool _writing;
    private bool _failed;

    public long PendingBytes { get; private set; }

    public bool Failed => _failed;

    public void Enqueue(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_failed)
                return;
            _pending.Write(data);
            PendingBytes += data.Length;
            if (_writing)
                return;
            _writing = true;
        }
        // Inline until the first incomplete write: usually the whole batch goes out without a thread hop.
        _ = WriteLoopAsync();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> batch;
                lock (_lock)
                {
                    if (_pending.WrittenCount == 0)
                    {
                        _writing = false;
                        return;
                    }
                    batch = _pending;
                    _pending = _spare;
                    _spare = batch;
                }
                await stream.WriteAsync(batch.WrittenMemory);
                lock (_lock)
                {
                    PendingBytes -= batch.WrittenCount;
                }
                // A burst may have grown the buffer; an idle connection should not keep it.
                if (batch.Capacity > 64 * 1024)
                    _spare = new ArrayBufferWriter<byte>(256);
                else
                    batch.ResetWrittenCount();
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _failed = true;
                _writing = false;
            }
            onError?.Invoke(e);
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;

namespace Parley.Server.Connections;

/// <summary>
/// A PipeWriter over a stream (the SslStream of a connection) that holds nothing between flushes: bytes are
/// written into one buffer rented from the pool, and <see cref="FlushAsync"/> writes it to the stream and returns
/// it. <c>PipeWriter.Create</c> keeps its segment object and segment stack for the life of the connection, which
/// an idle connection pays for; this writer is one small object. Single writer at a time, as every PipeWriter.
/// </summary>
internal sealed class PooledStreamWriter(Stream stream) : PipeWriter
{
    private const int MinimumBuffer = 4096;

    private byte[]? _buffer;
    private int _written;
    private bool _completed;
    private int _cancelFlush;

    public override void Advance(int bytes)
    {
        if (_buffer is null || bytes < 0 || _written + bytes > _buffer.Length)
            throw new ArgumentOutOfRangeException(nameof(bytes));
        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public override Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    private byte[] Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, MinimumBuffer));
        }
        else if (_buffer.Length - _written < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
            _buffer.AsSpan(0, _written).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
        return _buffer;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _cancelFlush, 0) != 0)
            return ValueTask.FromResult(new FlushResult(isCanceled: true, isCompleted: false));
        if (_buffer is null || _written == 0)
        {
            Release();
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: _completed));
        }
        var write = stream.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
        if (!write.IsCompletedSuccessfully)
            return AwaitWriteAsync(write);
        write.GetAwaiter().GetResult();
        Release();
        return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
    }

    private async ValueTask<FlushResult> AwaitWriteAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        finally
        {
            Release();
        }
        return new FlushResult(isCanceled: false, isCompleted: false);
    }

    /// <summary>The buffer back to the pool: nothing is held between flushes.</summary>
    private void Release()
    {
        var buffer = _buffer;
        _buffer = null;
        _written = 0;
        if (buffer is not null)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    public override void CancelPendingFlush() => Volatile.Write(ref _cancelFlush, 1);

    /// <summary>Drops what was not flushed; the stream stays open (it belongs to the caller).</summary>
    public override void Complete(Exception? exception = null)
    {
        _completed = true;
        Release();
    }

    /// <summary>Writes what was not flushed yet (unless completing with an error), then completes.</summary>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null && _buffer is not null && _written > 0 && !_completed)
        {
            try
            {
                await stream.WriteAsync(_buffer.AsMemory(0, _written));
            }
            finally
            {
                Complete(exception);
            }
            return;
        }
        Complete(exception);
    }
}

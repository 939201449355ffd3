using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Modules;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

// The established session: stanzas in (RFC 6120 §8), the bounded queue out (DESIGN §3.10–3.11).
internal sealed partial class C2sStream
{
    private async ValueTask<StreamAction> OnStanzaAsync(Element element)
    {
        if (!Stanza.TryGetKind(element, out var kind) || element.Namespace != Namespaces.Client)
            return Fail(StreamErrorCondition.UnsupportedStanzaType, $"unexpected {{{element.Namespace}}}{element.Name}");

        // §8.1.2.1: the server stamps 'from' with the full JID, whatever the client wrote.
        var stanza = element.WithAttribute("from", _jid!.ToString());
        var toAttribute = stanza.Attribute("to");
        Jid? to = null;
        if (toAttribute is not null && !Jid.TryParse(toAttribute, out to))
        {
            Send(Stanza.ErrorReply(stanza.WithAttribute("to", null), new StanzaError(StanzaErrorCondition.JidMalformed)));
            return StreamAction.Continue;
        }
        if (to is not null)
            stanza = stanza.WithAttribute("to", to.ToString());

        if (kind == StanzaKind.Iq)
        {
            // §8.2.3: an IQ has an id, a known type, and exactly one child when it is a get or set.
            if (stanza.Attribute("id") is null || !Stanza.TryGetIqType(stanza, out var type)
                || (type is IqType.Get or IqType.Set && stanza.Elements().Count() != 1))
            {
                if (!Stanza.IsError(stanza))
                    Send(Stanza.ErrorReply(stanza, new StanzaError(StanzaErrorCondition.BadRequest)));
                return StreamAction.Continue;
            }
            if (to is null && type == IqType.Set && Stanza.IqPayload(stanza)!.Is("session", Namespaces.Session))
            {
                Send(Stanza.Result(stanza));
                return StreamAction.Continue;
            }
        }

        var context = new StanzaContext(stanza, kind, _jid!, to, Handle);
        var verdict = await _services.Modules.Filters[FilterPoint.FromLocalClient].RunAsync(context, CancellationToken.None);
        switch (verdict.Verdict)
        {
            case FilterVerdict.Consumed:
                return StreamAction.Continue;
            case FilterVerdict.Bounce:
                if (!Stanza.IsError(stanza))
                    Send(Stanza.ErrorReply(stanza, verdict.Error!));
                return StreamAction.Continue;
        }
        await _services.Router.RouteAsync(stanza);
        return StreamAction.Continue;
    }

    private void Send(Element stanza) => TrySend(stanza);

    /// <summary>
    /// Queues a stanza for the client. The queue has no waiting reader: the first stanza into an empty queue
    /// starts a drain on the thread pool, which writes and flushes until the queue is empty and then ends, so an
    /// idle session holds no write loop, no pending operation and no task (DESIGN §3.10–3.11).
    /// </summary>
    public bool TrySend(Element stanza)
    {
        var queue = _outbound;
        if (queue is null || Volatile.Read(ref _closeRequested) != 0)
            return false;
        bool start;
        bool full;
        lock (queue)
        {
            if (_outboundCompleted)
                return false;
            // A reader too slow to keep up never slows the sender down (DESIGN §3.10).
            full = queue.Count >= _services.Options.Limits.SessionQueue;
            start = !full && !_draining;
            if (!full)
            {
                queue.Enqueue(stanza);
                _draining = true;
            }
        }
        if (full)
        {
            Close(new StreamError(StreamErrorCondition.PolicyViolation, "too many stanzas waiting to be read"));
            return false;
        }
        if (start)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    /// <summary>After the bind result is flushed, the read loop hands the output to the queue.</summary>
    private void HandOverOutput()
    {
        var queue = _outbound!;
        lock (queue)
        {
            if (queue.Count == 0 && !_outboundCompleted)
            {
                _draining = false;
                return;
            }
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void CompleteOutbound()
    {
        var queue = _outbound;
        if (queue is null)
            return;
        bool start;
        lock (queue)
        {
            _outboundCompleted = true;
            start = !_draining && !_writerFailed;
            _draining = true;
        }
        // The error and the closing tag go out at once, as they did when a write loop was always waiting.
        if (start)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>
    /// At the end of the stream: true if the caller owns the output and writes the close itself (never bound);
    /// else <paramref name="drained"/> completes once the last drain has written it, or failed.
    /// </summary>
    private bool TakeOutputForClose(out Task? drained)
    {
        drained = null;
        var queue = _outbound;
        if (queue is null)
            return true;
        // Close may have come before bind (then the queue was never completed): complete it now.
        CompleteOutbound();
        lock (queue)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }
        return false;
    }

    private async Task DrainAsync()
    {
        var queue = _outbound!;
        try
        {
            while (true)
            {
                bool closing;
                lock (queue)
                {
                    if (queue.Count == 0)
                    {
                        closing = _outboundCompleted;
                        if (!closing)
                        {
                            _draining = false;
                            // A burst that grew the queue does not keep its array while idle.
                            if (queue.EnsureCapacity(0) > 16)
                                queue.TrimExcess();
                            return;
                        }
                    }
                    else
                    {
                        closing = false;
                    }
                }
                if (closing)
                {
                    await WriteCloseAsync();
                    SignalDrained(failed: false);
                    return;
                }
                while (true)
                {
                    Element? stanza;
                    lock (queue)
                    {
                        if (!queue.TryDequeue(out stanza))
                            break;
                    }
                    XmppOutput.Write(_output, stanza, Namespaces.Client);
                }
                var flushed = await _output.FlushAsync();
                if (flushed.IsCompleted)
                {
                    SignalDrained(failed: true);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // Nothing awaits a drain: whatever ends it is logged here and ends the stream.
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
            SignalDrained(failed: true);
            Close(null);
        }
    }

    private void SignalDrained(bool failed)
    {
        var queue = _outbound!;
        TaskCompletionSource? drained;
        lock (queue)
        {
            _writerFailed |= failed;
            _outboundCompleted = true;
            queue.Clear();
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained;
        }
        drained.TrySetResult();
    }
}

using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

// The established connection: the read loop (dialback answers, the peer's close), the write loop, idle close.
internal sealed partial class S2sOutgoingStream
{
    private void StartLoops()
    {
        _writeLoop = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var status = await ReadAsync(CancellationToken.None);
                Touch();
                if (status == XmlParseStatus.Element)
                {
                    if (!OnElement(_parser.Element!))
                        return;
                    continue;
                }
                if (status == XmlParseStatus.StreamClosed)
                {
                    EndedCleanly = true;
                    // RFC 6120 §4.4: the peer closed its stream; we close ours and the connection.
                    _route.Detach(this);
                    CloseCleanly();
                    if (_writeLoop is not null)
                        await _writeLoop.WaitAsync(TimeSpan.FromSeconds(2));
                    LogPeerClosed(Local, Remote);
                    return;
                }
                if (status == XmlParseStatus.Error && _parser.Error is { } error)
                {
                    // RFC 6120 §4.9: the side that finds the error says which, then closes.
                    LogPeerXmlError(Local, Remote, error.Message);
                    _route.Detach(this);
                    CloseWith(StreamError.FromXml(error));
                    if (_writeLoop is not null)
                        await _writeLoop.WaitAsync(TimeSpan.FromSeconds(2));
                }
                return;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException
            or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            LogEnded(Local, Remote, e.GetType().Name, e.Message);
        }
        finally
        {
            Finish();
        }
    }

    /// <summary>False when the stream must end.</summary>
    private bool OnElement(Element element)
    {
        if (element.Namespace == Namespaces.Dialback)
        {
            var from = element.Attribute("from");
            var to = element.Attribute("to");
            var type = element.Attribute("type");
            // XEP-0220 §3.1 (unsolicited dialback): an answer counts only if it matches a request we sent on
            // this very stream, for this domain pair.
            if (from != Remote || to != Local || type is null)
            {
                LogUnsolicited(Local, Remote, element.Name);
                return true;
            }
            if (element.Name == "result")
            {
                if (Auth is not null || !_dialbackResult.TrySetResult(type == "error" ? DialbackError(element) : type))
                    LogUnsolicited(Local, Remote, element.Name);
                return true;
            }
            if (element.Name == "verify" && element.Attribute("id") is { } id && _verifies.TryGetValue(id, out var pending))
            {
                pending.TrySetResult(type switch
                {
                    "valid" => VerifyOutcome.Yes,
                    "invalid" => VerifyOutcome.No,
                    _ => new VerifyOutcome(false, StanzaErrorCondition.RemoteServerTimeout),
                });
                return true;
            }
            LogUnsolicited(Local, Remote, element.Name);
            return true;
        }
        if (element.Is("error", Namespaces.Streams))
        {
            var error = StreamError.FromElement(element)!;
            LogPeerStreamError(Local, Remote, ConditionNames.ToXml(error.Condition), error.Text ?? "");
            _route.Detach(this);
            return false;
        }
        if (Stanza.TryGetKind(element, out _))
        {
            // A stream is one-way unless XEP-0288 was negotiated, which we never offer.
            LogUnexpected(Local, Remote, element.Name);
            _route.Detach(this);
            CloseWith(new StreamError(StreamErrorCondition.UnsupportedStanzaType, "this stream carries no stanzas towards us"));
            return true;
        }
        return true;
    }

    private static string DialbackError(Element result)
        => "error " + (result.Child("error", Namespaces.Server)?.Elements().FirstOrDefault(e => e.Namespace == Namespaces.StanzaErrors)?.Name ?? "");

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var output = _output!;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (Volatile.Read(ref _closing) == 0 && reader.TryRead(out var element))
                {
                    if (ReferenceEquals(element, CloseMarker))
                    {
                        XmppOutput.WriteAscii(output, "</stream:stream>");
                        await output.FlushAsync();
                        ScheduleFinish();
                        return;
                    }
                    if (element.Namespace == Namespaces.Dialback)
                        XmlSerializer.WritePrefixed(element, output, "db", Namespaces.Server);
                    else if (element.Is("error", Namespaces.Streams))
                        XmppOutput.Write(output, element, Namespaces.Server);
                    else
                        XmlSerializer.Write(StanzaNamespace.Rebase(element, Namespaces.Client, Namespaces.Server), output, Namespaces.Server);
                }
                var flushed = await output.FlushAsync();
                Touch();
                if (flushed.IsCompleted || Volatile.Read(ref _closing) != 0)
                    return;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException
            or System.Net.Sockets.SocketException)
        {
            LogEnded(Local, Remote, e.GetType().Name, e.Message);
            Finish();
        }
    }

    private void CloseWith(StreamError error)
    {
        if (Interlocked.Exchange(ref _closeQueued, 1) != 0)
            return;
        LogStreamError(Local, Remote, ConditionNames.ToXml(error.Condition), error.Text ?? "");
        if (!_outbound.Writer.TryWrite(error.ToElement()) || !_outbound.Writer.TryWrite(CloseMarker))
            Finish();
    }

    /// <summary>Ends the stream with &lt;/stream:stream&gt; after what is already queued (RFC 6120 §4.4).</summary>
    public void CloseCleanly()
    {
        if (Interlocked.Exchange(ref _closeQueued, 1) != 0)
            return;
        if (_writeLoop is null || !_outbound.Writer.TryWrite(CloseMarker))
            Finish();
    }

    /// <summary>The peer gets a moment to close its side; then the connection goes.</summary>
    private void ScheduleFinish() => _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(static (_, s) => ((S2sOutgoingStream)s!).Finish(), this);

    private void Touch()
    {
        if (Auth is null || Volatile.Read(ref _closing) != 0)
            return;
        try
        {
            _idle.CancelAfter(TimeSpan.FromSeconds(_services.S2s.IdleTimeoutSeconds));
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnIdle()
    {
        if (Volatile.Read(ref _closing) != 0)
            return;
        LogIdle(Local, Remote);
        _route.Detach(this);
        CloseCleanly();
    }

    /// <summary>
    /// The end of the connection, once: stanzas still unwritten go back to the route (which connects again),
    /// verification requests get an error, the socket is closed.
    /// </summary>
    private void Finish()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
            return;
        _outbound.Writer.TryComplete();
        _readLimit?.Cancel();
        _stopping.Dispose();
        var unsent = new List<Element>();
        while (_outbound.Reader.TryRead(out var element))
        {
            if (element.Namespace == Namespaces.Client)
                unsent.Add(element);
        }
        _dialbackResult.TrySetResult(null);
        foreach (var pending in _verifies.Values)
            pending.TrySetResult(new VerifyOutcome(false, StanzaErrorCondition.RemoteServerNotFound));
        try
        {
            _stream?.Dispose();
            _socket?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        _idle.Dispose();
        if (Auth is not null)
            LogClosed(Local, Remote);
        _route.OnEnded(this, unsent);
        _ended.TrySetResult();
    }

    /// <summary>Gives the connection up after an unexpected failure.</summary>
    public void Abandon() => Finish();

    /// <summary>Between endpoints: drop this connection, keep the stream object for the next attempt.</summary>
    private async Task AbortConnectionAsync()
    {
        try
        {
            if (_input is not null)
                await _input.CompleteAsync();
            if (_output is not null)
                await _output.CompleteAsync();
            _stream?.Dispose();
            _socket?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
        _stream = null;
        _socket = null;
        _tls = null;
        _input = null;
        _output = null;
        _hasPending = false;
        _peerCertificateValid = false;
        _parser.Reset();
    }
}

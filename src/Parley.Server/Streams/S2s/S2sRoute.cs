using Parley.Protocol.Errors;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// Stanzas from one local domain to one remote domain: the authenticated outgoing stream when there is one,
/// else a bounded queue while a connection is set up (XEP-0220 §2.1.1: nothing is sent before authorization).
/// A failed attempt bounces the queue and leaves nothing behind: the next stanza tries again.
/// </summary>
internal sealed class S2sRoute(S2sServices services, string local, string remote)
{
    private readonly Lock _lock = new();
    private readonly Queue<Element> _queue = new();
    private S2sOutgoingStream? _ready;
    private S2sOutgoingStream? _connecting;

    public string Local { get; } = local;

    public string Remote { get; } = remote;

    /// <summary>The authenticated stream, for the admin view and tests.</summary>
    public S2sOutgoingStream? Ready => _ready;

    public async ValueTask SendAsync(Element stanza)
    {
        StanzaErrorCondition? bounce = null;
        S2sOutgoingStream? start = null;
        lock (_lock)
        {
            if (_ready is { } ready)
            {
                switch (ready.TrySend(stanza))
                {
                    case S2sOutgoingStream.SendResult.Sent:
                        return;
                    case S2sOutgoingStream.SendResult.Full:
                        bounce = StanzaErrorCondition.ResourceConstraint;
                        break;
                    default:
                        _ready = null;
                        break;
                }
            }
            if (bounce is null)
            {
                if (_queue.Count >= services.S2s.Queue)
                {
                    bounce = StanzaErrorCondition.ResourceConstraint;
                }
                else
                {
                    _queue.Enqueue(stanza);
                    start = StartLocked();
                }
            }
        }
        if (start is not null)
            _ = Task.Run(() => ConnectAsync(start));
        if (bounce is { } condition)
            await services.Manager.BounceAsync(stanza, condition);
    }

    /// <summary>A dialback verification request over this route's stream, connecting if needed (XEP-0220 §2.1.2).</summary>
    public async Task<VerifyOutcome> VerifyAsync(string streamId, string key, CancellationToken ct)
    {
        S2sOutgoingStream stream;
        S2sOutgoingStream? start;
        lock (_lock)
        {
            if (_ready is { IsOpen: false })
                _ready = null;
            start = _ready is null ? StartLocked() : null;
            stream = _ready ?? _connecting!;
        }
        if (start is not null)
            _ = Task.Run(() => ConnectAsync(start), CancellationToken.None);
        return await stream.VerifyAsync(streamId, key, ct);
    }

    private S2sOutgoingStream? StartLocked()
    {
        if (_connecting is not null)
            return null;
        _connecting = new S2sOutgoingStream(services, this);
        return _connecting;
    }

    private async Task ConnectAsync(S2sOutgoingStream stream)
    {
        S2sFailure? failure;
        try
        {
            failure = await stream.ConnectAsync();
        }
        catch (Exception e)
        {
            // A bug must not leave the route stuck "connecting" with its queue: fail this attempt like any other.
            services.Manager.LogConnectBug(e, Local, Remote);
            stream.Abandon();
            failure = new S2sFailure(StanzaErrorCondition.InternalServerError, e.Message);
        }
        var bounced = new List<Element>();
        var full = new List<Element>();
        lock (_lock)
        {
            if (_connecting == stream)
                _connecting = null;
            if (failure is null)
            {
                _ready = stream;
                while (_queue.TryDequeue(out var stanza))
                {
                    if (stream.TrySend(stanza) != S2sOutgoingStream.SendResult.Sent)
                        full.Add(stanza);
                }
            }
            else
            {
                bounced.AddRange(_queue);
                _queue.Clear();
                // Nothing left here: forget the route, so domains that never answer leave nothing behind.
                if (_ready is null && _connecting is null)
                    services.Manager.Forget(this);
            }
        }
        foreach (var stanza in bounced)
            await services.Manager.BounceAsync(stanza, failure!.Condition);
        foreach (var stanza in full)
            await services.Manager.BounceAsync(stanza, StanzaErrorCondition.RemoteServerTimeout);
    }

    /// <summary>The stream stops taking stanzas (idle close, the peer closing): the next stanza connects anew.</summary>
    public void Detach(S2sOutgoingStream stream)
    {
        lock (_lock)
        {
            if (_ready == stream)
                _ready = null;
        }
    }

    /// <summary>The connection is gone; what it had not written yet is sent again (one new attempt).</summary>
    public void OnEnded(S2sOutgoingStream stream, List<Element> unsent)
    {
        Detach(stream);
        if (unsent.Count == 0)
            return;
        _ = Task.Run(async () =>
        {
            foreach (var stanza in unsent)
                await SendAsync(stanza);
        });
    }
}

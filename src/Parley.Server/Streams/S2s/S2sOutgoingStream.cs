using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Server.Connections;
using Parley.Server.Federation;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

internal enum S2sAuthMethod
{
    SaslExternal,
    Dialback,
}

/// <summary>Why an outgoing stream could not be set up, and the stanza error its queued stanzas bounce with.</summary>
internal sealed record S2sFailure(StanzaErrorCondition Condition, string Reason, bool TryNextEndpoint = false);

/// <summary>The answer to a dialback verification request (XEP-0220 §2.1.2): valid, invalid, or an error condition.</summary>
internal sealed record VerifyOutcome(bool Valid, StanzaErrorCondition? Error = null)
{
    public static readonly VerifyOutcome Yes = new(true);
    public static readonly VerifyOutcome No = new(false);
}

/// <summary>
/// One outgoing server-to-server connection for a (local domain, remote domain) pair: resolve, connect, TLS
/// (STARTTLS or direct, XEP-0368), authenticate with SASL EXTERNAL (XEP-0178) or dialback (XEP-0220), then send
/// stanzas from a bounded channel. It also carries dialback verification requests (§2.1.2) for incoming streams
/// that claim the remote domain. Negotiation is sequential code; from authentication on a read loop and a write
/// loop run, and only the write loop writes.
/// </summary>
internal sealed partial class S2sOutgoingStream
{
    // Tells the write loop to close the stream cleanly after what was queued before it.
    private static readonly Element CloseMarker = new("close", "urn:parley:internal");

    private readonly S2sServices _services;
    private readonly S2sRoute _route;
    private readonly ILogger _logger;
    private readonly XmlStreamParser _parser;
    private readonly Channel<Element> _outbound;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<VerifyOutcome>> _verifies = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string?> _dialbackResult = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _idle = new();
    private readonly ReadRateLimiter? _readLimit;

    private Socket? _socket;
    private Stream? _stream;
    private SslStream? _tls;
    private PipeReader? _input;
    private PipeWriter? _output;
    private ReadOnlySequence<byte> _pending;
    private bool _hasPending;
    private string _streamId = "";
    private string _address = "";
    private bool _peerCertificateValid;
    private Task? _writeLoop;
    private int _closing;
    private int _closeQueued;
    private CancellationTokenRegistration _stopping;

    public S2sOutgoingStream(S2sServices services, S2sRoute route)
    {
        _services = services;
        _route = route;
        _logger = services.Logger;
        _parser = new XmlStreamParser(services.AuthenticatedLimits);
        _readLimit = services.ReadLimits.ForS2s();
        _outbound = Channel.CreateBounded<Element>(new BoundedChannelOptions(services.S2s.Queue + 64)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _idle.Token.Register(static s => ((S2sOutgoingStream)s!).OnIdle(), this);
    }

    public string Local => _route.Local;

    public string Remote => _route.Remote;

    public S2sAuthMethod? Auth { get; private set; }

    /// <summary>The peer's IP address once connected (for the admin status).</summary>
    public string Address => _address;

    /// <summary>The peer closed its stream with &lt;/stream:stream&gt; (RFC 6120 §4.4), not by dropping the connection.</summary>
    public bool EndedCleanly { get; private set; }

    /// <summary>Completes when the connection is gone.</summary>
    public Task Ended => _ended.Task;

    private bool IsTls => _tls is not null;

    /// <summary>Still taking stanzas and verification requests.</summary>
    public bool IsOpen => Volatile.Read(ref _closing) == 0 && Volatile.Read(ref _closeQueued) == 0;

    public enum SendResult
    {
        Sent,
        Closed,
        Full,
    }

    /// <summary>Queues a stanza on an authenticated stream; never waits.</summary>
    public SendResult TrySend(Element stanza)
    {
        if (Volatile.Read(ref _closing) != 0 || Volatile.Read(ref _closeQueued) != 0)
            return SendResult.Closed;
        return _outbound.Writer.TryWrite(stanza) ? SendResult.Sent : SendResult.Full;
    }

    /// <summary>
    /// Asks the remote (authoritative) server whether a dialback key is valid (XEP-0220 §2.1.2). The request
    /// waits in the channel until the stream is past TLS; a connection that fails answers as an error.
    /// </summary>
    public async Task<VerifyOutcome> VerifyAsync(string streamId, string key, CancellationToken ct)
    {
        var pending = new TaskCompletionSource<VerifyOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_verifies.TryAdd(streamId, pending))
            return new VerifyOutcome(false, StanzaErrorCondition.Conflict);
        var request = X.E("verify", Namespaces.Dialback, X.A("from", Local), X.A("to", Remote), X.A("id", streamId), key);
        if (Volatile.Read(ref _closing) != 0 || !_outbound.Writer.TryWrite(request))
        {
            _verifies.TryRemove(streamId, out _);
            return new VerifyOutcome(false, StanzaErrorCondition.RemoteServerNotFound);
        }
        try
        {
            return await pending.Task.WaitAsync(ct);
        }
        finally
        {
            _verifies.TryRemove(streamId, out _);
        }
    }

    /// <summary>Resolves the remote domain and tries its endpoints in order; null when authenticated.</summary>
    public async Task<S2sFailure?> ConnectAsync()
    {
        var stopping = _services.Lifetime.ApplicationStopping;
        IReadOnlyList<S2sEndPoint> endpoints;
        try
        {
            endpoints = await _services.Resolver.ResolveAsync(Remote, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            endpoints = [];
            LogResolveFailed(Local, Remote, e.Message);
        }
        if (endpoints.Count == 0)
            return Failed(new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, "no address found for the domain"));
        S2sFailure? failure = null;
        foreach (var endpoint in endpoints)
        {
            failure = await TryEndpointAsync(endpoint);
            if (failure is null)
                return null;
            LogAttemptFailed(Local, Remote, endpoint.Address.ToString(), failure.Reason);
            await AbortConnectionAsync();
            // RFC 6120 §3.2.1: the next address only when this one could not be reached or spoke no XMPP; a peer
            // that refused to authenticate us would refuse again.
            if (!failure.TryNextEndpoint || _writeLoop is not null)
                break;
        }
        return Failed(failure!);
    }

    private S2sFailure Failed(S2sFailure failure)
    {
        LogFailed(Local, Remote, failure.Reason);
        Finish();
        return failure;
    }

    private async Task<S2sFailure?> TryEndpointAsync(S2sEndPoint endpoint)
    {
        _address = endpoint.Address.ToString();
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket = socket;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_services.Lifetime.ApplicationStopping))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(_services.S2s.ConnectTimeoutSeconds));
            try
            {
                await socket.ConnectAsync(endpoint.Address, connectTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                return new S2sFailure(StanzaErrorCondition.RemoteServerTimeout, "connection attempt timed out", TryNextEndpoint: true);
            }
            catch (SocketException e)
            {
                return new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, $"cannot connect: {e.SocketErrorCode}", TryNextEndpoint: true);
            }
        }
        using var negotiation = CancellationTokenSource.CreateLinkedTokenSource(_services.Lifetime.ApplicationStopping);
        negotiation.CancelAfter(TimeSpan.FromSeconds(_services.S2s.NegotiationTimeoutSeconds));
        var ct = negotiation.Token;
        try
        {
            _stream = new NetworkStream(socket, ownsSocket: true);
            UsePipes(_stream);
            if (endpoint.DirectTls)
                await StartTlsAsync(ct);
            return await NegotiateAsync(endpoint, ct);
        }
        catch (OperationCanceledException)
        {
            return new S2sFailure(StanzaErrorCondition.RemoteServerTimeout, "stream negotiation timed out");
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException
            or InvalidOperationException)
        {
            return new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, $"{e.GetType().Name}: {e.Message}", TryNextEndpoint: !Auth.HasValue);
        }
        catch (PeerException e)
        {
            return e.Failure;
        }
    }

    private void UsePipes(Stream stream)
    {
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        _hasPending = false;
        _parser.Reset();
    }

    private async Task StartTlsAsync(CancellationToken ct)
    {
        // Whatever the peer sent after <proceed/> is dropped with the old pipes (RFC 6120 §5.4.3.3).
        if (_hasPending)
            _input!.AdvanceTo(_pending.End);
        await _input!.CompleteAsync();
        await _output!.CompleteAsync();
        var presented = new PresentedCertificates();
        var tls = new SslStream(_stream!, leaveInnerStreamOpen: false);
        _stream = tls;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = Remote,
            // XEP-0178: our host's certificate, for the peer to offer SASL EXTERNAL.
            ClientCertificateContext = _services.Certificates.ContextFor(Local),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
#pragma warning disable CA5359 // accepted here, judged below by IPeerCertificateValidator
            RemoteCertificateValidationCallback = presented.Capture,
#pragma warning restore CA5359
        }, ct);
        _tls = tls;
        Tls.OpenSslBuffers.TryRelease(tls, _logger);
        UsePipes(tls);
        if (presented.Leaf is not { } leaf)
        {
            LogCertificate(Local, Remote, "none presented");
            return;
        }
        var result = _services.Validator.Validate(leaf, presented.Chain, Remote);
        _peerCertificateValid = result.IsValid;
        if (!result.IsValid)
            LogCertificate(Local, Remote, result.Reason);
    }

    private async Task<S2sFailure?> NegotiateAsync(S2sEndPoint endpoint, CancellationToken ct)
    {
        var features = await OpenAsync(ct);
        if (!IsTls)
        {
            if (features.Child("starttls", Namespaces.Tls) is not null)
            {
                await WriteAsync(X.E("starttls", Namespaces.Tls), ct);
                var answer = await ExpectElementAsync(ct);
                if (!answer.Is("proceed", Namespaces.Tls))
                    return new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, $"STARTTLS refused: {answer.Name}", TryNextEndpoint: true);
                await StartTlsAsync(ct);
                features = await OpenAsync(ct);
            }
            else if (_services.S2s.RequireTls)
            {
                return new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, "the peer offers no TLS and s2s.require_tls is on", TryNextEndpoint: true);
            }
        }
        // RFC 6120 §13.7.2: a peer whose certificate does not authenticate the remote domain is talked to only
        // where policy lets dialback authenticate it instead (the DNS then vouches for the address we used).
        if (!_peerCertificateValid && !_services.Policy.DialbackAllowed(Remote))
            return new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, "the peer's certificate is not valid for the domain and policy requires one");

        if (IsTls && features.Child("mechanisms", Namespaces.Sasl) is { } mechanisms
            && mechanisms.Elements().Any(m => m.Text.Trim() == "EXTERNAL"))
        {
            // XEP-0178 §3: the authorization identity is the domain of our stream header's 'from'.
            await WriteAsync(X.E("auth", Namespaces.Sasl, X.A("mechanism", "EXTERNAL"),
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Local))), ct);
            var answer = await ExpectElementAsync(ct);
            if (answer.Is("success", Namespaces.Sasl))
            {
                Auth = S2sAuthMethod.SaslExternal;
                // RFC 6120 §6.4.6: a new stream after SASL success.
                _parser.Reset();
                await OpenAsync(ct);
            }
            else
            {
                LogExternalRefused(Local, Remote, answer.FirstChild()?.Name ?? answer.Name);
            }
        }
        StartLoops();
        if (Auth is null)
        {
            // XEP-0220 §2.1.1: the key for this stream (the id of the header the peer sent us).
            var key = _services.Keys.Generate(Remote, Local, _streamId);
            _outbound.Writer.TryWrite(X.E("result", Namespaces.Dialback, X.A("from", Local), X.A("to", Remote), key));
            var type = await _dialbackResult.Task.WaitAsync(ct);
            switch (type)
            {
                case "valid":
                    Auth = S2sAuthMethod.Dialback;
                    break;
                case "invalid":
                    // XEP-0220 §2.1.1: queued stanzas go back with internal-server-error.
                    return new S2sFailure(StanzaErrorCondition.InternalServerError, "dialback: the peer found our key invalid");
                default:
                    // XEP-0220 §2.4: a dialback error (or the stream closing meanwhile) is remote-server-timeout.
                    return new S2sFailure(StanzaErrorCondition.RemoteServerTimeout, $"dialback failed: {type ?? "stream closed"}");
            }
        }
        LogConnected(Local, Remote, endpoint.Address.ToString(), MethodName(Auth.Value), IsTls ? "TLS" : "no TLS");
        _stopping = _services.Lifetime.ApplicationStopping.Register(static s => ((S2sOutgoingStream)s!).CloseCleanly(), this);
        Touch();
        return null;
    }

    public static string MethodName(S2sAuthMethod method) => method == S2sAuthMethod.SaslExternal ? "SASL EXTERNAL" : "dialback";

    /// <summary>Our header; the peer's header and features (RFC 6120 §4.3).</summary>
    private async Task<Element> OpenAsync(CancellationToken ct)
    {
        XmlSerializer.WriteStreamHeader(_output!, Namespaces.Server,
            [new XmlAttribute("from", Local), new XmlAttribute("to", Remote), new XmlAttribute("version", "1.0")],
            [("db", Namespaces.Dialback)]);
        await _output!.FlushAsync(ct);
        var status = await ReadAsync(ct);
        if (status != XmlParseStatus.StreamOpened)
            throw new PeerException(new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, "no stream header from the peer", TryNextEndpoint: true));
        var header = _parser.Header!;
        if (_parser.DefaultNamespace != Namespaces.Server)
            throw new PeerException(new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, "the peer's stream is not jabber:server", TryNextEndpoint: true));
        _streamId = header.Attribute("id") ?? "";
        var features = await ExpectElementAsync(ct);
        if (!features.Is("features", Namespaces.Streams))
            throw new PeerException(new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, $"expected stream features, got {features.Name}"));
        return features;
    }

    private async Task<Element> ExpectElementAsync(CancellationToken ct)
    {
        var status = await ReadAsync(ct);
        if (status != XmlParseStatus.Element)
            throw new PeerException(new S2sFailure(StanzaErrorCondition.RemoteServerNotFound, $"the peer closed the stream during negotiation ({status})"));
        var element = _parser.Element!;
        if (element.Is("error", Namespaces.Streams))
        {
            var error = StreamError.FromElement(element)!;
            throw new PeerException(new S2sFailure(
                error.Condition == StreamErrorCondition.ConnectionTimeout ? StanzaErrorCondition.RemoteServerTimeout : StanzaErrorCondition.RemoteServerNotFound,
                $"stream error from the peer: {ConditionNames.ToXml(error.Condition)} {error.Text}"));
        }
        return element;
    }

    /// <summary>The next parse event; a connection that ends mid-way reads as <see cref="XmlParseStatus.Error"/>.</summary>
    private async ValueTask<XmlParseStatus> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_hasPending)
            {
                // The peer's reads count against s2s_read_bytes_per_second too; over budget, no more is parsed
                // (nor read from the socket) until the deficit has refilled.
                if (_readLimit is { Exhausted: true })
                    await _readLimit.WaitAsync();
                var before = _pending.Length;
                var status = _parser.Parse(ref _pending);
                _readLimit?.Charge(before - _pending.Length);
                if (status != XmlParseStatus.NeedMoreData)
                    return status;
                _input!.AdvanceTo(_pending.Start, _pending.End);
                _hasPending = false;
            }
            var result = await _input!.ReadAsync(ct);
            if (result.IsCanceled)
                throw new OperationCanceledException();
            if (result.IsCompleted && result.Buffer.Length == 0)
            {
                _input.AdvanceTo(result.Buffer.End);
                return XmlParseStatus.Error;
            }
            _pending = result.Buffer;
            _hasPending = true;
            if (result.IsCompleted)
            {
                var before = _pending.Length;
                var status = _parser.Parse(ref _pending);
                _readLimit?.Charge(before - _pending.Length);
                if (status != XmlParseStatus.NeedMoreData)
                    return status;
                _input.AdvanceTo(_pending.End);
                _hasPending = false;
                return XmlParseStatus.Error;
            }
        }
    }

    private async Task WriteAsync(Element element, CancellationToken ct)
    {
        XmppOutput.Write(_output!, element, Namespaces.Server);
        await _output!.FlushAsync(ct);
    }

    private sealed class PeerException(S2sFailure failure) : Exception(failure.Reason)
    {
        public S2sFailure Failure { get; } = failure;
    }
}

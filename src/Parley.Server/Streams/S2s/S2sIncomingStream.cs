using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Server.Connections;
using Parley.Server.Federation;
using Parley.Xml;

namespace Parley.Server.Streams.S2s;

/// <summary>
/// One incoming server-to-server connection (RFC 6120, jabber:server): TLS, then SASL EXTERNAL (XEP-0178) or
/// dialback (XEP-0220) for each domain pair, then stanzas from authenticated pairs into the router. It also answers
/// dialback verification requests (XEP-0220 §2.2.2). The read loop processes elements in order; dialback
/// verifications run aside and write their answers under the write lock.
/// </summary>
internal sealed partial class S2sIncomingStream
{
    private readonly ConnectionContext _connection;
    private readonly S2sServices _services;
    private readonly bool _directTls;
    private readonly XmlStreamParser _parser;
    private readonly string _remoteAddress;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ReadRateLimiter? _readLimit;
    private readonly bool _overAddressLimit;

    // Domain pairs (sender, target) authenticated on this stream; only stanzas of these pairs are accepted.
    private readonly ConcurrentDictionary<(string From, string To), S2sAuthMethod> _authenticated = new();
    private readonly ConcurrentDictionary<string, PeerCertificateResult> _certificateChecks = new(StringComparer.Ordinal);

    private PipeReader _input;
    private PipeWriter _output;
    private SslStream? _tls;
    private X509Certificate2? _peerCertificate;
    private X509Certificate2Collection? _peerChain;

    private string? _host;
    private string? _peerDomain;
    private bool _headerSent;
    private string _streamId = "";
    private bool _dialbackStarted;
    private int _saslFailures;
    private int _closeRequested;
    private StreamError? _closeError;
    private CancellationTokenSource? _idle;
    private bool _timedOut;

    public S2sIncomingStream(ConnectionContext connection, S2sServices services, bool directTls, bool overAddressLimit = false)
    {
        _overAddressLimit = overAddressLimit;
        _readLimit = services.ReadLimits.ForS2s();
        _connection = connection;
        _services = services;
        _directTls = directTls;
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        _parser = new XmlStreamParser(services.UnauthenticatedLimits);
        _logger = services.Logger;
        _remoteAddress = (connection.RemoteEndPoint as IPEndPoint)?.ToString() ?? "unknown";
    }

    private bool IsTls => _tls is not null;

    /// <summary>The domain pairs authenticated so far and how, for the admin status.</summary>
    public IEnumerable<KeyValuePair<(string From, string To), S2sAuthMethod>> AuthenticatedPairs => _authenticated;

    public string RemoteAddress => _remoteAddress;

    private bool AnyAuthenticated => !_authenticated.IsEmpty;

    public async Task RunAsync()
    {
        using var stopping = _services.Lifetime.ApplicationStopping.Register(
            static s => ((S2sIncomingStream)s!).Close(new StreamError(StreamErrorCondition.SystemShutdown)), this);
        _services.Incoming.TryAdd(this, 0);
        try
        {
            if (_directTls && !await UpgradeToTlsAsync())
                return;
            await ReadLoopAsync();
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException
            or ObjectDisposedException or InvalidOperationException)
        {
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
        }
        finally
        {
            await FinishAsync();
            _services.Incoming.TryRemove(this, out _);
        }
    }

    private enum StreamAction
    {
        Continue,
        StartTls,
        Close,
    }

    private async Task ReadLoopAsync()
    {
        while (Volatile.Read(ref _closeRequested) == 0)
        {
            ArmIdleTimer();
            var result = await _input.ReadAsync();
            var buffer = result.Buffer;
            var action = StreamAction.Continue;
            var throttled = false;
            while (action == StreamAction.Continue && Volatile.Read(ref _closeRequested) == 0)
            {
                // Dialback authenticates pairs aside from this loop; the larger limits apply from the first one.
                if (AnyAuthenticated)
                    _parser.Limits = _services.AuthenticatedLimits;
                var before = buffer.Length;
                var status = _parser.Parse(ref buffer);
                _readLimit?.Charge(before - buffer.Length);
                if (status == XmlParseStatus.NeedMoreData)
                    break;
                action = await OnParsedAsync(status);
                if (_readLimit is { Exhausted: true } && action == StreamAction.Continue)
                {
                    // Over budget: what is left stays in the pipe, unexamined, for after the wait.
                    throttled = true;
                    break;
                }
            }
            if (action == StreamAction.StartTls)
            {
                // RFC 6120 §5.4.3.3: nothing sent after <starttls/> and before the handshake is read.
                _input.AdvanceTo(result.Buffer.End);
                if (!await UpgradeToTlsAsync())
                    return;
                _parser.Reset();
                continue;
            }
            _input.AdvanceTo(buffer.Start, throttled ? buffer.Start : buffer.End);
            if (action == StreamAction.Close)
                return;
            if (result.IsCanceled)
            {
                if (_timedOut)
                    Close(AnyAuthenticated ? null : new StreamError(StreamErrorCondition.ConnectionTimeout));
                return;
            }
            if (throttled)
            {
                // Not reading is the backpressure (TCP holds the peer back); the idle timer is not armed meanwhile.
                _idle?.CancelAfter(Timeout.InfiniteTimeSpan);
                await _readLimit!.WaitAsync();
                continue;
            }
            if (result.IsCompleted)
                return;
        }
    }

    private ValueTask<StreamAction> OnParsedAsync(XmlParseStatus status)
    {
        switch (status)
        {
            case XmlParseStatus.StreamOpened:
                return OnStreamHeaderAsync(_parser.Header!, _parser.DefaultNamespace);
            case XmlParseStatus.Element:
                return OnElementAsync(_parser.Element!);
            case XmlParseStatus.StreamClosed:
                LogPeerClosed(_remoteAddress, _peerDomain ?? "?");
                Close(null);
                return ValueTask.FromResult(StreamAction.Close);
            default:
                return ValueTask.FromResult(Fail(StreamError.FromXml(_parser.Error!)));
        }
    }

    private void ArmIdleTimer()
    {
        // Until a domain pair is authenticated the negotiation timeout applies, then the idle timeout; both
        // count from the last bytes received.
        var seconds = AnyAuthenticated ? _services.S2s.IdleTimeoutSeconds : _services.S2s.NegotiationTimeoutSeconds;
        if (_idle is null || !_idle.TryReset())
        {
            _idle?.Dispose();
            _idle = new CancellationTokenSource();
            _idle.Token.Register(static s =>
            {
                var stream = (S2sIncomingStream)s!;
                stream._timedOut = true;
                stream._input.CancelPendingRead();
            }, this);
        }
        _idle.CancelAfter(TimeSpan.FromSeconds(seconds));
    }

    private async Task<bool> UpgradeToTlsAsync()
    {
        var raw = new DuplexPipeStream(_connection.Transport);
        var tls = new SslStream(raw, leaveInnerStreamOpen: false);
        using var handshakeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(_services.S2s.NegotiationTimeoutSeconds));
        var presented = new PresentedCertificates();
        try
        {
            await tls.AuthenticateAsServerAsync((_, hello, _, _) =>
            {
                var host = _services.Certificates.SelectHost(hello.ServerName, _host);
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = _services.Certificates.ContextFor(host),
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    AllowRenegotiation = false,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    // XEP-0178 §3: ask for the peer's certificate without requiring one; it is judged later, for
                    // the domain the peer claims, and without one the peer can still use dialback.
                    ClientCertificateRequired = true,
#pragma warning disable CA5359 // accepted here, judged after the handshake by IPeerCertificateValidator
                    RemoteCertificateValidationCallback = presented.Capture,
#pragma warning restore CA5359
                });
            }, null, handshakeTimeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            LogTlsFailed(_remoteAddress, e.Message);
            await tls.DisposeAsync();
            _output = _connection.Transport.Output;
            _headerSent = false;
            return false;
        }
        _tls = tls;
        // A quiet s2s stream then holds no TLS record buffers, as on c2s (see OpenSslBuffers).
        Tls.OpenSslBuffers.TryRelease(tls, _logger);
        _peerCertificate = presented.Leaf;
        _peerChain = presented.Chain;
        _input = PipeReader.Create(tls, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024,
            leaveOpen: true, useZeroByteReads: true));
        _output = PipeWriter.Create(tls, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        _headerSent = false;
        return true;
    }

    /// <summary>Whether the peer's TLS certificate authenticates <paramref name="domain"/> (RFC 6120 §13.7.2).</summary>
    private PeerCertificateResult CheckCertificate(string domain)
    {
        if (_peerCertificate is null)
            return new PeerCertificateResult(PeerCertificateStatus.Untrusted, "no certificate presented");
        return _certificateChecks.GetOrAdd(domain, d => _services.Validator.Validate(_peerCertificate, _peerChain, d));
    }

    /// <summary>Asks the stream to end; the first reason given wins. Safe from any thread.</summary>
    public void Close(StreamError? error)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
            return;
        _closeError = error;
        _readLimit?.Cancel();
        try
        {
            _input.CancelPendingRead();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private StreamAction Fail(StreamErrorCondition condition, string text) => Fail(new StreamError(condition, text));

    private StreamAction Fail(StreamError error)
    {
        Close(error);
        return StreamAction.Close;
    }

    private async Task FinishAsync()
    {
        Close(_closeError);
        try
        {
            await _write.WaitAsync(TimeSpan.FromSeconds(5));
            if (_closeError is not null)
            {
                if (!_headerSent)
                    WriteHeader(null);
                XmppOutput.Write(_output, _closeError.ToElement(), Namespaces.Server);
                LogStreamError(_remoteAddress, _peerDomain ?? "?", ConditionNames.ToXml(_closeError.Condition), _closeError.Text ?? "");
            }
            if (_headerSent)
                XmppOutput.WriteAscii(_output, "</stream:stream>");
            using var flushTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _output.FlushAsync(flushTimeout.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
        }
        _idle?.Dispose();
        foreach (var pair in _authenticated.Keys)
            LogPairClosed(_remoteAddress, pair.From, pair.To);
        await TransportClosing.CloseAsync(_output, _input, _tls);
    }

    /// <summary>Writes under the lock (the read loop and dialback answers share the output).</summary>
    private async ValueTask WriteAsync(Action<PipeWriter> write)
    {
        await _write.WaitAsync();
        try
        {
            if (Volatile.Read(ref _closeRequested) != 0)
                return;
            write(_output);
            await _output.FlushAsync();
        }
        finally
        {
            _write.Release();
        }
    }

    private ValueTask WriteAsync(Element element) => WriteAsync(o =>
    {
        if (element.Namespace == Namespaces.Dialback)
            XmlSerializer.WritePrefixed(element, o, "db", Namespaces.Server);
        else
            XmppOutput.Write(o, element, Namespaces.Server);
    });

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

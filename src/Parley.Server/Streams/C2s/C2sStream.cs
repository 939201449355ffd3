using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Server.Connections;
using Parley.Server.Sessions;
using Parley.Server.Tls;
using Parley.Xml;

namespace Parley.Server.Streams.C2s;

/// <summary>
/// One client connection: negotiation (TLS, SASL, bind) on the read loop, then an established session whose
/// outbound stanzas go through a bounded queue drained by a write loop. Split by concern into partial files.
/// </summary>
internal sealed partial class C2sStream : ILocalSession, IThreadPoolWorkItem
{
    // Zero-byte reads: an idle connection holds no read buffer. Shared by all streams (the pipes keep a reference).
    private static readonly StreamPipeReaderOptions TlsReaderOptions = new(bufferSize: 4096, minimumReadSize: 1024,
        leaveOpen: true, useZeroByteReads: true);

    private readonly ConnectionContext _connection;
    private readonly C2sServices _services;
    private readonly bool _directTls;
    private readonly bool _overAddressLimit;
    private readonly ConnectionsPerAddress? _admittedBy;
    private readonly IPAddress? _admittedAddress;
    private readonly XmlStreamParser _parser;
    private readonly string _remoteAddress;
    private readonly ILogger _logger;
    private readonly ReadRateLimiter? _readLimit;

    private PipeReader _input;
    private PipeWriter _output;
    private SslStream? _tls;
    private byte[]? _channelBinding;
    private string? _tlsHost;

    private string? _host;
    private bool _headerSent;
    private bool _authenticated;
    private string? _username;
    private int _saslAttempts;

    private Jid? _jid;
    // Outbound stanzas once bound (C2sStream.Session.cs); the queue object is also the lock for the fields below.
    private Queue<Element>? _outbound;
    private bool _draining;
    private bool _outboundCompleted;
    private bool _writerFailed;
    private TaskCompletionSource? _drained;
    private int _closeRequested;
    private StreamError? _closeError;
    private CancellationTokenSource? _negotiation;
    private bool _timedOut;
    private long _lastReceived = Environment.TickCount64;

    /// <param name="admittedBy">Where the connection was counted against its address; left when the stream ends.</param>
    public C2sStream(ConnectionContext connection, C2sServices services, bool directTls, bool overAddressLimit = false,
        ConnectionsPerAddress? admittedBy = null, IPAddress? admittedAddress = null)
    {
        _admittedBy = admittedBy;
        _admittedAddress = admittedAddress;
        _connection = connection;
        _services = services;
        _directTls = directTls;
        _overAddressLimit = overAddressLimit;
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        _parser = new XmlStreamParser(services.UnauthenticatedLimits);
        _logger = services.Logger;
        _readLimit = services.ReadLimits.ForC2s();
        _remoteAddress = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
    }

    public SessionHandle Handle { get; private set; }

    public Jid Jid => _jid ?? throw new InvalidOperationException("Not bound.");

    public TimeSpan SilentFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastReceived));

    private bool IsTls => _tls is not null;

    /// <summary>OpenSSL's mode bits on this stream's TLS connection (SSL_get_mode), null without TLS or OpenSSL.</summary>
    internal long? TlsMode => _tls is null ? null : OpenSslBuffers.Mode(_tls);

    public async Task RunAsync()
    {
        using var stopping = _services.Lifetime.ApplicationStopping.Register(
            static s => ((C2sStream)s!).Close(new StreamError(StreamErrorCondition.SystemShutdown)), this);
        StartNegotiationTimer();
        try
        {
            if (_directTls && !await UpgradeToTlsAsync())
                return;
            // The read loop runs inline, not as a method of its own: one state machine less held by every
            // idle connection.
            while (Volatile.Read(ref _closeRequested) == 0)
            {
                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                // Reads return once new bytes arrived (what was examined is not returned again alone).
                if (!result.IsCanceled && !buffer.IsEmpty)
                    Volatile.Write(ref _lastReceived, Environment.TickCount64);
                var action = StreamAction.Continue;
                var throttled = false;
                while (action == StreamAction.Continue && Volatile.Read(ref _closeRequested) == 0)
                {
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
                    // RFC 6120 §5.4.3.3 and DESIGN §3.1: whatever the client sent after <starttls/> and before the
                    // handshake is discarded, never read as if it had come over TLS.
                    _input.AdvanceTo(result.Buffer.End);
                    if (!await UpgradeToTlsAsync())
                        return;
                    _parser.Reset();
                    continue;
                }
                // Throttled, the rest is marked unexamined so the next read returns it at once.
                _input.AdvanceTo(buffer.Start, throttled ? buffer.Start : buffer.End);
                if (action == StreamAction.Close)
                    return;
                if (result.IsCanceled)
                {
                    if (_timedOut)
                        Close(new StreamError(StreamErrorCondition.ConnectionTimeout));
                    return;
                }
                if (throttled)
                {
                    // Not reading is the backpressure: the socket buffers fill and TCP holds the client back.
                    await _readLimit!.WaitAsync();
                    continue;
                }
                if (result.IsCompleted)
                    return;
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException
            or ObjectDisposedException or InvalidOperationException or AuthenticationFailure)
        {
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
        }
        finally
        {
            try
            {
                await FinishAsync();
            }
            finally
            {
                _admittedBy?.Leave(_admittedAddress);
            }
        }
    }

    private enum StreamAction
    {
        Continue,
        StartTls,
        Close,
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
                Close(null);
                return ValueTask.FromResult(StreamAction.Close);
            default:
                Close(StreamError.FromXml(_parser.Error!));
                return ValueTask.FromResult(StreamAction.Close);
        }
    }

    /// <summary>
    /// From connect to a bound resource, one deadline for the whole negotiation (TLS handshake included). Once
    /// bound, the session's silence is watched by <see cref="IdleSessionSweep"/> instead: no timer per connection.
    /// </summary>
    private void StartNegotiationTimer()
    {
        _negotiation = new CancellationTokenSource(TimeSpan.FromSeconds(_services.Options.C2s.NegotiationTimeoutSeconds));
        _negotiation.Token.UnsafeRegister(static s =>
        {
            var stream = (C2sStream)s!;
            stream._timedOut = true;
            stream._input.CancelPendingRead();
        }, this);
    }

    private void StopNegotiationTimer()
    {
        _negotiation?.Dispose();
        _negotiation = null;
    }

    private async Task<bool> UpgradeToTlsAsync()
    {
        var raw = new DuplexPipeStream(_connection.Transport);
        var tls = new SslStream(raw, leaveInnerStreamOpen: false);
        try
        {
            // A static callback with the stream as state: nothing allocated per connection for it.
            await tls.AuthenticateAsServerAsync(static (_, hello, state, _) =>
            {
                var stream = (C2sStream)state!;
                stream._tlsHost = stream._services.Certificates.SelectHost(hello.ServerName, stream._host);
                return ValueTask.FromResult(stream._services.Certificates.ServerOptions(stream._tlsHost));
            }, this, _negotiation?.Token ?? CancellationToken.None);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException)
        {
            LogTlsFailed(_remoteAddress, e.Message);
            await tls.DisposeAsync();
            _output = _connection.Transport.Output;
            _headerSent = false;
            return false;
        }
        _tls = tls;
        // Idle connections then hold no TLS record buffers (~33 KB each): see OpenSslBuffers.
        OpenSslBuffers.TryRelease(tls, _logger);
        _input = PipeReader.Create(tls, TlsReaderOptions);
        // Not PipeWriter.Create: that writer keeps a segment and its stack per connection (see PooledStreamWriter).
        _output = new PooledStreamWriter(tls);
        _channelBinding = _services.Certificates.ChannelBindingFor(_tlsHost);
        _headerSent = false;
        return true;
    }

    /// <summary>Asks the stream to end; the first reason given wins. Safe from any thread.</summary>
    public void Close(StreamError? error)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
            return;
        _closeError = error;
        CompleteOutbound();
        _readLimit?.Cancel();
        try
        {
            _input.CancelPendingRead();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task FinishAsync()
    {
        Close(_closeError);
        try
        {
            // A drain in progress flushes what is queued, then the error and the closing tag; else we write them.
            if (TakeOutputForClose(out var drained))
                await WriteCloseAsync();
            else if (drained is not null)
                await drained.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            LogConnectionEnded(_remoteAddress, e.GetType().Name, e.Message);
        }
        if (_jid is not null)
            await UnbindAsync();
        StopNegotiationTimer();
        await TransportClosing.CloseAsync(_output, _input, _tls);
    }

    /// <summary>The stream error (after our header, if none was sent yet: RFC 6120 §4.9.1.2) and the closing tag.</summary>
    private async ValueTask WriteCloseAsync()
    {
        if (_closeError is not null)
        {
            if (!_headerSent)
                WriteHeader(null);
            XmppOutput.Write(_output, _closeError.ToElement(), Namespaces.Client);
            LogStreamError(_remoteAddress, ConditionNames.ToXml(_closeError.Condition), _closeError.Text ?? "");
        }
        if (_headerSent)
            XmppOutput.WriteAscii(_output, "</stream:stream>");
        await _output.FlushAsync();
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private sealed class AuthenticationFailure(string message) : Exception(message);
}

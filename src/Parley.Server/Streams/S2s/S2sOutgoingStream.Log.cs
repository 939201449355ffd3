using Microsoft.Extensions.Logging;

namespace Parley.Server.Streams.S2s;

internal sealed partial class S2sOutgoingStream
{
    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: connected to {Address}, authenticated by {Method} ({Tls})")]
    private partial void LogConnected(string local, string remote, string address, string method, string tls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: failed: {Reason}")]
    private partial void LogFailed(string local, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: attempt at {Address} failed: {Reason}")]
    private partial void LogAttemptFailed(string local, string remote, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: resolving failed: {Message}")]
    private partial void LogResolveFailed(string local, string remote, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: peer certificate not valid for the domain: {Reason}")]
    private partial void LogCertificate(string local, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: SASL EXTERNAL refused ({Condition}); trying dialback")]
    private partial void LogExternalRefused(string local, string remote, string condition);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: idle, closing")]
    private partial void LogIdle(string local, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: closed")]
    private partial void LogClosed(string local, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s out {Local} -> {Remote}: the peer closed its stream")]
    private partial void LogPeerClosed(string local, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: stream error from the peer: {Condition} {Text}")]
    private partial void LogPeerStreamError(string local, string remote, string condition, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: sending stream error {Condition} {Text}")]
    private partial void LogStreamError(string local, string remote, string condition, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: bad XML from the peer: {Message}")]
    private partial void LogPeerXmlError(string local, string remote, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "s2s out {Local} -> {Remote}: connection ended ({Reason}: {Message})")]
    private partial void LogEnded(string local, string remote, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: ignored an unsolicited dialback {Element}")]
    private partial void LogUnsolicited(string local, string remote, string element);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s out {Local} -> {Remote}: the peer sent a {Stanza} on our outgoing stream")]
    private partial void LogUnexpected(string local, string remote, string stanza);
}

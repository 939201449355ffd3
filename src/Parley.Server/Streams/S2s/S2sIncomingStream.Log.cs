using Microsoft.Extensions.Logging;

namespace Parley.Server.Streams.S2s;

internal sealed partial class S2sIncomingStream
{
    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address}: {From} -> {To} authenticated by {Method}")]
    private partial void LogAuthenticated(string address, string from, string to, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address}: {From} -> {To} closed")]
    private partial void LogPairClosed(string address, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s in {Address}: dialback for {From} refused: {Reason}")]
    private partial void LogDialbackRefused(string address, string from, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s in {Address}: SASL EXTERNAL for {From} refused: {Reason}")]
    private partial void LogExternalFailed(string address, string from, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address}: dialback verification for {From} about {To}: {Answer}")]
    private partial void LogVerifyAnswered(string address, string from, string to, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "s2s in {Address}: ignored an unsolicited db:{Element} type='{Type}' from '{From}'")]
    private partial void LogUnsolicited(string address, string element, string type, string from);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address}: TLS handshake failed: {Message}")]
    private partial void LogTlsFailed(string address, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address} ({Peer}): stream error {Condition} {Text}")]
    private partial void LogStreamError(string address, string peer, string condition, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "s2s in {Address} ({Peer}): the peer closed its stream")]
    private partial void LogPeerClosed(string address, string peer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "s2s in {Address}: connection ended ({Reason}: {Message})")]
    private partial void LogConnectionEnded(string address, string reason, string message);
}

using Microsoft.Extensions.Logging;

namespace Parley.Server.Streams.C2s;

internal sealed partial class C2sStream
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "c2s {Address}: connection ended ({Reason}: {Message})")]
    private partial void LogConnectionEnded(string address, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "c2s {Address}: TLS handshake failed: {Message}")]
    private partial void LogTlsFailed(string address, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "c2s {Address}: stream error {Condition} {Text}")]
    private partial void LogStreamError(string address, string condition, string? text);

    [LoggerMessage(Level = LogLevel.Information, Message = "c2s {Address}: authenticated as {User}@{Host}")]
    private partial void LogAuthenticated(string address, string user, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "c2s {Address}: authentication failed for host {Host}: {Condition}")]
    private partial void LogAuthFailed(string address, string host, string condition);

    [LoggerMessage(Level = LogLevel.Information, Message = "c2s {Address}: bound {Jid}")]
    private partial void LogBound(string address, string jid);
}

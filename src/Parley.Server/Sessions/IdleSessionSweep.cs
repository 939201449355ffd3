using Microsoft.Extensions.Hosting;
using Parley.Protocol.Errors;
using Parley.Server.Config;

namespace Parley.Server.Sessions;

/// <summary>
/// Closes bound client sessions that have been silent for <c>c2s.idle_timeout_seconds</c> (connection-timeout,
/// RFC 6120 §4.9.3.4), by one periodic walk over the local sessions.
/// </summary>
/// <remarks>
/// One sweep for all sessions instead of a timer per connection: a timer re-armed on every read cost each idle
/// connection a CancellationTokenSource, a timer-queue entry and callback registrations, and each read a trip
/// through the timer queue's lock. The price is resolution: a session is closed between the timeout and the
/// timeout plus one sweep period (a tenth of the timeout, at most 10 s).
/// </remarks>
internal sealed class IdleSessionSweep(LocalSessionRegistry sessions, ParleyOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = TimeSpan.FromSeconds(options.C2s.IdleTimeoutSeconds);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 10, 100, 10_000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var session in sessions.All)
                {
                    if (session.SilentFor >= timeout)
                        session.Close(new StreamError(StreamErrorCondition.ConnectionTimeout));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

using Microsoft.Extensions.Hosting;
using Parley.Protocol;
using Parley.Protocol.Errors;
using Parley.Server.Events;

namespace Parley.Server.Sessions;

/// <summary>
/// Closes the live sessions of an account once it is deleted: its data is gone, and so is its right to be online.
/// RFC 6120 §4.9.3.12 not-authorized, with a text saying why, is what clients show as "log in again", which then fails.
/// </summary>
internal sealed class DeletedAccountSessions(EventBus events, ISessionDirectory directory, LocalSessionRegistry sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Subscribe<UserDeleted>(async (deleted, ct) =>
        {
            if (!Jid.TryCreate(deleted.Username, deleted.Host, null, out var account))
                return;
            foreach (var entry in await directory.GetSessionsAsync(account!, ct))
            {
                if (sessions.TryGet(entry.Handle, out var session))
                    session!.Close(new StreamError(StreamErrorCondition.NotAuthorized, "account deleted"));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

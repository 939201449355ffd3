namespace Parley.Modules.LastActivity;

/// <summary>When an account last logged out, and the status it left with (XEP-0012 §3).</summary>
public sealed record LastLogout(DateTimeOffset At, string? Status);

public interface ILastActivityStore
{
    ValueTask<LastLogout?> GetAsync(string host, string username, CancellationToken ct = default);

    /// <summary>Replaces the account's last logout; nothing happens for an account that no longer exists.</summary>
    ValueTask SetAsync(string host, string username, LastLogout logout, CancellationToken ct = default);
}

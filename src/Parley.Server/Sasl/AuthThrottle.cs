using System.Threading.RateLimiting;
using Parley.Server.Config;

namespace Parley.Server.Sasl;

/// <summary>
/// Failed authentications are throttled per client address and per account: each failure takes a permit from a
/// one-minute window, and with none left further attempts get temporary-auth-failure until the window turns.
/// </summary>
public sealed class AuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byAccount;

    public AuthThrottle(ParleyOptions options)
    {
        _byAddress = Create(options.Sasl.FailuresPerIpPerMinute);
        _byAccount = Create(options.Sasl.FailuresPerAccountPerMinute);
    }

    private static PartitionedRateLimiter<string> Create(int permits) => PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    public bool AddressAllowed(string address) => Available(_byAddress, address);

    public bool AccountAllowed(string account) => Available(_byAccount, account);

    public void Failed(string address, string? account)
    {
        _byAddress.AttemptAcquire(address).Dispose();
        if (account is not null)
            _byAccount.AttemptAcquire(account).Dispose();
    }

    private static bool Available(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byAccount.Dispose();
    }
}

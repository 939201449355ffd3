namespace Parley.Interop.Infrastructure;

/// <summary>One server per test class (classes run in parallel, each on its own ports and data folder).</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private readonly string _name;
    private readonly string _resourceConflict;
    private readonly IReadOnlyList<Account> _accounts;
    private ParleyServer? _server;

    private protected ServerFixture(string name, string resourceConflict, IReadOnlyList<Account>? accounts = null)
    {
        _name = name;
        _resourceConflict = resourceConflict;
        _accounts = accounts ?? Accounts.All;
    }

    internal ParleyServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync()
        => _server = await ParleyServer.StartAsync(_name, _resourceConflict, _accounts);

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>A server whose c2s.resource_conflict is "replace", the default.</summary>
public sealed class ReplacingServer() : ServerFixture("replace", "replace");

/// <summary>A server whose c2s.resource_conflict is "refuse".</summary>
public sealed class RefusingServer() : ServerFixture("refuse", "refuse");

/// <summary>A server for the contacts tests, with two more accounts so that each test has users of its own.</summary>
public sealed class ContactsServer() : ServerFixture("contacts", "replace", [.. Accounts.All, Accounts.Erin, Accounts.Frank]);

/// <summary>A server of its own for offline messages, so that nothing kept for an account leaks into other tests.</summary>
public sealed class OfflineServer() : ServerFixture("offline", "replace");

using BenchmarkDotNet.Attributes;
using Parley.Protocol;
using Parley.Server.Sessions;

namespace Parley.Micro;

/// <summary>
/// The router's look-ups for one message to an account: the session directory (bare JID → sessions) and the local
/// registry (handle → live connection), with 10,000 users bound. The directory is internal to Parley.Server; it is
/// created through its interface by reflection so that server code stays unchanged.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Users = 10_000;
    private ISessionDirectory _directory = null!;
    private readonly LocalSessionRegistry _registry = new();
    private Jid[] _bare = [];
    private SessionHandle[] _handles = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var type = typeof(ISessionDirectory).Assembly.GetType("Parley.Server.Sessions.InMemorySessionDirectory", throwOnError: true)!;
        _directory = (ISessionDirectory)Activator.CreateInstance(type, nonPublic: true)!;
        _bare = new Jid[Users];
        _handles = new SessionHandle[Users];
        for (var i = 0; i < Users; i++)
        {
            var full = Jid.Parse($"user{i}@example.org/phone");
            _bare[i] = full.Bare;
            _handles[i] = _registry.NewHandle();
            _directory.BindAsync(full, _handles[i], ResourceConflictPolicy.Replace).AsTask().GetAwaiter().GetResult();
            _directory.SetPresenceAsync(full, _handles[i], true, 0).AsTask().GetAwaiter().GetResult();
            _registry.Register(new FakeSession(_handles[i], full));
        }
    }

    [Benchmark]
    public int DirectoryLookup()
    {
        var i = _next++ % Users;
        return _directory.GetSessionsAsync(_bare[i]).GetAwaiter().GetResult().Count;
    }

    [Benchmark]
    public bool RegistryLookup()
    {
        var i = _next++ % Users;
        return _registry.TryGet(_handles[i], out _);
    }

    private sealed class FakeSession(SessionHandle handle, Jid jid) : ILocalSession
    {
        public SessionHandle Handle { get; } = handle;

        public Jid Jid { get; } = jid;

        public TimeSpan SilentFor => TimeSpan.Zero;

        public bool TrySend(Parley.Xml.Element stanza) => true;

        public void Close(Parley.Protocol.Errors.StreamError? error) { }
    }
}

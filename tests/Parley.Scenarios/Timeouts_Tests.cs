using Parley.TestKit;

namespace Parley.Scenarios;

// c2s.negotiation_timeout_seconds and c2s.idle_timeout_seconds (docs/admin.md): both end the stream with
// connection-timeout (RFC 6120 §4.9.3.4).
public sealed class Timeouts_Tests
{
    [Fact]
    public async Task Silent_bound_session_is_closed_after_the_idle_timeout()
    {
        // Server pings off, so nothing but the idle timeout acts on the silence.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["c2s:idle_timeout_seconds"] = "1",
            ["modules:ping:interval_seconds"] = "0",
        });
        await server.AddUserAsync("alice", "wonderland");
        await using var alice = await server.LoginAsync("alice", "wonderland", "laptop");

        Assert.Equal("connection-timeout", await alice.ExpectStreamErrorAsync());
    }

    [Fact]
    public async Task Negotiation_has_one_deadline_from_connect_that_keepalives_do_not_extend()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["c2s:negotiation_timeout_seconds"] = "1",
        });
        await using var client = await server.ConnectAsync();
        await client.OpenAsync();

        // Whitespace keepalives while never authenticating: the deadline still comes.
        using var stop = new CancellationTokenSource();
        var keepalives = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.SendAsync(" ");
                    await Task.Delay(100, stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
            }
        });
        try
        {
            Assert.Equal("connection-timeout", await client.ExpectStreamErrorAsync());
        }
        finally
        {
            await stop.CancelAsync();
            await keepalives;
        }
    }
}

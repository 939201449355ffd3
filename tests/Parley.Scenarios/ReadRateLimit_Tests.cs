using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Connections;
using Parley.TestKit;

namespace Parley.Scenarios;

// [limits] c2s_read_bytes_per_second: a client sending faster than its budget is slowed down (the server stops
// reading, TCP holds the client back), never cut off, and nothing it sent is lost or reordered.
public sealed class ReadRateLimit_Tests
{
    private static string Filler => new('x', 1000);

    [Fact]
    public async Task A_client_over_its_read_budget_is_slowed_and_every_stanza_arrives_in_order()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["limits:c2s_read_bytes_per_second"] = "20000",
            ["limits:c2s_read_burst_bytes"] = "4000",
        });
        await server.AddUserAsync("alice", "wonderland");
        await server.AddUserAsync("bob", "builder");
        await using var alice = await server.LoginAvailableAsync("alice", "wonderland", "desk");
        await using var bob = await server.LoginAvailableAsync("bob", "builder", "work");

        // About 45 kB in one write: well over the 4 kB burst.
        const int count = 40;
        var burst = string.Concat(Enumerable.Range(0, count).Select(i =>
            $"<message to='bob@localhost/work' type='chat' id='m{i}'><body>{i} {Filler}</body></message>"));
        await alice.SendAsync(burst);

        for (var i = 0; i < count; i++)
        {
            var message = await bob.ExpectAsync("message", Namespaces.Client);
            Assert.Equal($"m{i}", message.Attribute("id"));
            Assert.Equal($"{i} {Filler}", message.Child("body", Namespaces.Client)?.Text);
        }
        // No error came back to the sender, and its stream is still open and answering.
        await alice.ExpectNothingAsync();
        Assert.True(server.Services.GetRequiredService<ReadRateLimits>().C2sWaits.Count > 0, "the c2s read limit never engaged");
    }

    [Fact]
    public async Task With_the_limit_off_the_same_traffic_is_never_throttled()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["limits:c2s_read_bytes_per_second"] = "0",
            ["limits:c2s_read_burst_bytes"] = "4000",
        });
        await server.AddUserAsync("alice", "wonderland");
        await server.AddUserAsync("bob", "builder");
        await using var alice = await server.LoginAvailableAsync("alice", "wonderland", "desk");
        await using var bob = await server.LoginAvailableAsync("bob", "builder", "work");

        const int count = 40;
        await alice.SendAsync(string.Concat(Enumerable.Range(0, count).Select(i =>
            $"<message to='bob@localhost/work' type='chat' id='m{i}'><body>{i} {Filler}</body></message>")));
        for (var i = 0; i < count; i++)
            Assert.Equal($"m{i}", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));
        Assert.Equal(0, server.Services.GetRequiredService<ReadRateLimits>().C2sWaits.Count);
    }
}

using Parley.Protocol;
using Parley.TestKit;
using Parley.Tests.Support;

namespace Parley.Tests;

/// <summary>
/// DESIGN §5: a message accepted into offline storage is never lost, also when the process is killed, and is
/// delivered exactly once after the restart. The real executable, killed with SIGKILL or stopped with SIGTERM.
/// </summary>
public sealed class Durability_Tests
{
    private const int Count = 20;

    [Fact]
    public async Task Offline_messages_survive_kill_9_and_arrive_exactly_once()
    {
        await using var server = await ParleyProcess.CreateAsync("alice", "bob");
        await server.StartAsync();
        await SendWhileBobIsOfflineAsync(server);

        await server.KillAsync();
        // The killed server left its admin socket file behind; the new one clears it and starts.
        Assert.True(File.Exists(Path.Combine(server.DataDir, "admin.sock")));
        await server.StartAsync();

        await ExpectEveryMessageOnceAsync(server);
    }

    [Fact]
    public async Task Offline_messages_survive_a_clean_restart()
    {
        await using var server = await ParleyProcess.CreateAsync("alice", "bob");
        await server.StartAsync();
        await SendWhileBobIsOfflineAsync(server);

        Assert.Equal(0, await server.StopAsync());
        Assert.False(File.Exists(Path.Combine(server.DataDir, "admin.sock")));
        await server.StartAsync();

        await ExpectEveryMessageOnceAsync(server);
    }

    private static async Task SendWhileBobIsOfflineAsync(ParleyProcess server)
    {
        await using var alice = await server.LoginAsync("alice", "laptop");
        for (var i = 1; i <= Count; i++)
            await alice.SendAsync($"<message to='bob@localhost' type='chat' id='m{i}'><body>message {i}</body></message>");
        // The server answers this ping only after it has handled every message before it, and a message is handled
        // once its storage has committed: from here on, all of them are on disk.
        await alice.ExpectNothingAsync();
    }

    private static async Task ExpectEveryMessageOnceAsync(ParleyProcess server)
    {
        await using (var bob = await server.LoginAsync("bob", "phone"))
        {
            await bob.SendAsync("<presence/>");
            await bob.ExpectAsync("presence", Namespaces.Client);
            var arrived = await bob.SyncAsync();
            Assert.Equal(Enumerable.Range(1, Count).Select(i => $"m{i}"), arrived.Select(m => m.Attribute("id")));
            Assert.All(arrived, m => Assert.NotNull(m.Child("delay", Namespaces.Delay)));
        }
        // Delivered once: nothing waits any more.
        await using var again = await server.LoginAsync("bob", "tablet");
        await again.SendAsync("<presence/>");
        await again.ExpectAsync("presence", Namespaces.Client);
        await again.ExpectNothingAsync();
    }
}

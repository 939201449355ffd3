using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

public sealed class Shutdown_Tests
{
    [Fact]
    public async Task Stopping_the_server_sends_system_shutdown_to_every_session()
    {
        await using var server = await TestServer.StartAsync();
        await server.AddUserAsync("alice", "pw-a");
        await server.AddUserAsync("bob", "pw-b");
        await using var alice = await server.LoginAsync("alice", "pw-a", "desk");
        await using var bob = await server.LoginAsync("bob", "pw-b", "desk");
        await bob.SendAsync("<presence/>");
        await bob.ExpectAsync("presence", Namespaces.Client);

        await alice.SendAsync("<message to='bob@localhost/desk' type='chat' id='m1'><body>before the stop</body></message>");
        var message = await bob.ExpectAsync("message", Namespaces.Client);
        Assert.Equal("before the stop", message.Child("body", Namespaces.Client)!.Text);

        var stopping = server.StopAsync();
        Assert.Equal("system-shutdown", await bob.ExpectStreamErrorAsync());
        Assert.Equal("system-shutdown", await alice.ExpectStreamErrorAsync());
        await stopping;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Server.Admin;
using Parley.TestKit;

namespace Parley.Scenarios.Federation;

// The admin status lists the authenticated s2s streams, each with its direction, domain pair and method.
public sealed class AdminStatus_Tests
{
    private static async Task<List<(string, string, string, string)>> S2sStatusAsync(TestServer server)
    {
        using var request = JsonDocument.Parse("{\"command\":\"status\"}");
        var status = await server.Services.GetRequiredService<AdminCommands>().RunAsync(request.RootElement, CancellationToken.None);
        Assert.True(status["ok"]!.GetValue<bool>());
        return [.. status["s2s"]!.AsArray().Select(c => (
            c!["direction"]!.GetValue<string>(), c["local"]!.GetValue<string>(), c["remote"]!.GetValue<string>(), c["auth"]!.GetValue<string>()))];
    }

    [Theory]
    [InlineData(true, "SASL EXTERNAL")]
    [InlineData(false, "dialback")]
    public async Task Status_lists_s2s_streams_with_direction_and_authentication(bool trusted, string method)
    {
        await using var servers = await FederatedServers.StartAsync(trusted);
        await servers.A.AddUserAsync("alice", "wonderland");
        await servers.B.AddUserAsync("bob", "builder");
        Assert.Empty(await S2sStatusAsync(servers.A));

        await using var alice = await servers.A.LoginAvailableAsync("alice", "wonderland", "home");
        await using var bob = await servers.B.LoginAvailableAsync("bob", "builder", "work");
        await alice.SendAsync("<message to='bob@b.test/work' type='chat' id='m1'><body>hi</body></message>");
        Assert.Equal("m1", (await bob.ExpectAsync("message", Namespaces.Client)).Attribute("id"));

        Assert.Contains(("out", "a.test", "b.test", method), await S2sStatusAsync(servers.A));
        Assert.Contains(("in", "b.test", "a.test", method), await S2sStatusAsync(servers.B));
    }
}

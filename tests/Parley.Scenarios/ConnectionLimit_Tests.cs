using Parley.TestKit;

namespace Parley.Scenarios;

public sealed class ConnectionLimit_Tests
{
    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_policy_violation_and_a_slot_frees_on_close()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["c2s:max_connections_per_ip"] = "2" });
        await using var first = await server.ConnectAsync();
        await first.OpenAsync();
        await using var second = await server.ConnectAsync();
        await second.OpenAsync();

        await using (var third = await server.ConnectAsync())
        {
            await third.OpenStreamAsync();
            Assert.Equal("policy-violation", await third.ExpectStreamErrorAsync());
        }

        // The first leaves with the closing handshake; its slot is free again (and the refused one held none).
        await first.SendAsync("</stream:stream>");
        Assert.Equal(ServerEventKind.Closed, (await first.NextEventAsync()).Kind);
        // The server counts the connection out once it has finished with it, a moment after the closing tag.
        for (var attempt = 0; ; attempt++)
        {
            await using var fourth = await server.ConnectAsync();
            await fourth.OpenStreamAsync();
            await fourth.ExpectHeaderAsync();
            var next = await fourth.NextAsync();
            if (next.Name == "features")
                break;
            Assert.True(attempt < 50, "the slot of the closed connection was never freed");
            await Task.Delay(100);
        }
    }
}

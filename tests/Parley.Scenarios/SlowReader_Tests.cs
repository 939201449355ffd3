using Parley.Protocol;
using Parley.TestKit;

namespace Parley.Scenarios;

// DESIGN §3.10: a session's outbound queue is bounded; a reader that does not keep up is closed, and whoever sends
// to it is never slowed down.
public sealed class SlowReader_Tests : IAsyncLifetime
{
    private const int QueueLength = 16;
    // 8 MB: more than the socket buffers of both ends and the output pipe can hold, even after autotuning.
    private const int Messages = 256;

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["limits:session_queue"] = QueueLength.ToString(),
            // Offline messages waiting for an account are queued at once at login: at most half the queue.
            ["modules:offline:max_messages"] = (QueueLength / 2).ToString(),
            // The 8 MB must come in at the speed of the network: with the c2s read limit the sender would be slowed
            // by its own budget instead (ReadRateLimit_Tests covers that).
            ["limits:c2s_read_bytes_per_second"] = "0",
        });
        await _server.AddUserAsync("alice", "wonderland");
        await _server.AddUserAsync("bob", "builder");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Session_that_does_not_read_is_closed_with_policy_violation_and_the_sender_carries_on()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        await using var bob = await _server.ConnectWithSmallBuffersAsync();
        await bob.LoginAsync("bob", "builder", "phone");

        // Bob stops reading; alice sends him far more than the socket buffers and his queue can hold. Headlines are
        // never bounced (RFC 6121 §8.5.3.2.1), so alice gets nothing back once bob is gone.
        var body = new string('x', 32 * 1024);
        for (var i = 0; i < Messages; i++)
        {
            await alice.SendAsync($"<message to='bob@localhost/phone' type='headline' id='h{i}'><body>{body}</body></message>");
            // Paced, so that bob's write loop keeps up with his queue and stalls on the full socket instead.
            if (i % 8 == 7)
                await Task.Delay(5);
        }

        // The sender was never blocked: the server has read all of it and still answers her at once.
        var pong = await alice.RequestAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "p1");
        Assert.Equal("result", pong.Attribute("type"));

        // Bob finally reads: what fitted, then the stream error (§4.9.3.14 policy-violation) and the close.
        var received = 0;
        while (true)
        {
            var e = await bob.NextEventAsync();
            if (e.Kind == ServerEventKind.Element && e.Element!.Is("message", Namespaces.Client))
            {
                // What was queued is delivered before the error, in order and without a gap.
                Assert.Equal($"h{received}", e.Element.Attribute("id"));
                received++;
                continue;
            }
            Assert.Equal(ServerEventKind.Element, e.Kind);
            Assert.True(e.Element!.Is("error", Namespaces.Streams), e.Element.ToString());
            Assert.NotNull(e.Element.Child("policy-violation", Namespaces.StreamErrors));
            break;
        }
        Assert.InRange(received, QueueLength, Messages - 1);
        Assert.Contains((await bob.NextEventAsync()).Kind, new[] { ServerEventKind.Closed, ServerEventKind.Disconnected });
    }
}

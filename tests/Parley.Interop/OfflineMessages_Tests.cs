using System.Globalization;
using Parley.Interop.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Interop;

/// <summary>
/// XEP-0160 offline messages with XEP-0203 delay stamps, as real clients see them: a message sent to an account
/// with nobody online arrives at the next login, stamped by the server.
/// </summary>
public sealed class OfflineMessages_Tests(OfflineServer fixture, ITestOutputHelper output) : IClassFixture<OfflineServer>
{
    private readonly ParleyServer _server = fixture.Server;

    [Fact]
    public Task Slixmpp_message_to_an_offline_aioxmpp_user_arrives_with_a_delay_at_login()
        => ArrivesAtLoginWithADelay(ClientLibrary.Slixmpp, Accounts.Carol, ClientLibrary.Aioxmpp, Accounts.Dave);

    [Fact]
    public Task Aioxmpp_message_to_an_offline_slixmpp_user_arrives_with_a_delay_at_login()
        => ArrivesAtLoginWithADelay(ClientLibrary.Aioxmpp, Accounts.Dave, ClientLibrary.Slixmpp, Accounts.Carol);

    private Task ArrivesAtLoginWithADelay(ClientLibrary senderLibrary, Account sender, ClientLibrary recipientLibrary, Account recipient)
        => Scenario.RunAsync(_server, output, async scenario =>
        {
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);
            var body = $"Sent by {senderLibrary} while you were away — ünïcödé <&>";
            var alice = scenario.Session(senderLibrary, sender.At("sender"), sender.Password);
            var senderJid = (await alice.ExpectAsync("bound"))["jid"]!;
            await alice.SendMessageAsync(recipient.Bare, body);
            // The server handles the message before the closing tag, so once the stream is closed it is stored.
            await alice.QuitAsync();
            await alice.ExpectAsync("closed");
            await alice.ExpectExitAsync();

            // The recipient logs in; its initial presence brings what waited (XEP-0160 §2).
            var bob = scenario.Session(recipientLibrary, recipient.At("reader"), recipient.Password);
            await bob.ExpectAsync("bound");
            var message = await bob.ExpectAsync("message");
            Assert.Equal(senderJid, message["from"]);
            Assert.Equal(body, message["body"]);
            Assert.Equal("chat", message["type"]);
            // XEP-0203 as the library parsed it: from the server, stamped when the server took the message.
            Assert.Equal(ParleyServer.Domain, message["delay_from"]);
            var stamp = DateTimeOffset.Parse(message["delay_stamp"]!, CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.Zero, stamp.Offset);
            Assert.InRange(stamp, before, DateTimeOffset.UtcNow);

            await bob.QuitAsync();
            await bob.ExpectAsync("closed");
            await bob.ExpectExitAsync();
        });
}

using System.Net;
using System.Text;
using Parley.Load.Cli;
using Parley.Load.Client;
using Parley.Load.Metrics;
using Parley.Load.Provisioning;
using Parley.Load.Scenarios;

namespace Parley.Bench.Tests;

public class CommandLineTests
{
    [Fact]
    public void Options_are_read_with_values_flags_and_equals()
    {
        var args = new Args(["chat", "--users", "10", "--no-presence", "--rate-start=2.5"]);
        Assert.Equal("chat", args.Verb);
        Assert.Equal(10, args.Int("users", 1));
        Assert.True(args.Flag("no-presence"));
        Assert.Equal(2.5, args.Double("rate-start", 0));
        args.RefuseUnknown();
    }

    [Fact]
    public void Unknown_options_are_refused()
    {
        var args = new Args(["login", "--userz", "10"]);
        args.Int("users", 1);
        Assert.Throws<ArgumentException>(args.RefuseUnknown);
    }

    [Fact]
    public void Source_ranges_expand_and_stay_on_loopback()
    {
        Assert.Equal([IPAddress.Parse("127.0.11.1"), IPAddress.Parse("127.0.11.2"), IPAddress.Parse("127.0.11.3")],
            Args.Sources("127.0.11.1+3"));
        Assert.Throws<ArgumentException>(() => Args.Sources("10.0.0.1+2"));
        Assert.Throws<ArgumentException>(() => Args.Sources("127.0.0.250+10"));
    }

    [Fact]
    public void Proc_files_give_rss_and_cpu_seconds()
    {
        Assert.Equal(123456, ProcessSampler.ParseRssKb("Name:\tx\nVmRSS:\t  123456 kB\nVmSwap:\t0 kB\n"));
        var stat = "42 (my (odd) name) S 1 2 3 4 5 6 7 8 9 10 250 150 0 0 20 0 1 0 100";
        Assert.Equal(4.0, ProcessSampler.ParseCpuSeconds(stat));
    }

    [Fact]
    public void Chat_messages_carry_timestamp_and_sequence_and_escape_their_text()
    {
        var buffer = new byte[1024];
        var n = ChatScenario.Format(buffer, "u7@bench.example/load"u8, 123456789, 42, relay: false, 0);
        var xml = Encoding.UTF8.GetString(buffer, 0, n);
        Assert.StartsWith("<message to='u7@bench.example/load' type='chat' id='m'><body>123456789 42 ", xml);
        Assert.Contains("&amp;", xml);
        Assert.EndsWith("</body></message>", xml);
    }

    [Fact]
    public void Relay_frames_prefix_recipient_and_length()
    {
        var buffer = new byte[1024];
        var n = ChatScenario.Format(buffer, "u7@x"u8, 1, 2, relay: true, relayTarget: 7);
        Assert.Equal(7, BitConverter.ToInt32(buffer, 0));
        Assert.Equal(n - RelayClient.HeaderLength, BitConverter.ToInt32(buffer, 4));
        Assert.StartsWith("<message", Encoding.UTF8.GetString(buffer, 8, n - 8));
    }

    [Theory]
    [InlineData("bench.example", "bench%2eexample")]
    [InlineData("u12", "u12")]
    [InlineData("a-b_c", "a%2db%5fc")]
    public void Prosody_file_names_escape_every_non_alphanumeric_byte(string name, string file) =>
        Assert.Equal(file, ProsodyProvisioner.Encode(name));

    [Fact]
    public void Attributes_are_found_with_either_quote()
    {
        Assert.Equal("p1", Xmlish.Attribute("<iq type='get' id='p1'><ping/></iq>", "id"));
        Assert.Equal("a@b/c", Xmlish.Attribute("<iq from=\"a@b/c\" id='x'/>", "from"));
        Assert.Null(Xmlish.Attribute("<iq id='x'><q from='no'/></iq>", "from"));
    }

    [Fact]
    public void Element_text_is_cut_from_the_first_element_or_a_named_child()
    {
        Assert.Equal("abc", XmppConnection.TextOf("<success xmlns='x'>abc</success>"));
        Assert.Equal("", XmppConnection.TextOf("<success xmlns='x'/>"));
        Assert.Equal("u1@h/r", XmppConnection.TextOf("<iq><bind><jid>u1@h/r</jid></bind></iq>", "<jid>"));
    }
}

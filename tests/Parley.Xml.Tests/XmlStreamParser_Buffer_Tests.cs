using System.Buffers;
using System.Text;
using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

/// <summary>Design §1.4 and §7: the byte path consumes only complete tokens and allocates only its products.</summary>
[Collection(AllocationMeasurements.Name)]
public class XmlStreamParser_Buffer_Tests
{
    private static XmlStreamParser Opened()
    {
        var parser = new XmlStreamParser(XmlLimits.Authenticated);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header));
        Assert.Equal(XmlParseStatus.StreamOpened, parser.Parse(ref buffer));
        return parser;
    }

    [Theory]
    [InlineData("<message to='a", "<message to='a")]
    [InlineData("<message><body>hello", "hello")]
    [InlineData("<message><body>hello</bo", "</bo")]
    [InlineData("<message><body>hi<![CDATA[x]", "<![CDATA[x]")]
    [InlineData("<", "<")]
    [InlineData("<b a='1\"/>", "<b a='1\"/>")]
    [InlineData("<b><![CDATA[x]></b>", "<![CDATA[x]></b>")]
    [InlineData("<message/>  \n ", "")]
    [InlineData(" \n ", "")]
    public void Only_the_partly_received_token_is_left_in_the_buffer(string input, string left)
    {
        var parser = Opened();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(input));
        var status = parser.Parse(ref buffer);
        if (status == XmlParseStatus.Element)
            status = parser.Parse(ref buffer);
        Assert.Equal(XmlParseStatus.NeedMoreData, status);
        Assert.Equal(left, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Reset_forgets_a_partly_scanned_token()
    {
        var parser = Opened();
        var partial = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("<message a='>"));
        Assert.Equal(XmlParseStatus.NeedMoreData, parser.Parse(ref partial));
        parser.Reset();
        var events = new List<string>();
        var fresh = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Streams.Header + "<m a='x'/>"));
        StreamFeed.Drain(parser, ref fresh, events);
        Assert.Equal("element {jabber:client}m a=\"x\"[]", events[^1]);
    }

    [Fact]
    public void Event_leaves_the_following_bytes_unconsumed()
    {
        var parser = Opened();
        var buffer = new ReadOnlySequence<byte>("<a/><b/>"u8.ToArray());
        Assert.Equal(XmlParseStatus.Element, parser.Parse(ref buffer));
        Assert.Equal("<b/>", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    // Each measurement is the least of a few rounds: a one-off allocation on the thread (the shared ArrayPool
    // refilling a bucket after a GC on another test's thread trimmed it) is not the byte path's own, while an
    // allocation the byte path makes per token or stanza shows in every round.
    private const int Rounds = 5;

    private static long LeastAllocated(Action round)
    {
        var least = long.MaxValue;
        for (var r = 0; r < Rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Keepalives_allocate_nothing()
    {
        var parser = Opened();
        var spaces = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string(' ', 100_000) + "\n"));
        var warm = spaces;
        parser.Parse(ref warm);
        var statuses = 0;
        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                var b = spaces;
                statuses |= 1 << (int)parser.Parse(ref b);
            }
        });
        Assert.Equal(1 << (int)XmlParseStatus.NeedMoreData, statuses);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Partial_token_rescans_allocate_nothing()
    {
        var parser = Opened();
        var partial = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("<message to='juliet@example.org' type='chat' id='"));
        var warm = partial;
        parser.Parse(ref warm);
        var statuses = 0;
        var allocated = LeastAllocated(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var b = partial;
                statuses |= 1 << (int)parser.Parse(ref b);
            }
        });
        Assert.Equal(1 << (int)XmlParseStatus.NeedMoreData, statuses);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Stanzas_allocate_only_their_products()
    {
        var parser = Opened();
        var one = "<message to='juliet@example.org' type='chat'><body>hi</body></message>";
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(one, 1000)));
        var warm = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(one));
        Assert.Equal(XmlParseStatus.Element, parser.Parse(ref warm));
        var statuses = 0;
        var allocated = LeastAllocated(() =>
        {
            var many = new ReadOnlySequence<byte>(bytes);
            for (var i = 0; i < 1000; i++)
                statuses |= 1 << (int)parser.Parse(ref many);
        });
        var perStanza = allocated / 1000;
        Assert.Equal(1 << (int)XmlParseStatus.Element, statuses);
        // Products: two elements, their attribute and node arrays, one Text and the strings
        // "juliet@example.org" and "hi" ("to", "type", "chat", names and namespace are interned).
        Assert.True(perStanza < 400, $"{perStanza} bytes per stanza");
    }
}

/// <summary>
/// The allocation measurements run alone: a GC forced by a neighbour test's allocations can make the shared
/// ArrayPool trim the buffers the parser rents, and refilling them on the measuring thread is not the byte path's
/// own allocation (seen once on CI on a busy machine).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurements
{
    public const string Name = "Allocation measurements";
}

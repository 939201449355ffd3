using System.Text;
using Parley.Load.Client;

namespace Parley.Bench.Tests;

public class StanzaScannerTests
{
    private const string Stream = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='a>b'>" +
        "<stream:features><mechanisms><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>" +
        " <message to='x' a=\"q'>\"><body>1 &lt; 2</body></message><presence/></stream:stream>";

    private static List<(ScanResult Kind, string Xml)> ScanInChunks(string xml, int chunk, bool inStream = false)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var scanner = new StanzaScanner(inStream);
        var units = new List<(ScanResult, string)>();
        var buffer = new List<byte>();
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            buffer.AddRange(bytes.Skip(at).Take(chunk));
            while (true)
            {
                var kind = scanner.Next(buffer.ToArray(), out var length);
                if (kind == ScanResult.NeedMore)
                    break;
                units.Add((kind, Encoding.UTF8.GetString(buffer.GetRange(0, length).ToArray()).Trim()));
                buffer.RemoveRange(0, length);
            }
        }
        return units;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(10_000)]
    public void A_stream_is_cut_into_header_elements_and_close_at_any_chunk_size(int chunk)
    {
        var units = ScanInChunks(Stream, chunk);
        Assert.Equal(
        [
            (ScanResult.StreamHeader, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='a>b'>"),
            (ScanResult.Element, "<stream:features><mechanisms><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>"),
            (ScanResult.Element, "<message to='x' a=\"q'>\"><body>1 &lt; 2</body></message>"),
            (ScanResult.Element, "<presence/>"),
            (ScanResult.StreamClosed, "</stream:stream>"),
        ], units);
    }

    [Fact]
    public void In_stream_mode_elements_come_without_a_header()
    {
        var units = ScanInChunks("<message><body>x</body></message><message/>", 5, inStream: true);
        Assert.Equal([ScanResult.Element, ScanResult.Element], units.Select(u => u.Kind));
    }

    [Fact]
    public void Reset_starts_a_new_stream()
    {
        var scanner = new StanzaScanner();
        Assert.Equal(ScanResult.StreamHeader, scanner.Next("<stream:stream>"u8, out _));
        scanner.Reset();
        Assert.Equal(ScanResult.StreamHeader, scanner.Next("<stream:stream>"u8, out _));
    }

    [Fact]
    public void A_self_closed_stream_header_is_a_close() =>
        Assert.Equal(ScanResult.StreamClosed, new StanzaScanner().Next("<stream:stream/>"u8, out _));
}

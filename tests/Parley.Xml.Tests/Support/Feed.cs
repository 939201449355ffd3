using System.Text;

namespace Parley.Xml.Tests.Support;

/// <summary>Assertions over whole inputs, each run at every chunk split (design §8).</summary>
internal static class Feed
{
    /// <summary>The dump of the one stanza that <paramref name="stanza"/> parses to inside the standard header.</summary>
    public static string Stanza(string stanza, XmlLimits? limits = null)
    {
        var events = StreamFeed.AtEverySplit(Streams.Header + stanza, limits);
        Assert.True(events.Count == 2 && events[1].StartsWith("element ", StringComparison.Ordinal),
            $"Expected one stanza, got [{string.Join(" | ", events)}]");
        return events[1]["element ".Length..];
    }

    /// <summary>Asserts <paramref name="stanza"/> inside the standard header fails with <paramref name="kind"/>.</summary>
    public static void StanzaFails(string stanza, XmlErrorKind kind, XmlLimits? limits = null) =>
        Fails(Encoding.UTF8.GetBytes(Streams.Header + stanza), kind, limits);

    public static void StanzaFails(byte[] stanza, XmlErrorKind kind, XmlLimits? limits = null) =>
        Fails([.. Encoding.UTF8.GetBytes(Streams.Header), .. stanza], kind, limits);

    public static void Fails(string input, XmlErrorKind kind, XmlLimits? limits = null) =>
        Fails(Encoding.UTF8.GetBytes(input), kind, limits);

    public static void Fails(byte[] input, XmlErrorKind kind, XmlLimits? limits = null)
    {
        var events = StreamFeed.AtEverySplit(input, limits);
        Assert.Equal("error " + kind, events.LastOrDefault());
    }

    /// <summary>The events of a whole stream, checked at every split.</summary>
    public static List<string> Events(string input, XmlLimits? limits = null) => StreamFeed.AtEverySplit(input, limits);

    public static List<string> Events(byte[] input, XmlLimits? limits = null) => StreamFeed.AtEverySplit(input, limits);
}

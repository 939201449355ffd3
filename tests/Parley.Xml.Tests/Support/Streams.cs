using System.Buffers;
using System.Text;

namespace Parley.Xml.Tests.Support;

/// <summary>Wraps stanzas in a client stream and parses them.</summary>
internal static class Streams
{
    public const string Header =
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>";

    public static string Open(string defaultNamespace = "jabber:client") =>
        $"<stream:stream xmlns='{Escape(defaultNamespace)}' xmlns:stream='http://etherx.jabber.org/streams'>";

    private static string Escape(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal)
        .Replace("\t", "&#9;", StringComparison.Ordinal);

    /// <summary>Limits no generated test input reaches.</summary>
    public static readonly XmlLimits Generous = new()
    {
        MaxStanzaBytes = 1 << 24, MaxDepth = 1000, MaxAttributes = 1000, MaxNamespaceDeclarations = 10_000,
    };

    /// <summary>The single stanza in a stream with the given default namespace.</summary>
    public static Element ParseStanza(string stanza, string defaultNamespace = "jabber:client") =>
        ParseStanza(Encoding.UTF8.GetBytes(Open(defaultNamespace) + stanza), out _) ?? throw new InvalidOperationException("No stanza.");

    public static Element? ParseStanza(byte[] stream, out XmlError? error)
    {
        var parser = new XmlStreamParser(Generous);
        var buffer = new ReadOnlySequence<byte>(stream);
        error = null;
        while (true)
        {
            switch (parser.Parse(ref buffer))
            {
                case XmlParseStatus.Element:
                    return parser.Element;
                case XmlParseStatus.Error:
                    error = parser.Error;
                    return null;
                case XmlParseStatus.NeedMoreData:
                case XmlParseStatus.StreamClosed:
                    return null;
            }
        }
    }
}

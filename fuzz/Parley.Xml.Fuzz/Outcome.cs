using System.Buffers;

namespace Parley.Xml.Fuzz;

/// <summary>A short description of how an input ended, used as the mutation loop's novelty signal.</summary>
internal static class Outcome
{
    public static string Describe(ReadOnlySpan<byte> data)
    {
        var parser = new XmlStreamParser((data[1] & 3) == 2 ? new XmlLimits { MaxStanzaBytes = 300, MaxDepth = 3, MaxAttributes = 4, MaxNamespaceDeclarations = 3 } : XmlLimits.Authenticated);
        var buffer = new ReadOnlySequence<byte>(data[2..].ToArray());
        var elements = 0;
        while (true)
        {
            switch (parser.Parse(ref buffer))
            {
                case XmlParseStatus.Element:
                    elements++;
                    break;
                case XmlParseStatus.StreamOpened:
                case XmlParseStatus.StreamClosed:
                    break;
                case XmlParseStatus.Error:
                    return $"{parser.Error!.Kind} {parser.Error.Message} {Math.Min(elements, 3)}";
                default:
                    return $"more {Math.Min(elements, 3)} {Math.Min(buffer.Length, 3)} {(parser.Header is null ? 0 : 1)}";
            }
        }
    }
}

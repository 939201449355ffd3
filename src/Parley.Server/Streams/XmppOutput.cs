using System.IO.Pipelines;
using Parley.Protocol;
using Parley.Xml;

namespace Parley.Server.Streams;

/// <summary>
/// Serializes straight into the output pipe (DESIGN §3.11). Elements of the streams namespace (features, error)
/// are written with the stream: prefix that the header declares, as every deployed client expects.
/// </summary>
internal static class XmppOutput
{
    public static void Write(PipeWriter output, Element element, string contentNamespace)
    {
        if (element.Namespace != Namespaces.Streams)
        {
            XmlSerializer.Write(element, output, contentNamespace);
            return;
        }
        WriteAscii(output, "<stream:" + element.Name + ">");
        foreach (var child in element.Elements())
            XmlSerializer.Write(child, output, contentNamespace);
        WriteAscii(output, "</stream:" + element.Name + ">");
    }

    public static void WriteAscii(PipeWriter output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
            span[i] = (byte)text[i];
        output.Advance(text.Length);
    }
}

using System.Buffers;
using BenchmarkDotNet.Attributes;
using Parley.Xml;

namespace Parley.Micro;

/// <summary>XmlSerializer writing parsed stanzas of the mix into a reused buffer, as the write loop does.</summary>
[MemoryDiagnoser]
public class SerializerBenchmarks : IHasBytesPerOperation
{
    private Element _chat = null!;
    private Element[] _mix = [];
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        var parser = new XmlStreamParser(XmlLimits.Authenticated);
        var (header, body, _) = Micro.StanzaMix.Build(1);
        var seq = new ReadOnlySequence<byte>([.. header, .. body]);
        var list = new List<Element>();
        while (true)
        {
            var status = parser.Parse(ref seq);
            if (status == XmlParseStatus.Element)
                list.Add(parser.Element!);
            else if (status != XmlParseStatus.StreamOpened)
                break;
        }
        _mix = [.. list];
        _chat = _mix[1];
    }

    [Benchmark]
    public int ChatMessage()
    {
        _output.ResetWrittenCount();
        XmlSerializer.Write(_chat, _output, "jabber:client");
        return _output.WrittenCount;
    }

    [Benchmark]
    public int StanzaMix()
    {
        _output.ResetWrittenCount();
        foreach (var e in _mix)
            XmlSerializer.Write(e, _output, "jabber:client");
        return _output.WrittenCount;
    }

    public long BytesPerOperation(string method)
    {
        Setup();
        var output = new ArrayBufferWriter<byte>();
        foreach (var e in method == nameof(ChatMessage) ? [_chat] : _mix)
            XmlSerializer.Write(e, output, "jabber:client");
        return output.WrittenCount;
    }
}

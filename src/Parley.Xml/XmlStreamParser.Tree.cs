using System.Buffers;
using System.Collections.Immutable;

namespace Parley.Xml;

// Namespace resolution (Namespaces in XML 1.0) and the element tree of the stanza being received.
public sealed partial class XmlStreamParser
{
    private struct Frame
    {
        public string Prefix;
        public string Local;
        public string Namespace;
        public ImmutableArray<XmlAttribute> Attributes;
        public int FirstNode;
        public int FirstBinding;
    }

    private struct Binding
    {
        public string Prefix; // "" for the default namespace
        public string Uri;
    }

    // The stream element's frame and namespace declarations live as long as the stream. The stacks below them
    // hold only what a stanza in progress needs: rented from the pool on first use and returned when the stanza
    // completes (ReturnStacks), so a connection between stanzas holds none of them.
    private Frame _streamFrame;
    private Binding[] _streamBindings = [];
    private Frame[] _frames = []; // depth d >= 1 at _frames[d - 1]
    private int _open; // elements open, the stream element included
    private Binding[] _bindings = [];
    private int _bindingCount;
    private Node[] _nodes = [];
    private int _nodeCount;
    private XmlAttribute[] _attributes = [];

    // Pooled scratch, held only while a stanza is in progress (see ReleaseScratch).
    private byte[]? _bytes;
    private char[] _chars = [];
    private char[] _text = [];
    private int _textLength;

    private XmlParseStatus StartElement(Span<char> c, int nameEnd, int colon, Span<RawAttribute> raw, bool empty)
    {
        // Depth counts below the stream element: a stanza is at depth 1.
        if (_open > Limits.MaxDepth)
            return Fail(XmlErrorKind.PolicyViolation, "Elements nested too deeply.");
        if (_open <= 1)
            _namespaceDeclarations = 0;
        FlushText();

        // Namespaces in XML 1.0 §3: the declarations on an element apply to its own name and attributes,
        // so they are bound first.
        var firstBinding = _bindingCount;
        string? declaredDefault = null;
        for (var k = 0; k < raw.Length; k++)
        {
            var qname = c.Slice(raw[k].Name, raw[k].NameLength);
            for (var m = 0; m < k; m++)
            {
                if (c.Slice(raw[m].Name, raw[m].NameLength).SequenceEqual(qname))
                    return Fail(XmlErrorKind.NotWellFormed, "Duplicate attribute.");
            }
            if (!IsDeclaration(qname, Split(raw[k]), out var declared))
                continue;
            var value = c.Slice(raw[k].Value, raw[k].ValueLength);
            // §3 constraints: xmlns is never declared; xml only to its own namespace, which no other prefix
            // (nor the default) may take; nor the xmlns namespace; and 1.0 has no undeclaring of a prefix.
            var isXml = declared.SequenceEqual("xml");
            if (declared.SequenceEqual("xmlns") || isXml != value.SequenceEqual(Element.XmlNamespace)
                || value.SequenceEqual(XmlChars.XmlnsNamespace) || (value.IsEmpty && !declared.IsEmpty))
                return Fail(XmlErrorKind.NotWellFormed, "Illegal namespace declaration.");
            if (++_namespaceDeclarations > Limits.MaxNamespaceDeclarations)
                return Fail(XmlErrorKind.PolicyViolation, "Too many namespace declarations.");
            var uri = _names.Get(value);
            if (declared.IsEmpty)
                declaredDefault = uri;
            if (!isXml)
                Bind(_names.Get(declared), uri);
        }

        var prefix = colon < 0 ? ReadOnlySpan<char>.Empty : c[1..colon];
        var ns = prefix.SequenceEqual("xmlns") ? null : Resolve(prefix);
        if (ns is null)
            return Fail(XmlErrorKind.NotWellFormed, "Undeclared namespace prefix.");
        var local = _names.Get(c[(colon < 0 ? 1 : colon + 1)..nameEnd]);

        var count = 0;
        for (var k = 0; k < raw.Length; k++)
        {
            var a = raw[k];
            var qname = c.Slice(a.Name, a.NameLength);
            var split = Split(a);
            if (IsDeclaration(qname, split, out _))
                continue;
            var attributeNs = split < 0 ? "" : Resolve(qname[..split]);
            if (attributeNs is null)
                return Fail(XmlErrorKind.NotWellFormed, "Undeclared namespace prefix.");
            var name = _names.Get(qname[(split + 1)..]);
            // §6.3: no two attributes with the same local name and namespace, whatever their prefixes.
            for (var m = 0; m < count; m++)
            {
                if (_attributes[m].Name == name && _attributes[m].Namespace == attributeNs)
                    return Fail(XmlErrorKind.NotWellFormed, "Duplicate attribute.");
            }
            if (count == _attributes.Length)
                Grow(ref _attributes, 8);
            _attributes[count++] = new XmlAttribute(name, NameTable.GetValue(c.Slice(a.Value, a.ValueLength)), attributeNs);
        }
        ImmutableArray<XmlAttribute> attributes = count == 0 ? [] : ImmutableArray.Create(_attributes.AsSpan(0, count));
        Array.Clear(_attributes, 0, count);

        if (_open == 0)
            return OpenStream(prefix, local, ns, attributes, declaredDefault, empty);
        if (_open - 1 == _frames.Length)
            Grow(ref _frames, 8);
        _frames[_open++ - 1] = new Frame
        {
            Prefix = _names.Get(prefix), Local = local, Namespace = ns, Attributes = attributes,
            FirstNode = _nodeCount, FirstBinding = firstBinding,
        };
        _state = State.InStanza;
        return empty ? CloseElement() : Continue;
    }

    /// <summary>Index of the colon within the attribute's name, or -1.</summary>
    private static int Split(RawAttribute a) => a.Colon < 0 ? -1 : a.Colon - a.Name;

    private static bool IsDeclaration(ReadOnlySpan<char> qname, int split, out ReadOnlySpan<char> declaredPrefix)
    {
        declaredPrefix = split < 0 ? ReadOnlySpan<char>.Empty : qname[(split + 1)..];
        return split < 0 ? qname.SequenceEqual("xmlns") : qname[..split].SequenceEqual("xmlns");
    }

    /// <summary>RFC 6120 §4.2: the root is the stream element, whatever its prefix.</summary>
    private XmlParseStatus OpenStream(ReadOnlySpan<char> prefix, string local, string ns,
        ImmutableArray<XmlAttribute> attributes, string? declaredDefault, bool empty)
    {
        // RFC 6120 §4.9.3.10: a stream element in another namespace is invalid-namespace; any other root is bad-format.
        if (local == "stream" && ns != XmlSerializer.StreamNamespace)
            return Fail(XmlErrorKind.InvalidNamespace, "The stream element is not in http://etherx.jabber.org/streams.");
        if (ns != XmlSerializer.StreamNamespace || local != "stream")
            return Fail(XmlErrorKind.BadFormat, "The root element is not stream:stream.");
        _streamFrame = new Frame { Prefix = _names.Get(prefix), Local = local, Namespace = ns, Attributes = [] };
        _open = 1;
        // The header's declarations stay for the whole stream, in an array of their own.
        _streamBindings = _bindingCount == 0 ? [] : _bindings.AsSpan(0, _bindingCount).ToArray();
        Array.Clear(_bindings, 0, _bindingCount);
        _bindingCount = 0;
        Header = new Element(local, ns, attributes);
        DefaultNamespace = declaredDefault ?? "";
        _state = State.InStream;
        _stanzaBytes = 0;
        _pendingClose = empty;
        ReleaseScratch();
        return XmlParseStatus.StreamOpened;
    }

    private XmlParseStatus EndElement(ReadOnlySpan<char> qname)
    {
        if (_open == 0)
            return Fail(XmlErrorKind.NotWellFormed, "End tag without a start tag.");
        // XML 1.0 §3 element type match: the end tag repeats the start tag's name, prefix included.
        ref var f = ref _open == 1 ? ref _streamFrame : ref _frames[_open - 2];
        var matches = f.Prefix.Length == 0
            ? qname.SequenceEqual(f.Local)
            : qname.Length == f.Prefix.Length + 1 + f.Local.Length && qname.StartsWith(f.Prefix)
              && qname[f.Prefix.Length] == ':' && qname.EndsWith(f.Local);
        if (!matches)
            return Fail(XmlErrorKind.NotWellFormed, "End tag does not match the start tag.");
        if (_open > 1)
            return CloseElement();
        ClearTree();
        _state = State.Closed;
        return XmlParseStatus.StreamClosed;
    }

    private XmlParseStatus CloseElement()
    {
        FlushText();
        ref var f = ref _frames[_open - 2];
        var count = _nodeCount - f.FirstNode;
        ImmutableArray<Node> nodes = count == 0 ? [] : ImmutableArray.Create(_nodes.AsSpan(f.FirstNode, count));
        Array.Clear(_nodes, f.FirstNode, count);
        _nodeCount = f.FirstNode;
        Array.Clear(_bindings, f.FirstBinding, _bindingCount - f.FirstBinding);
        _bindingCount = f.FirstBinding;
        var element = new Element(f.Local, f.Namespace, f.Attributes, nodes);
        f = default;
        _open--;
        if (_open > 1)
        {
            AddNode(element);
            return Continue;
        }
        Element = element;
        _state = State.InStream;
        _stanzaBytes = 0;
        ReleaseScratch();
        return XmlParseStatus.Element;
    }

    private void Bind(string prefix, string uri)
    {
        if (_bindingCount == _bindings.Length)
            Grow(ref _bindings, 8);
        _bindings[_bindingCount++] = new Binding { Prefix = prefix, Uri = uri };
    }

    private string? Resolve(ReadOnlySpan<char> prefix)
    {
        if (prefix.SequenceEqual("xml"))
            return Element.XmlNamespace;
        for (var k = _bindingCount - 1; k >= 0; k--)
        {
            if (prefix.SequenceEqual(_bindings[k].Prefix))
                return _bindings[k].Uri;
        }
        for (var k = _streamBindings.Length - 1; k >= 0; k--)
        {
            if (prefix.SequenceEqual(_streamBindings[k].Prefix))
                return _streamBindings[k].Uri;
        }
        return prefix.IsEmpty ? "" : null;
    }

    private void FlushText()
    {
        if (_textLength == 0)
            return;
        AddNode(new Text(new string(_text, 0, _textLength)));
        _textLength = 0;
    }

    private void AddNode(Node node)
    {
        if (_nodeCount == _nodes.Length)
            Grow(ref _nodes, 16);
        _nodes[_nodeCount++] = node;
    }

    private void EnsureChars(int length)
    {
        if (_chars.Length >= length)
            return;
        if (_chars.Length > 0)
            ArrayPool<char>.Shared.Return(_chars);
        _chars = ArrayPool<char>.Shared.Rent(Math.Max(length, 256));
    }

    private void EnsureText(int length)
    {
        if (_text.Length >= length)
            return;
        var grown = ArrayPool<char>.Shared.Rent(Math.Max(length, Math.Max(256, _text.Length * 2)));
        _text.AsSpan(0, _textLength).CopyTo(grown);
        if (_text.Length > 0)
            ArrayPool<char>.Shared.Return(_text);
        _text = grown;
    }

    /// <summary>§7 of the design: a connection between stanzas holds no buffer, so scratch goes back to the pool.</summary>
    private void ReleaseScratch()
    {
        if (_bytes is not null)
            ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = null;
        if (_chars.Length > 0)
            ArrayPool<char>.Shared.Return(_chars);
        _chars = [];
        if (_text.Length > 0)
            ArrayPool<char>.Shared.Return(_text);
        _text = [];
        _textLength = 0;
        ReturnStacks();
    }

    /// <summary>
    /// The stanza stacks back to the pool, cleared of references: called where ReleaseScratch is, so between
    /// stanzas (nothing in them then) and when the tree is dropped.
    /// </summary>
    private void ReturnStacks()
    {
        Return(ref _frames, Math.Max(_open - 1, 0));
        Return(ref _bindings, _bindingCount);
        _bindingCount = 0;
        Return(ref _nodes, _nodeCount);
        _nodeCount = 0;
        Return(ref _attributes, _attributes.Length);
        Return(ref _raw, 0);
    }

    private static void Grow<T>(ref T[] array, int minimum)
    {
        var grown = ArrayPool<T>.Shared.Rent(Math.Max(minimum, array.Length * 2));
        array.CopyTo(grown, 0);
        Return(ref array, array.Length);
        array = grown;
    }

    private static void Return<T>(ref T[] array, int used)
    {
        if (array.Length == 0)
            return;
        Array.Clear(array, 0, used);
        ArrayPool<T>.Shared.Return(array);
        array = [];
    }

    private void ClearTree()
    {
        ReturnStacks();
        _streamFrame = default;
        _streamBindings = [];
        _open = 0;
    }
}

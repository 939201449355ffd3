using System.Text;

namespace Parley.Xml.Fuzz;

/// <summary>Starting inputs and a dictionary of XML/XMPP tokens for the mutation loop.</summary>
internal static class Seeds
{
    private const string Header =
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>";

    public static readonly string[] Documents =
    [
        "<?xml version='1.0'?>" + Header + "<message to='juliet@example.org' type='chat' xml:lang='en'><body>Hi &amp; bye</body></message></stream:stream>",
        Header + " <iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>\n<presence/>",
        "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + Header + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
        Header + "<m xmlns:p='urn:p' p:a='1' b=\"x'y\" c='&#x1F600;&#65;&lt;'>t<![CDATA[<c>]]>\r\n<p:n xmlns=''/></m>",
        Header + "<m><b a='1\t2\r\n3'>é名\U0001F600</b></m><!-- c -->",
        "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>",
        Header + "<xml:m xmlns:q='urn:q' q:x='&#9;'><q:y/></xml:m></stream:stream>",
        "<?xml version='1.0' encoding='ISO-8859-1'?>" + Header,
        Header + "<a><b><c><d><e/></d></c></b></a>",
    ];

    public static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "<", ">", "/>", "</", "'", "\"", "=", ":", " ", "\t", "\r\n", "\r", "\n", "&", ";", "&amp;", "&lt;", "&#", "&#x",
            "&#0;", "&#x10FFFF;", "&#xD800;", "&#xFFFE;", "&nbsp;", "<![CDATA[", "]]>", "]]", "<!--", "-->", "<?", "?>",
            "<!DOCTYPE x>", "<?xml version='1.0'?>", "xmlns", "xmlns:", "xmlns=''", "xml:lang='en'", "xmlns:xml",
            "stream:stream", "</stream:stream>", "http://etherx.jabber.org/streams", "jabber:client",
            "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/", "a", "p:", "é", "名", "\U0001F600",
            "\u00B7", "\u0300", "\u0132", "\uFEFF", "\uFFFD", "<m>", "</m>", "<m/>", "<p:m xmlns:p='u'>",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0x00], [0x01],
        [0xEF, 0xBF, 0xBF], [0xFE, 0xFF],
    ];
}

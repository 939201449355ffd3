using System.Text;

namespace Parley.Micro;

/// <summary>
/// What a busy client stream carries, in proportions seen on real servers: mostly short chat messages (some with
/// receipts, chat states, delay and markup), presence with entity capabilities, roster and ping IQs, keepalives.
/// </summary>
internal static class StanzaMix
{
    public const string Header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>";

    public static readonly string[] Stanzas =
    [
        "<message to='juliet@example.org/balcony' type='chat' id='m1'><body>Wherefore art thou, Romeo?</body></message>",
        "<message to='juliet@example.org' type='chat' id='m2'><body>Art thou not Romeo, and a Montague? &amp; more &lt;3</body><active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/></message>",
        "<message to='romeo@example.net/orchard' type='chat' id='m3'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
        "<message to='romeo@example.net' type='chat' id='m4'><received xmlns='urn:xmpp:receipts' id='m2'/></message>",
        "<message to='nurse@example.org' type='chat' id='m5' xml:lang='en'><body>Ay me! 😀 Ünïcödé text too</body><delay xmlns='urn:xmpp:delay' from='example.org' stamp='2002-09-10T23:08:25Z'/><origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546014'/></message>",
        "<message to='juliet@example.org/balcony' type='chat' id='m6'><body>See the link</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p>See <a href='https://example.org/?a=1&amp;b=2'>the link</a></p></body></html></message>",
        "<presence><show>away</show><status>Gone to the orchard</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://gajim.org' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>",
        "<iq type='get' id='r1'><query xmlns='jabber:iq:roster' ver='ver14'/></iq>",
        "<iq type='get' id='p1' to='example.org'><ping xmlns='urn:xmpp:ping'/></iq>",
        "<iq type='result' id='disco1' to='example.org'/>",
        " ",
    ];

    /// <summary>The mix repeated to about <paramref name="targetBytes"/>, after the header.</summary>
    public static (byte[] Header, byte[] Body, int Elements) Build(int targetBytes)
    {
        var body = new StringBuilder();
        var elements = 0;
        while (Encoding.UTF8.GetByteCount(body.ToString()) < targetBytes)
        {
            foreach (var s in Stanzas)
            {
                body.Append(s);
                if (s.Trim().Length > 0)
                    elements++;
            }
        }
        return (Encoding.UTF8.GetBytes(Header), Encoding.UTF8.GetBytes(body.ToString()), elements);
    }
}

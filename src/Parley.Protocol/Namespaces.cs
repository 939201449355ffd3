namespace Parley.Protocol;

/// <summary>XML namespaces of the protocols Parley speaks, by the name the specifications use.</summary>
public static class Namespaces
{
    public const string Client = "jabber:client";
    public const string Server = "jabber:server";
    public const string Dialback = "jabber:server:dialback";
    public const string DialbackFeature = "urn:xmpp:features:dialback";
    public const string Streams = "http://etherx.jabber.org/streams";
    public const string StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    public const string StanzaErrors = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public const string Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    public const string Bind = "urn:ietf:params:xml:ns:xmpp-bind";
    public const string Session = "urn:ietf:params:xml:ns:xmpp-session";
    public const string SaslChannelBinding = "urn:xmpp:sasl-cb:0";
    public const string Ping = "urn:xmpp:ping";
    public const string DiscoInfo = "http://jabber.org/protocol/disco#info";
    public const string DiscoItems = "http://jabber.org/protocol/disco#items";
    public const string Version = "jabber:iq:version";
    public const string Time = "urn:xmpp:time";
    public const string Delay = "urn:xmpp:delay";
    public const string DataForms = "jabber:x:data";
    public const string VCardTemp = "vcard-temp";
    public const string PrivateStorage = "jabber:iq:private";
    public const string LastActivity = "jabber:iq:last";
    public const string Hints = "urn:xmpp:hints";
    public const string Roster = "jabber:iq:roster";
    public const string RosterVersioning = "urn:xmpp:features:rosterver";
    public const string PreApproval = "urn:xmpp:features:pre-approval";
    public const string Blocking = "urn:xmpp:blocking";
    public const string BlockingErrors = "urn:xmpp:blocking:errors";

    /// <summary>The FORM_TYPE of server information in disco#info (XEP-0128, XEP-0157).</summary>
    public const string ServerInfo = "http://jabber.org/network/serverinfo";
}

namespace Parley.Xml;

/// <summary>Names, namespaces and attribute values common on XMPP streams, interned once per process.</summary>
internal static class WellKnownNames
{
    public static readonly string[] All =
    [
        // Namespaces (RFC 6120, RFC 6121 and the common XEPs).
        "http://etherx.jabber.org/streams", "jabber:client", "jabber:server", "jabber:component:accept",
        "http://www.w3.org/XML/1998/namespace", "urn:ietf:params:xml:ns:xmpp-tls",
        "urn:ietf:params:xml:ns:xmpp-sasl", "urn:ietf:params:xml:ns:xmpp-bind",
        "urn:ietf:params:xml:ns:xmpp-session", "urn:ietf:params:xml:ns:xmpp-stanzas",
        "urn:ietf:params:xml:ns:xmpp-streams", "jabber:iq:roster", "jabber:iq:private", "jabber:iq:register",
        "jabber:iq:version", "jabber:iq:last", "jabber:x:data", "jabber:x:conference", "jabber:x:oob",
        "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
        "http://jabber.org/protocol/caps", "http://jabber.org/protocol/muc", "http://jabber.org/protocol/muc#user",
        "http://jabber.org/protocol/muc#admin", "http://jabber.org/protocol/muc#owner",
        "http://jabber.org/protocol/pubsub", "http://jabber.org/protocol/pubsub#event",
        "http://jabber.org/protocol/pubsub#owner", "http://jabber.org/protocol/chatstates",
        "http://jabber.org/protocol/rsm", "http://jabber.org/protocol/address", "http://jabber.org/features/iq-register",
        "urn:xmpp:ping", "urn:xmpp:sm:3", "urn:xmpp:carbons:2", "urn:xmpp:forward:0", "urn:xmpp:delay",
        "urn:xmpp:mam:2", "urn:xmpp:sid:0", "urn:xmpp:receipts", "urn:xmpp:chat-markers:0", "urn:xmpp:csi:0",
        "urn:xmpp:blocking", "urn:xmpp:hints", "urn:xmpp:time", "urn:xmpp:push:0", "urn:xmpp:http:upload:0",
        "urn:xmpp:bookmarks:1", "urn:xmpp:avatar:data", "urn:xmpp:avatar:metadata", "urn:xmpp:features:rosterver",
        "urn:xmpp:features:pre-approval", "urn:xmpp:sasl:2", "urn:xmpp:bind:0", "urn:xmpp:message-correct:0",
        "urn:xmpp:reply:0", "urn:xmpp:reactions:0", "urn:xmpp:omemo:2", "eu.siacs.conversations.axolotl",
        "vcard-temp", "vcard-temp:x:update", "storage:bookmarks",

        // Element names.
        "stream", "features", "error", "message", "presence", "iq", "body", "subject", "thread", "show", "status",
        "priority", "query", "item", "items", "starttls", "proceed", "required", "optional", "auth", "mechanisms",
        "mechanism", "challenge", "response", "success", "failure", "abort", "bind", "resource", "jid", "session",
        "text", "identity", "feature", "ping", "enable", "enabled", "resume", "resumed", "r", "a", "sm", "c",
        "delay", "forwarded", "received", "sent", "private", "request", "displayed", "markable", "stanza-id",
        "origin-id", "active", "inactive", "composing", "paused", "gone", "x", "field", "value", "option", "title",
        "instructions", "reported", "group", "pubsub", "event", "publish", "retract", "blocklist", "block",
        "unblock", "result", "fin", "set", "first", "last", "count", "before", "after", "max", "index", "no-store",
        "store", "no-copy", "vCard", "photo", "replace", "reactions", "reaction", "encrypted", "header", "key",
        "payload", "slot", "put", "get", "storage", "conference", "nick", "password", "destroy", "invite", "decline",
        "reason", "actor", "continue", "affiliation", "role", "bad-request", "conflict", "feature-not-implemented",
        "forbidden", "item-not-found", "not-allowed", "not-authorized", "recipient-unavailable", "remote-server-not-found",
        "service-unavailable", "internal-server-error", "policy-violation", "resource-constraint",

        // Attribute names.
        "to", "from", "id", "type", "lang", "version", "xmlns", "name", "node", "category", "var", "label",
        "subscription", "ask", "approved", "hash", "ver", "stamp", "by", "code", "h", "previd", "location",
        "xml", "stream", "action", "jid", "nick", "role", "affiliation", "queryid", "filename", "size",
        "content-type", "sid", "rid", "ack", "xmlns:stream", "with", "start", "end",

        // Attribute values.
        "get", "set", "result", "error", "chat", "groupchat", "normal", "headline", "available", "unavailable",
        "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "none", "both", "remove", "cancel",
        "modify", "wait", "away", "xa", "dnd", "true", "false", "1.0", "en", "submit", "form", "text-single",
        "text-private", "list-single", "list-multi", "boolean", "hidden", "fixed", "jid-single", "jid-multi",
        "sha-1", "sha-256", "http://www.w3.org/2000/xmlns/",
    ];
}

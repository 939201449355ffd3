"""Parley interop client on aioxmpp (Debian python3-aioxmpp 0.13.3-1); the line protocol is in interop_cli.py.

What aioxmpp 0.13.3 offers and lacks, as used here:
- TLS goes through pyOpenSSL (aioopenssl); the CA is trusted by an ssl_context_factory that loads the CA file into
  the OpenSSL context, and PKIXCertificateVerifier still does the chain and hostname checks (no no-verify shortcut);
- the SASL mechanism is forced by a provider whose SCRAM class knows one hash only (PasswordSASLProvider would pick
  the strongest SCRAM itself and retry three times on failure);
- direct TLS (XEP-0368) is XMPPOverTLSConnector, STARTTLS is STARTTLSConnector, both through override_peer;
- a refused bind ends the client with StreamNegotiationFailure, whose context is the XMPPError of the bind reply;
- VCardService.get_vcard() raises the XMPPError of an error reply, except feature-not-implemented and item-not-found,
  which it turns into an empty VCard; VCard offers its child elements as an lxml tree (no FN or NICKNAME API).
"""

import asyncio
import logging
import sys

import aiosasl
import lxml.etree
import aioxmpp
import aioxmpp.blocking.xso
import aioxmpp.connector
import aioxmpp.dispatcher
import aioxmpp.errors
import aioxmpp.misc  # XEP-0203: gives Message its xep0203_delay
import aioxmpp.node
import aioxmpp.roster.xso
import aioxmpp.sasl
import aioxmpp.security_layer
import aioxmpp.vcard
import aioxmpp.vcard.xso

from interop_cli import emit, parse_arguments, parse_command, run, stdin_lines


async def no_discovered_connectors(*_args, **_kwargs):
    return []


# When override_peer fails, aioxmpp falls back to SRV discovery and then to <domain>:5222. On a shared test machine
# that can be someone else's server; connect only where the test says.
aioxmpp.node.discover_connectors = no_discovered_connectors


def scram_limited_to(mechanism):
    if not mechanism.startswith("SCRAM-") or mechanism.endswith("-PLUS"):
        raise ValueError(f"this script forces a SCRAM mechanism without channel binding, not {mechanism}")
    hash_name = mechanism[len("SCRAM-"):]

    class LimitedScram(aiosasl.SCRAM):
        _supported_hashalgos = {hash_name: aiosasl.SCRAM._supported_hashalgos[hash_name]}

    return LimitedScram


class SingleMechanismProvider(aioxmpp.security_layer.SASLProvider):
    """One attempt with one mechanism; records what was used, and over which TLS version."""

    def __init__(self, mechanism, password):
        self._class = scram_limited_to(mechanism)
        self._password = password
        self.used = None
        self.tls = None

    async def execute(self, client_jid, features, xmlstream, tls_transport):
        self.tls = tls_version(tls_transport)
        mechanism_class, token = self._find_supported(features, [self._class])
        if mechanism_class is None:
            return False

        async def credentials():
            return client_jid.localpart, self._password

        self.used = token[0]
        return await self._execute(aioxmpp.sasl.SASLXMPPInterface(xmlstream), mechanism_class(credentials), token)


class LibraryChoiceProvider(aioxmpp.security_layer.PasswordSASLProvider):
    """aioxmpp's own password provider (its choice of SCRAM, then PLAIN), recording what it used."""

    def __init__(self, password):
        async def password_provider(_jid, _attempt):
            return password

        super().__init__(password_provider)
        self.used = None
        self.tls = None

    async def execute(self, client_jid, features, xmlstream, tls_transport):
        self.tls = tls_version(tls_transport)
        return await super().execute(client_jid, features, xmlstream, tls_transport)

    async def _execute(self, intf, mechanism, token):
        self.used = token[0] if isinstance(token, tuple) else str(token)
        return await super()._execute(intf, mechanism, token)


def tls_version(tls_transport):
    return tls_transport.get_extra_info("ssl_object").get_protocol_version_name() if tls_transport else None


def ssl_context_trusting(ca_file):
    def factory():
        context = aioxmpp.security_layer.default_ssl_context()
        context.load_verify_locations(ca_file)
        return context
    return factory


def vcard_field(parent, name, text=None):
    element = lxml.etree.SubElement(parent, lxml.etree.QName("vcard-temp", name))
    element.text = text
    return element


def vcard_text(elements, path):
    """The text at path ("FN", "N/{vcard-temp}GIVEN") below <vCard/>, or None."""
    return (elements.findtext("{vcard-temp}" + path) or None) if elements is not None else None


def condition_name(condition):
    # aioxmpp 0.13 conditions are enums whose value is (namespace, local name).
    value = getattr(condition, "value", condition)
    return value[1] if isinstance(value, tuple) else str(value)


class Session:
    def __init__(self, args):
        self.provider = (LibraryChoiceProvider(args.password) if args.mechanism == "auto"
                         else SingleMechanismProvider(args.mechanism, args.password))
        layer = aioxmpp.security_layer.SecurityLayer(
            ssl_context_trusting(args.ca), aioxmpp.security_layer.PKIXCertificateVerifier, True, (self.provider,))
        connector = (aioxmpp.connector.XMPPOverTLSConnector() if args.tls == "direct"
                     else aioxmpp.connector.STARTTLSConnector())
        self.client = aioxmpp.Client(
            aioxmpp.JID.fromstr(args.jid), layer,
            override_peer=[(args.host, args.port, connector)], max_initial_attempts=1)
        loop = asyncio.get_running_loop()
        self.outcome = loop.create_future()
        self.gone = loop.create_future()
        self.kicked = False
        self.client.on_stream_established.connect(self._on_established)
        self.client.on_stream_suspended.connect(self._on_suspended)
        self.client.on_failure.connect(self._on_failure)
        self.client.on_stopped.connect(self._on_stopped)
        dispatcher = self.client.summon(aioxmpp.dispatcher.SimpleMessageDispatcher)
        dispatcher.register_callback(aioxmpp.MessageType.CHAT, None, self._on_message)
        dispatcher.register_callback(aioxmpp.MessageType.ERROR, None, self._on_message_error)
        # The roster service asks for the roster before the stream counts as established (so this resource gets
        # pushes, RFC 6121 §2.1.6); the blocking service asks for the blocklist when the server offers it.
        self.roster = self.client.summon(aioxmpp.RosterClient)
        self.roster.on_subscribe.connect(lambda stanza: emit("subscribe", **{"from": str(stanza.from_.bare())}))
        self.roster.on_subscribed.connect(lambda stanza: emit("subscribed", **{"from": str(stanza.from_.bare())}))
        self.blocking = self.client.summon(aioxmpp.BlockingClient)
        self.vcard = self.client.summon(aioxmpp.vcard.VCardService)
        presence = self.client.summon(aioxmpp.PresenceClient)
        presence.on_available.connect(lambda jid, stanza: self._on_presence(jid, stanza, "available"))
        presence.on_changed.connect(lambda jid, stanza: self._on_presence(jid, stanza, "available"))
        presence.on_unavailable.connect(lambda jid, stanza: self._on_presence(jid, stanza, "unavailable"))

    def _settle(self, outcome):
        if not self.outcome.done():
            self.outcome.set_result(outcome)

    def _end(self):
        if not self.gone.done():
            self.gone.set_result(None)

    def _on_established(self):
        self._settle("bound")

    def _report_stream_error(self, error):
        if not self.kicked:
            self.kicked = True
            emit("stream-error", condition=condition_name(error.condition), text=error.text)
        self._settle("stream-error")

    def _on_suspended(self, reason):
        # Any stream error, also those after which aioxmpp would reconnect: the test wants to see it, not a retry.
        # A dropped connection ends the session too, instead of a reconnect behind the test's back.
        if isinstance(reason, aioxmpp.errors.StreamError):
            self._report_stream_error(reason)
        self.client.stop()

    def _on_failure(self, error):
        if isinstance(error, aiosasl.AuthenticationFailure):
            emit("auth-failed", condition=error.opaque_error)
            self._settle("auth-failed")
        elif isinstance(error, aioxmpp.errors.StreamError):
            self._report_stream_error(error)
        elif (isinstance(error, aioxmpp.errors.StreamNegotiationFailure)
              and isinstance(error.__context__, aioxmpp.errors.XMPPError)):
            # node.Client._bind raises StreamNegotiationFailure while handling the bind reply's XMPPError.
            emit("bind-failed", condition=condition_name(error.__context__.condition))
            self._settle("bind-failed")
        else:
            emit("error", message=f"{type(error).__name__}: {error}")
            self._settle("failed")
        self._end()

    def _on_stopped(self):
        self._settle("stopped")
        self._end()

    def _on_presence(self, jid, stanza, kind):
        if jid.bare() == self.client.local_jid.bare():
            return
        show = stanza.show.value if kind == "available" else None
        emit("presence", **{"from": str(jid), "type": kind, "show": show, "status": stanza.status.any() if stanza.status else None})

    def _on_message_error(self, message):
        emit("message-error", **{"from": str(message.from_),
                                 "condition": condition_name(message.error.condition) if message.error else None})

    async def roster_get(self):
        result = await self.client.send(aioxmpp.IQ(type_=aioxmpp.IQType.GET, payload=aioxmpp.roster.xso.Query()))
        items = [{"jid": str(i.jid), "name": i.name, "subscription": i.subscription, "ask": i.ask,
                  "groups": sorted(g.name for g in i.groups)} for i in result.items]
        emit("roster", items=items)

    async def blocklist(self):
        result = await self.client.send(aioxmpp.IQ(type_=aioxmpp.IQType.GET, payload=aioxmpp.blocking.xso.BlockList()))
        emit("blocklist", jids=sorted(str(j) for j in result.items))

    async def vcard_set(self, nickname, given, family, fn):
        vcard = aioxmpp.vcard.xso.VCard()
        vcard_field(vcard.elements, "FN", fn)
        name = vcard_field(vcard.elements, "N")
        vcard_field(name, "FAMILY", family)
        vcard_field(name, "GIVEN", given)
        vcard_field(vcard.elements, "NICKNAME", nickname)
        await self.vcard.set_vcard(vcard)
        emit("vcard-set", jid=str(self.client.local_jid.bare()))

    async def vcard_get(self, jid):
        asked = None if jid == "-" else jid
        try:
            vcard = await self.vcard.get_vcard(None if asked is None else aioxmpp.JID.fromstr(asked))
        except aioxmpp.errors.XMPPError as e:
            emit("vcard-error", jid=asked, condition=condition_name(e.condition), type=e.TYPE.value)
            return
        # An empty result (no <vCard/>) comes back as None.
        elements = vcard.elements if vcard is not None else None
        emit("vcard", jid=asked, payload=vcard is not None,
             fields=[lxml.etree.QName(child).localname for child in elements] if elements is not None else [],
             fn=vcard_text(elements, "FN"), nickname=vcard_text(elements, "NICKNAME"),
             given=vcard_text(elements, "N/{vcard-temp}GIVEN"), family=vcard_text(elements, "N/{vcard-temp}FAMILY"))

    def _on_message(self, message):
        delay = message.xep0203_delay[0] if message.xep0203_delay else None
        emit("message", **{"from": str(message.from_), "to": str(message.to),
                           "type": message.type_.value, "body": message.body.any() if message.body else None,
                           "delay_from": str(delay.from_) if delay is not None and delay.from_ else None,
                           "delay_stamp": delay.stamp.isoformat() if delay is not None else None})


async def follow_commands(session):
    async for text in stdin_lines():
        command = parse_command(text)
        if command[0] == "send":
            message = aioxmpp.Message(to=aioxmpp.JID.fromstr(command[1]), type_=aioxmpp.MessageType.CHAT)
            message.body[None] = command[2]
            await session.client.send(message)
            emit("sent", to=command[1], body=command[2])
        elif command[0] == "roster-get":
            await session.roster_get()
        elif command[0] == "roster-set":
            await session.roster.set_entry(aioxmpp.JID.fromstr(command[1]), name=command[2], add_to_groups={command[3]})
            emit("roster-set", jid=command[1])
        elif command[0] == "subscribe":
            session.roster.subscribe(aioxmpp.JID.fromstr(command[1]))
        elif command[0] == "approve":
            session.roster.approve(aioxmpp.JID.fromstr(command[1]))
        elif command[0] == "presence":
            presence = aioxmpp.Presence(type_=aioxmpp.PresenceType.AVAILABLE,
                                        show=aioxmpp.PresenceShow.NONE if command[1] == "-" else aioxmpp.PresenceShow(command[1]))
            presence.status[None] = command[2]
            await session.client.send(presence)
        elif command[0] == "block":
            await session.blocking.block_jids([aioxmpp.JID.fromstr(command[1])])
            emit("blocked", jid=command[1])
        elif command[0] == "unblock":
            await session.blocking.unblock_jids([aioxmpp.JID.fromstr(command[1])])
            emit("unblocked", jid=command[1])
        elif command[0] == "blocklist":
            await session.blocklist()
        elif command[0] == "vcard-set":
            await session.vcard_set(*command[1:])
        elif command[0] == "vcard-get":
            await session.vcard_get(command[1])
        elif command[0] == "quit":
            return
        else:
            emit("error", message=f"unknown command: {command[1]}")


async def close(session):
    session.client.stop()
    await asyncio.wait_for(asyncio.shield(session.gone), timeout=5)


async def main(args):
    session = Session(args)
    session.client.start()

    outcome = await session.outcome
    if outcome != "bound":
        session.client.stop()
        return outcome in ("auth-failed", "bind-failed", "stream-error")

    # Initial presence first, as real clients do; the server handles it before anything sent later.
    await session.client.send(aioxmpp.Presence(type_=aioxmpp.PresenceType.AVAILABLE))
    emit("bound", jid=str(session.client.local_jid), mechanism=session.provider.used, tls=session.provider.tls)

    if args.mode == "login":
        await close(session)
        return True

    commands = asyncio.ensure_future(follow_commands(session))
    done, _ = await asyncio.wait({commands, session.gone}, return_when=asyncio.FIRST_COMPLETED)
    if commands in done:
        commands.result()
        await close(session)
        emit("closed")
        return True
    commands.cancel()
    if not session.kicked:
        emit("error", message="the server closed the connection without a stream error")
    return session.kicked


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run(main, parse_arguments("aioxmpp"))

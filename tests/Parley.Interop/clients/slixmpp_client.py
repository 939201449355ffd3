"""Parley interop client on slixmpp (Debian python3-slixmpp 1.8.3-1); the line protocol is in interop_cli.py.

What slixmpp 1.8.3 offers and lacks, as used here:
- the SASL mechanism is forced with ClientXMPP(sasl_mech=...), which limits feature_mechanisms to that one;
  with a forced non-PLUS mechanism the script makes slixmpp declare no channel binding ("n"), see below;
- the CA is trusted with the ca_certs attribute (loaded into its ssl.SSLContext, hostname checked against the domain);
- direct TLS (XEP-0368) is connect(use_ssl=True) with STARTTLS disabled inside it;
- force_starttls is accepted but not enforced in 1.8.3, so the script reports the negotiated TLS version and the
  test asserts it instead of trusting the flag;
- a refused bind is not surfaced as an event (the IqError dies inside the feature handler), so an incoming filter
  watches for the IQ error that answers the bind request;
- xep_0054's get_vcard() without a JID (or with the full bound JID) answers from the plugin's own cache and sends
  nothing, so one's own vCard is asked for at one's bare JID.
"""

import asyncio
import logging
import sys
from pathlib import Path

import slixmpp
from slixmpp.exceptions import IqError

from interop_cli import emit, parse_arguments, parse_command, run, stdin_lines


class Client(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password, sasl_mech=None if args.mechanism == "auto" else args.mechanism)
        self.ca_certs = Path(args.ca)
        if args.mechanism != "auto" and not args.mechanism.endswith("-PLUS"):
            self._declare_no_channel_binding()
        loop = asyncio.get_running_loop()
        # The first definite outcome of logging in: "bound", "auth-failed", "bind-failed" or "stream-error".
        self.outcome = loop.create_future()
        self.gone = loop.create_future()
        self.kicked = False
        self.add_event_handler("session_start", self._on_session_start)
        self.add_event_handler("failed_auth", self._on_failed_attempt)
        self.add_event_handler("failed_all_auth", self._on_failed_auth)
        self.add_event_handler("stream_error", self._on_stream_error)
        self.add_event_handler("message", self._on_message)
        self.add_event_handler("message_error", self._on_message_error)
        self.add_event_handler("presence", self._on_presence)
        # Subscriptions are the test's to answer: no automatic approval, refusal or subscription back.
        self.auto_authorize = None
        self.auto_subscribe = False
        self.register_plugin("xep_0191")
        self.add_event_handler("disconnected", self._on_disconnected)
        self.add_event_handler("ssl_invalid_chain", self._on_invalid_chain)
        self.add_event_handler("connection_failed", self._on_connection_failed)
        self.add_filter("in", self._watch_bind_refusal)
        # XEP-0203 delayed delivery, for messages kept offline by the server.
        self.register_plugin("xep_0203")
        # XEP-0054 vcard-temp.
        self.register_plugin("xep_0054")

    def _declare_no_channel_binding(self):
        # slixmpp 1.8.3 sends gs2 flag "y" (RFC 5802 §6: "I support channel binding, you do not") whenever it has
        # tls-unique data, even for a non-PLUS mechanism the server advertised a -PLUS variant of; the server must then
        # fail the exchange as a downgrade. A client deliberately using SCRAM without channel binding says "n"
        # (XEP-0440 §3), which is what dropping the channel-binding credential makes slixmpp send.
        mechanisms = self["feature_mechanisms"]
        default_credentials = mechanisms.sasl_callback

        def credentials(required, optional):
            values = default_credentials(required, optional)
            values.pop("channel_binding", None)
            return values

        mechanisms.sasl_callback = credentials

    def _settle(self, outcome):
        if not self.outcome.done():
            self.outcome.set_result(outcome)

    def _on_session_start(self, _):
        # Initial presence first, as real clients do; the server handles it before anything sent later.
        self.send_presence()
        ssl_object = self.transport.get_extra_info("ssl_object") if self.transport else None
        emit("bound", jid=self.boundjid.full, mechanism=self["feature_mechanisms"].mech.name,
             tls=ssl_object.version() if ssl_object else None)
        self._settle("bound")

    def _on_failed_attempt(self, failure):
        # One mechanism refused; slixmpp goes on to its next one, so this is not yet the outcome.
        self._last_failure = failure["condition"]

    def _on_failed_auth(self, _):
        emit("auth-failed", condition=getattr(self, "_last_failure", "not-authorized"))
        self._settle("auth-failed")

    def _watch_bind_refusal(self, stanza):
        # Before a resource is bound the only IQ in flight is the bind request (RFC 6120 §7.6.2), so an IQ error
        # now is the bind refusal.
        if stanza.name == "iq" and stanza["type"] == "error" and self.authenticated and not self.bound:
            emit("bind-failed", condition=stanza["error"]["condition"])
            self._settle("bind-failed")
            self.disconnect()
        return stanza

    def _on_stream_error(self, error):
        self.kicked = True
        emit("stream-error", condition=error["condition"], text=error["text"] or None)
        self._settle("stream-error")

    def _on_message(self, message):
        if message["type"] == "error":
            return
        delay = message["delay"] if message.xml.find("{urn:xmpp:delay}delay") is not None else None
        stamp = delay["stamp"] if delay is not None else None
        emit("message", **{"from": str(message["from"]), "to": str(message["to"]),
                           "type": message["type"], "body": message["body"],
                           "delay_from": str(delay["from"]) if delay is not None else None,
                           "delay_stamp": stamp.isoformat() if stamp is not None else None})

    def _on_message_error(self, message):
        emit("message-error", **{"from": str(message["from"]), "condition": message["error"]["condition"]})

    def _on_presence(self, presence):
        # slixmpp gives the show value as the type of an available presence.
        kind = presence["type"]
        if kind in ("subscribe", "subscribed"):
            emit(kind, **{"from": str(presence["from"].bare)})
        elif presence["from"].bare == self.boundjid.bare:
            return
        elif kind == "unavailable":
            emit("presence", **{"from": str(presence["from"]), "type": "unavailable", "show": None,
                                "status": presence["status"] or None})
        elif kind == "available" or kind in presence.showtypes:
            emit("presence", **{"from": str(presence["from"]), "type": "available", "show": presence["show"] or None,
                                "status": presence["status"] or None})

    async def roster_get(self):
        iq = self.Iq()
        iq["type"] = "get"
        iq.enable("roster")
        result = await iq.send()
        items = [{"jid": str(jid), "name": item["name"] or None, "subscription": item["subscription"],
                  "ask": item["ask"] or None, "groups": sorted(item["groups"])}
                 for jid, item in result["roster"]["items"].items()]
        emit("roster", items=items)

    async def blocklist(self):
        result = await self.plugin["xep_0191"].get_blocked()
        emit("blocklist", jids=sorted(str(j) for j in result["blocklist"]["items"]))

    async def vcard_set(self, nickname, given, family, fn):
        vcard = self.plugin["xep_0054"].make_vcard()
        vcard["FN"] = fn
        vcard["N"]["FAMILY"] = family
        vcard["N"]["GIVEN"] = given
        vcard["NICKNAME"] = nickname
        await self.plugin["xep_0054"].publish_vcard(vcard)
        emit("vcard-set", jid=self.boundjid.bare)

    async def vcard_get(self, jid):
        asked = None if jid == "-" else jid
        try:
            result = await self.plugin["xep_0054"].get_vcard(self.boundjid.bare if asked is None else asked)
        except IqError as e:
            emit("vcard-error", jid=asked, condition=e.iq["error"]["condition"], type=e.iq["error"]["type"])
            return
        # Looked at before reading the fields: slixmpp's stanza interfaces create the elements they are asked for.
        payload = result.xml.find("{vcard-temp}vCard")
        fields = [child.tag.rpartition("}")[2] for child in payload] if payload is not None else []
        vcard = result["vcard_temp"]
        nicknames = vcard["NICKNAME"] if "NICKNAME" in fields else None
        name = vcard["N"] if "N" in fields else None
        emit("vcard", jid=asked, payload=payload is not None, fields=fields, fn=vcard["FN"] or None,
             nickname=",".join(nicknames) if nicknames else None,
             given=(name["GIVEN"] or None) if name is not None else None,
             family=(name["FAMILY"] or None) if name is not None else None)

    def _on_invalid_chain(self, e):
        emit("error", message=f"TLS: the server certificate is not trusted: {e}")
        self._settle("tls-failed")
        self.abort()

    def _on_connection_failed(self, error):
        # slixmpp would retry forever; the test wants the first failure.
        emit("error", message=f"cannot connect: {error}")
        self._settle("connection-failed")
        self._on_disconnected(error)

    def _on_disconnected(self, reason):
        self._settle("disconnected")
        if not self.gone.done():
            self.gone.set_result(reason)


async def follow_commands(client):
    async for text in stdin_lines():
        command = parse_command(text)
        if command[0] == "send":
            client.send_message(mto=command[1], mbody=command[2], mtype="chat")
            emit("sent", to=command[1], body=command[2])
        elif command[0] == "roster-get":
            await client.roster_get()
        elif command[0] == "roster-set":
            await client.update_roster(command[1], name=command[2], groups=[command[3]])
            emit("roster-set", jid=command[1])
        elif command[0] == "subscribe":
            client.send_presence(pto=command[1], ptype="subscribe")
        elif command[0] == "approve":
            client.send_presence(pto=command[1], ptype="subscribed")
        elif command[0] == "presence":
            client.send_presence(pshow=None if command[1] == "-" else command[1], pstatus=command[2])
        elif command[0] == "block":
            await client.plugin["xep_0191"].block([command[1]])
            emit("blocked", jid=command[1])
        elif command[0] == "unblock":
            await client.plugin["xep_0191"].unblock([command[1]])
            emit("unblocked", jid=command[1])
        elif command[0] == "blocklist":
            await client.blocklist()
        elif command[0] == "vcard-set":
            await client.vcard_set(*command[1:])
        elif command[0] == "vcard-get":
            await client.vcard_get(command[1])
        elif command[0] == "quit":
            return
        else:
            emit("error", message=f"unknown command: {command[1]}")


async def close(client):
    if not client.gone.done():
        client.disconnect()
        await asyncio.wait_for(asyncio.shield(client.gone), timeout=5)


async def main(args):
    client = Client(args)
    direct = args.tls == "direct"
    client.connect((args.host, args.port), use_ssl=direct, disable_starttls=direct)

    outcome = await client.outcome
    if outcome != "bound":
        await asyncio.wait_for(asyncio.shield(client.gone), timeout=5)
        if outcome == "disconnected":
            emit("error", message="the connection closed before any outcome")
        return outcome in ("auth-failed", "bind-failed", "stream-error")

    if args.mode == "login":
        await close(client)
        return True

    # As real clients do: the roster, which also makes this resource get roster pushes (RFC 6121 §2.1.6).
    await client.get_roster()
    commands = asyncio.ensure_future(follow_commands(client))
    done, _ = await asyncio.wait({commands, client.gone}, return_when=asyncio.FIRST_COMPLETED)
    if commands in done:
        await close(client)
        emit("closed")
        return True
    commands.cancel()
    if not client.kicked:
        emit("error", message="the server closed the connection without a stream error")
    return client.kicked


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run(main, parse_arguments("slixmpp"))

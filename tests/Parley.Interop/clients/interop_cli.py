"""Plumbing shared by the interop client scripts: arguments, JSON event lines, stdin commands, a hard time limit.

Every script speaks the same line protocol, so the C# tests drive both libraries alike.

  stdout: one JSON object per line. "event" names what happened:
    bound         {"jid", "mechanism", "tls"}   SASL succeeded and a resource was bound
    auth-failed   {"condition"}                 SASL refused the credentials; no session
    bind-failed   {"condition"}                 SASL succeeded, resource binding was refused
    message       {"from", "to", "type", "body", "delay_from", "delay_stamp"}
                                                delay_*: the XEP-0203 delay as the library parsed it (stamp in
                                                ISO 8601, UTC), or null when the message has none
    stream-error  {"condition"}                 the server ended the stream with an error
    sent          {"to", "body"}                a message was handed to the library for sending
    closed        {}                            the script closed its stream on request
    error         {"message"}                   anything unexpected; the exit code is then 1
    roster        {"items": [{"jid", "name", "subscription", "ask", "groups"}]}   the server's answer to a roster get
    roster-set    {"jid"}                       the server accepted a roster set
    presence      {"from", "type", "show", "status"}   presence of another account ("available" or "unavailable")
    subscribe     {"from"}                      a subscription request arrived
    subscribed    {"from"}                      a subscription request was approved
    blocklist     {"jids"}                      the server's answer to a blocklist get
    blocked       {"jid"} / unblocked {"jid"}   the server accepted a block / unblock
    message-error {"from", "condition"}         a message came back as an error
    vcard-set     {"jid"}                       the server accepted the account's own vCard (XEP-0054 §3.2)
    vcard         {"jid", "payload", "fields", "fn", "nickname", "given", "family"}
                                                the server's answer to a vCard get, as the library parsed it: jid
                                                is the one asked (null for one's own); payload says whether the
                                                result carried a <vCard/>; fields are the local names of its child
                                                elements in order; fn, nickname, N/GIVEN, N/FAMILY or null
    vcard-error   {"jid", "condition", "type"}  a vCard get came back as an error, as the library raised it
  stdin (session mode only), one command a line:
    send <jid> <body...>    send a chat message
    roster-get              ask the server for the roster
    roster-set <jid> <name> <group>   add or change a roster item with the library's roster API
    subscribe <jid>         ask for a subscription to the contact's presence (RFC 6121 §3.1)
    approve <jid>           approve the contact's subscription request
    presence <show> <status...>   broadcast presence; show is away, chat, dnd, xa or - for none
    block <jid> / unblock <jid> / blocklist   the blocking command (XEP-0191)
    vcard-set <nickname> <given> <family> <fn...>   publish one's own vCard (XEP-0054) with the library's API:
                            FN, NICKNAME and N with GIVEN and FAMILY
    vcard-get <jid>         fetch a vCard with the library's API: of that JID, or - for one's own the way the
                            library asks for it (aioxmpp: no 'to'; slixmpp, whose get_vcard() without a JID
                            only reads its local cache: to one's own bare JID)
    quit                    close the stream and exit (end of input means the same)

Exit code 0: the script reached a definite outcome (bound, refused, kicked, closed as asked).
Exit code 1: something else happened (an exception, a TLS failure, no outcome within --timeout).
"""

import argparse
import asyncio
import json
import os
import sys
import threading


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def parse_arguments(library):
    parser = argparse.ArgumentParser(description=f"Drive Parley with {library}; prints JSON event lines.")
    parser.add_argument("mode", choices=["login", "session"],
                        help="login: report the outcome of logging in, then close; "
                             "session: stay online and follow stdin commands")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls", choices=["starttls", "direct"], default="starttls",
                        help="STARTTLS (RFC 6120 §5) or direct TLS (XEP-0368)")
    parser.add_argument("--ca", required=True, help="PEM file of the CA to trust for the server certificate")
    parser.add_argument("--jid", required=True, help="full JID; its resource is the one requested at bind")
    parser.add_argument("--password", required=True)
    parser.add_argument("--mechanism", default="SCRAM-SHA-256",
                        help="the only SASL mechanism the client may use; 'auto' leaves the choice to the library")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before the script gives up")
    return parser.parse_args()


def start_watchdog(seconds):
    """Ends the process even when the event loop is stuck: a test must never hang on a client."""
    def expire():
        emit("error", message=f"no outcome within {seconds:g} s (watchdog)")
        os._exit(1)
    timer = threading.Timer(seconds + 5.0, expire)
    timer.daemon = True
    timer.start()


async def stdin_lines():
    """Yields stdin lines without blocking the event loop; ends at end of input."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        text = line.decode("utf-8").strip()
        if text:
            yield text


# How many arguments each command takes; the last one takes the rest of the line.
ARGUMENTS = {"send": 2, "quit": 0, "roster-get": 0, "roster-set": 3, "subscribe": 1, "approve": 1, "presence": 2,
             "block": 1, "unblock": 1, "blocklist": 0, "vcard-set": 4, "vcard-get": 1}


def parse_command(text):
    """'send <jid> <body>' -> ("send", jid, body); 'quit' -> ("quit",); anything else -> ("unknown", text)."""
    verb, _, rest = text.partition(" ")
    count = ARGUMENTS.get(verb)
    if count == 0 and not rest:
        return (verb,)
    if count:
        args = rest.split(" ", count - 1) if rest else []
        if len(args) == count and all(args):
            return (verb, *args)
    return ("unknown", text)


def run(main, args):
    """Runs main(args) under the time limit and turns every way of ending into an exit code."""
    start_watchdog(args.timeout)
    try:
        ok = asyncio.run(asyncio.wait_for(main(args), timeout=args.timeout))
    except asyncio.TimeoutError:
        emit("error", message=f"no outcome within {args.timeout:g} s")
        ok = False
    except Exception as e:  # the report names the exception; the test shows it
        emit("error", message=f"{type(e).__name__}: {e}")
        ok = False
    sys.stdout.flush()
    # os._exit: library threads or pending transports must not keep the process alive after the outcome.
    os._exit(0 if ok else 1)

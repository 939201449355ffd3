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
  stdin (session mode only), one command a line:
    send <jid> <body...>    send a chat message
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


def parse_command(text):
    """'send <jid> <body>' -> ("send", jid, body); 'quit' -> ("quit",); anything else -> ("unknown", text)."""
    verb, _, rest = text.partition(" ")
    if verb == "send":
        to, _, body = rest.partition(" ")
        if to and body:
            return ("send", to, body)
    if verb == "quit" and not rest:
        return ("quit",)
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

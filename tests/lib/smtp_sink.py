#!/usr/bin/python3
"""A real SMTP server for the end-to-end tests, from Debian's python3-aiosmtpd.

Every accepted message is written to DIR/NNNN.eml (the raw bytes) with its envelope in
DIR/NNNN.json ({mail_from, rcpt_tos, tls, user}); both appear atomically (write, then rename).
Options turn on STARTTLS (required), implicit TLS and AUTH LOGIN/PLAIN with one user.
Prints "ready PORT" once it accepts connections; stops on SIGTERM.

Run it with /usr/bin/python3: the package installs into Debian's Python, not into others on PATH.
"""
import argparse
import itertools
import json
import os
import signal
import ssl
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, implicit_tls):
        self.directory = directory
        self.implicit_tls = implicit_tls
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        base = os.path.join(self.directory, f"{n:04d}")
        user = None
        if isinstance(getattr(session, "auth_data", None), LoginPassword):
            user = session.auth_data.login.decode()
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "tls": self.implicit_tls or session.ssl is not None, "user": user}
        for suffix, data in ((".json", json.dumps(meta).encode()), (".eml", envelope.original_content)):
            with open(base + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + suffix + ".tmp", base + suffix)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--starttls", action="store_true", help="offer and require STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps)")
    parser.add_argument("--user", help="require AUTH as USER:PASSWORD")
    args = parser.parse_args()

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    kwargs = {"hostname": "127.0.0.1", "port": args.port}
    smtp = {}
    if args.starttls:
        smtp.update(tls_context=context, require_starttls=True)
    if args.implicit_tls:
        kwargs["ssl_context"] = context
    if args.user:
        login, password = args.user.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == login
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        # Over implicit TLS the connection is already encrypted; aiosmtpd only knows STARTTLS.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        smtp.update(authenticator=authenticator, auth_required=True,
                    auth_require_tls=not args.implicit_tls)

    controller = Controller(Sink(args.dir, args.implicit_tls), **kwargs, **smtp)
    controller.start()
    print(f"ready {args.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

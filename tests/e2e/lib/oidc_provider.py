#!/usr/bin/env python3
"""Starts the real OpenID Connect provider of tests/integration/test_oidc.py (LemonLDAP::NG behind
a private nginx, reached as auth.example.com) for a browser test, prints its settings as one JSON
line on stdout, and stops it when stdin closes or on SIGTERM.

Usage: oidc_provider.py REDIRECT_URI     (needs root: the portal runs as www-data)"""
import json
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "integration"))
from test_oidc import HOST, Provider  # noqa: E402


def main():
    # The FastCGI server takes a socket on fd 0 for its listener, and Node's pipes are sockets:
    # keep our stdin (the stop signal) on another descriptor and give the children /dev/null.
    watch = os.fdopen(os.dup(0), "rb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    p = Provider(sys.argv[1])
    signal.signal(signal.SIGTERM, lambda *_: (p.stop(), sys.exit(0)))
    try:
        discovery = p.start()
        print(json.dumps({"issuer": p.portal.rstrip("/"), "host": HOST, "port": p.port,
                          "authorization_endpoint": discovery["authorization_endpoint"],
                          "user": "citizen1", "password": "Citizen#2026",
                          "name": "Nguyễn Văn A", "id_number": "001099012345"}), flush=True)
        watch.read()  # until the test closes our stdin (or exits)
    finally:
        p.stop()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Through-HTTP half of bench/procedure_search: imports the full portal export into a fresh data
directory, starts `motcua serve --demo`, and sends the 1,000 queries written by
`bench_procedure_search --queries FILE` to GET /api/v1/procedures over one keep-alive connection,
one at a time. Prints p50/p99/max of the client-side latency in milliseconds.

Usage: http_bench.py BUILD_DIR QUERIES_FILE [procedures.jsonl]"""
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

build, queries_file = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
export = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    here, "..", "..", "..", "shared", "data", "procedures", "procedures.jsonl")
binary = os.path.join(build, "motcua")
queries = [q for q in open(queries_file, encoding="utf-8").read().splitlines() if q]
with tempfile.TemporaryDirectory(prefix="motcua-bench-http-") as d:
    env = dict(os.environ, MOTCUA_PASSWORD_HASH_MIB="8")
    r = subprocess.run([binary, "procedures", "import", "--data-dir", d, export], env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen([binary, "serve", "--demo", "--data-dir", d, "--listen",
                             f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/readyz")
                if c.getresponse().read() is not None:
                    break
            except OSError:
                time.sleep(0.05)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        ms = []
        for rnd in range(2):  # a warm-up pass, then the measured one
            ms = []
            for q in queries:
                path = "/api/v1/procedures?q=" + urllib.parse.quote(q)
                t = time.perf_counter()
                c.request("GET", path)
                resp = c.getresponse()
                resp.read()
                ms.append((time.perf_counter() - t) * 1000)
                assert resp.status == 200, (q, resp.status)
        ms.sort()
        print(f"through HTTP ({len(ms)} queries): mean {sum(ms) / len(ms):.3f} ms, "
              f"p50 {ms[len(ms) // 2]:.3f} ms, p99 {ms[len(ms) * 99 // 100]:.3f} ms, "
              f"max {ms[-1]:.3f} ms")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

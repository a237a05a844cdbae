#!/usr/bin/env python3
"""bench/lookup: public lookups (GET /api/v1/lookup/{code}) of random existing codes on a store
holding a million dossiers.

Same preparation as bench/intake (the cached data directory of BUILD/bench-data/, copied per run);
the server runs with MOTCUA_LOOKUP_PER_MINUTE=10000000 so the per-address limit (all clients share
127.0.0.1) does not throttle the benchmark. --connections closed-loop clients each pick a random
code among --sample codes drawn uniformly from the store. Prints lookups/s, p50/p99 latency, errors,
CPU of client, server and machine, and the server's peak RSS (VmHWM).

Usage: lookup.py [--build build] [--count 1000000] [--days 365] [--connections 64]
                 [--warmup 3] [--duration 10] [--sample 200000]"""
import os
import random
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http_load"))
import benchlib  # noqa: E402


def write_requests(db_path, path, sample):
    db = sqlite3.connect(db_path)
    lo, hi = db.execute("SELECT MIN(rowid), MAX(rowid) FROM dossiers").fetchone()
    rng = random.Random(7)
    ids = sorted({rng.randint(lo, hi) for _ in range(sample)})
    codes = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        codes += [r[0] for r in db.execute(
            f"SELECT code FROM dossiers WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)]
    db.close()
    rng.shuffle(codes)
    with open(path, "w") as f:
        for c in codes:
            f.write(f"GET\t/api/v1/lookup/{c}\n")
    return len(codes)


def main():
    ap = benchlib.arg_parser(__doc__)
    ap.add_argument("--sample", type=int, default=200_000)
    a = ap.parse_args()
    server_env = dict(kv.split("=", 1) for kv in a.server_env)
    build = os.path.abspath(a.build)
    machine = benchlib.machine_conditions()
    prepared, info = benchlib.prepare(build, a.count, a.days)
    d = benchlib.fresh_copy(prepared, "lookup")
    reqs = os.path.join(d, "lookup-requests.txt")
    n = write_requests(os.path.join(d, "motcua.db"), reqs, a.sample)
    pg = benchlib.engine_store(a, build, d)
    s = benchlib.Server(build, d, env={"MOTCUA_LOOKUP_PER_MINUTE": "10000000", **server_env,
                                       **(pg.env() if pg else {})}).start()
    try:
        s.settle()
        sampler = benchlib.RssSampler(s.proc.pid)
        res = benchlib.run_load(build, s.port, reqs, a.connections, a.warmup, a.duration,
                                s.proc.pid, random=True)
        rss_peak = sampler.stop()
        st = benchlib.proc_status(s.proc.pid)
    finally:
        s.stop()
        if pg:
            pg.stop()
    errors = res["non_2xx"] + res["conn_errors"] + res["timeouts"]
    rows = [
        ("store", f"{info['dossiers']:,} dossiers; {n:,} distinct codes asked at random"),
        ("clients (closed loop)", f"{a.connections}, warm-up {a.warmup:g} s, measured {a.duration:g} s"),
        ("lookups/s", f"{res['ok_rate']:,.0f}"),
        ("latency p50 / p90 / p99 / max ms",
         f"{res['p50_ms']:.2f} / {res['p90_ms']:.2f} / {res['p99_ms']:.2f} / {res['max_ms']:.2f}"),
        ("errors", f"{errors} (statuses {res['statuses']}, connection errors "
                   f"{res['conn_errors']}, timeouts {res['timeouts']})"),
        ("CPU cores used: server / client / machine",
         f"{res['server_cpu_cores']:.2f} / {res['client_cpu_cores']:.2f} / "
         f"{res['machine_busy_cores']:.2f} of {res['cores']:.0f}"),
        ("server CPU per lookup", f"{1000 * res['server_cpu_cores'] / max(res['ok_rate'], 1):.3f} ms"),
        ("server peak RSS (VmHWM)", f"{st.get('VmHWM', 0) / 1024:.0f} MiB (sampled VmRSS peak "
                                    f"{rss_peak / 1024:.0f} MiB)"),
        ("engine", a.engine + (" (PostgreSQL's own CPU is in 'machine', not 'server')"
                               if pg else "")),
        ("server environment", " ".join(a.server_env) or "defaults"),
        ("load average before", f"{machine['loadavg_before']:.2f}"),
    ]
    benchlib.print_table(f"bench/lookup — GET /api/v1/lookup/{{code}}, {machine['cores']} cores "
                         f"({machine['cpu']})", rows)
    benchlib.record(build, "lookup", {"at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                                      "machine": machine, "load": res, "server_env": a.server_env,
                                      "vmhwm_kib": st.get("VmHWM", 0), "engine": a.engine})
    return 0 if res["ok"] > 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

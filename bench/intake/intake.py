#!/usr/bin/env python3
"""bench/intake: counter intakes through HTTP on a store that already holds a million dossiers.

  1. prepares (once, cached in BUILD/bench-data/) a data directory with --count dossiers received
     over --days weekdays, with `motcua demo dossiers`, and lets the server do its first
     escalation pass over them;
  2. copies it, creates an API token for demo.reception, starts `motcua serve` (defaults: durable
     commits, 32 workers, 2 I/O threads, access log on) and waits until its start-up writes are done;
  3. runs --connections closed-loop clients posting POST /api/v1/dossiers (counter intake of
     1.001193, distinct applicants) for --warmup + --duration seconds with bench/http_load;
  4. prints intakes/s, p50/p99 latency, errors, the CPU of client, server and machine, the server's
     peak RSS (VmHWM) and the data directory's size per dossier; checks that today's codes are
     gapless 1..n; appends the result to BUILD/bench-data/results.jsonl.

Usage: intake.py [--build build] [--count 1000000] [--days 365] [--connections 64]
                 [--warmup 3] [--duration 10]"""
import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http_load"))
import benchlib  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Cầm"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hoà", "Lan", "Minh", "Nam", "Thảo", "Tùng", "Vân"]


def write_requests(path, n=20000):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            body = {"unit": "03721", "procedure_code": "1.001193", "channel": "counter",
                    "applicant": {"full_name": f"{FAMILY[i % len(FAMILY)]} Văn "
                                               f"{GIVEN[(i // 7) % len(GIVEN)]}",
                                  "id_number": f"0141{90 + i % 10}{i % 1000000:06d}",
                                  "phone": f"09{i:08d}"},
                    "components": [{"name": "Tờ khai đăng ký khai sinh", "original": True},
                                   {"name": "Giấy chứng sinh", "original": True}]}
            f.write("POST\t/api/v1/dossiers\t" + json.dumps(body, ensure_ascii=False) + "\n")


def main():
    ap = benchlib.arg_parser(__doc__)
    a = ap.parse_args()
    server_env = dict(kv.split("=", 1) for kv in a.server_env)
    build = os.path.abspath(a.build)
    machine = benchlib.machine_conditions()
    prepared, info = benchlib.prepare(build, a.count, a.days)
    prepared_bytes = info["bytes"]
    d = benchlib.fresh_copy(prepared, "intake")
    pg = benchlib.engine_store(a, build, d)
    engine_env = pg.env() if pg else {}
    tok = subprocess.run([os.path.join(build, "motcua"), "token", "create", "--username",
                          "demo.reception", "--expires", "1d", "--name", "bench-intake",
                          "--data-dir", d], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True, check=True, env={**os.environ, **engine_env}).stdout.strip()
    reqs = os.path.join(d, "intake-requests.txt")
    write_requests(reqs)
    s = benchlib.Server(build, d, env={**server_env, **engine_env}).start()
    try:
        s.settle()
        tx_before = s.transactions()
        commits_before = s.counter("motcua_store_commits_total")
        sampler = benchlib.RssSampler(s.proc.pid)
        res = benchlib.run_load(build, s.port, reqs, a.connections, a.warmup, a.duration,
                                s.proc.pid, headers=[f"Authorization: Bearer {tok}"])
        rss_peak = sampler.stop()
        st = benchlib.proc_status(s.proc.pid)
        commits = s.counter("motcua_store_commits_total") - commits_before
        tx_after = s.transactions()
    finally:
        s.stop()
    day = time.strftime("%y%m%d", time.gmtime(time.time() + 7 * 3600))
    if pg:
        try:
            dossiers = int(pg.query("SELECT COUNT(*) FROM dossiers"))
            seqs = [int(c.rsplit("-", 1)[1]) for c in pg.query(
                f"SELECT code FROM dossiers WHERE code LIKE '%-{day}-%'").split()]
            size = pg.bytes()
        finally:
            pg.stop()
    else:
        db = sqlite3.connect(os.path.join(d, "motcua.db"))
        dossiers = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
        seqs = [int(r[0].rsplit("-", 1)[1]) for r in db.execute(
            "SELECT code FROM dossiers WHERE code LIKE ?", (f"%-{day}-%",))]
        db.close()
        size = benchlib.dir_bytes(d) - os.path.getsize(reqs)
    gapless = sorted(seqs) == list(range(1, len(seqs) + 1))
    errors = res["non_2xx"] + res["conn_errors"] + res["timeouts"]
    rows = [
        ("store before the run", f"{info['dossiers']:,} dossiers over {a.days} weekdays"),
        ("clients (closed loop)", f"{a.connections}, warm-up {a.warmup:g} s, measured {a.duration:g} s"),
        ("intakes/s", f"{res['ok_rate']:,.0f}"),
        ("latency p50 / p90 / p99 / max ms",
         f"{res['p50_ms']:.2f} / {res['p90_ms']:.2f} / {res['p99_ms']:.2f} / {res['max_ms']:.2f}"),
        ("errors", f"{errors} (statuses {res['statuses']}, connection errors "
                   f"{res['conn_errors']}, timeouts {res['timeouts']})"),
        ("CPU cores used: server / client / machine",
         f"{res['server_cpu_cores']:.2f} / {res['client_cpu_cores']:.2f} / "
         f"{res['machine_busy_cores']:.2f} of {res['cores']:.0f}"),
        ("server CPU per intake", f"{1000 * res['server_cpu_cores'] / max(res['ok_rate'], 1):.3f} ms"),
        ("store transactions / commits during the run",
         f"{tx_after - tx_before:,.0f} / {commits:,.0f} "
         f"({(tx_after - tx_before) / max(commits, 1):.1f} per commit)"),
        ("server peak RSS (VmHWM)", f"{st.get('VmHWM', 0) / 1024:.0f} MiB (sampled VmRSS peak "
                                    f"{rss_peak / 1024:.0f} MiB)"),
        ("engine", a.engine),
        ("data dir (SQLite) or database (PostgreSQL) per dossier", f"{prepared_bytes / info['dossiers']:,.0f} B prepared; "
                                 f"{size / dossiers:,.0f} B after the run ({dossiers:,} dossiers, "
                                 f"{size / 2**30:.2f} GiB)"),
        ("today's codes gapless 1..n", f"{gapless} (n = {len(seqs)})"),
        ("server environment", " ".join(a.server_env) or "defaults"),
        ("load average before", f"{machine['loadavg_before']:.2f}"),
    ]
    benchlib.print_table(f"bench/intake — POST /api/v1/dossiers, {machine['cores']} cores "
                         f"({machine['cpu']})", rows)
    benchlib.record(build, "intake", {"at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                                      "machine": machine, "load": res, "server_env": a.server_env,
                                      "vmhwm_kib": st.get("VmHWM", 0), "dossiers": dossiers,
                                      "bytes_after": size, "bytes_prepared": prepared_bytes,
                                      "gapless": gapless, "commits": commits,
                                      "transactions": tx_after - tx_before,
                                      "engine": a.engine})
    return 0 if gapless else 1


if __name__ == "__main__":
    sys.exit(main())

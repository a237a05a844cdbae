"""Shared parts of the HTTP benchmarks (bench/intake, bench/lookup): the prepared data directory
with a million dossiers (built once with `motcua demo dossiers`, cached under BUILD/bench-data/),
a copy of it per run, the server, the load generator (bench/http_load/http_load), peak RSS
sampling, machine conditions and the result table. Standard library only."""
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def arg_parser(doc):
    """Returns the argument parser both HTTP benches share (store size, load, server environment)."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "build"))
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite",
                    help="postgres: the prepared store moved into a throwaway PostgreSQL cluster "
                         "with motcua migrate-data, the server run with --database")
    ap.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment for motcua serve (e.g. MOTCUA_WORKER_THREADS=8)")
    return ap


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def proc_status(pid):
    """VmHWM and VmRSS of a process in KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def machine_conditions():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024} MiB"
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "memory": mem,
            "kernel": platform.release(), "loadavg_before": os.getloadavg()[0]}


class Server:
    """`motcua serve` on a free port over DATA_DIR; output to DATA_DIR/server.log."""

    def __init__(self, build, data_dir, env=None):
        self.binary = os.path.join(build, "motcua")
        self.data_dir = data_dir
        self.port = free_port()
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.proc = None

    def start(self, timeout=600):
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--listen",
             f"127.0.0.1:{self.port}"], stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"motcua serve exited with {self.proc.returncode}; see "
                                   f"{self.log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("motcua serve did not become ready")

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=10) as r:
            return r.read().decode()

    def counter(self, name):
        """The sum of a metric over its labels."""
        total = 0
        for m in re.finditer(r'^' + name + r'(?:\{[^}]*\})? (\S+)$', self.metrics(), re.M):
            total += float(m.group(1))
        return total

    def transactions(self):
        return self.counter("motcua_store_transactions_total")

    def settle(self, min_s=5, quiet_s=3, timeout=3600, log_every=15):
        """Waits until the start-up work (the first escalation pass) is over: at least `min_s`
        after start, then no store transaction for `quiet_s` seconds."""
        t0 = time.monotonic()
        last, last_change, last_log = self.transactions(), time.monotonic(), t0
        while time.monotonic() - t0 < timeout:
            time.sleep(0.5)
            now_tx = self.transactions()
            now = time.monotonic()
            if now_tx != last:
                last, last_change = now_tx, now
            if now - t0 >= min_s and now - last_change >= quiet_s:
                return last
            if now - last_log >= log_every:
                log(f"  server still busy with start-up writes: {int(last)} transactions so far")
                last_log = now
        raise RuntimeError("the server kept writing; start-up work did not finish")

    def wait_log(self, needle, timeout=3600):
        """Waits until the server's output contains `needle`."""
        t0 = last_log = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if time.monotonic() - last_log >= 30:
                last_log = time.monotonic()
                log(f"  waiting for {needle!r}: {int(self.transactions())} store transactions "
                    f"after {last_log - t0:.0f} s")
            self.log.flush()
            with open(self.log.name, "rb") as f:
                if needle.encode() in f.read():
                    return
            if self.proc.poll() is not None:
                raise RuntimeError(f"motcua serve exited with {self.proc.returncode}")
            time.sleep(1)
        raise RuntimeError(f"the server never logged {needle!r}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None


def prepare(build, count, days):
    """Returns a data directory holding `count` demo dossiers received over `days` weekdays,
    built once and cached in BUILD/bench-data/. After the dossiers are stored, the server is started
    once over them so that its first escalation pass (every dossier received before yesterday is
    overdue) happens here, as it would have long ago on a live system, and not during a measurement.
    Returns (path, info)."""
    root = os.path.join(build, "bench-data")
    path = os.path.join(root, f"dossiers-{count}-d{days}")
    marker = os.path.join(path, "prepared.json")
    if os.path.exists(marker):
        with open(marker) as f:
            return path, json.load(f)
    tmp = path + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    log(f"preparing {count} dossiers over {days} weekdays in {path} (once; cached)")
    t0 = time.monotonic()
    r = subprocess.run([os.path.join(build, "motcua"), "demo", "dossiers", "--count", str(count),
                        "--days", str(days), "--data-dir", tmp], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"motcua demo dossiers failed ({r.returncode})")
    summary = r.stdout.strip().splitlines()[-1]
    log(summary)
    gen_s = time.monotonic() - t0
    log("first start of the server over them (escalation pass); this takes a while")
    t1 = time.monotonic()
    s = Server(build, tmp).start()
    hwm = 0
    try:
        if days > 0:
            s.wait_log('"msg":"escalations: ')
        tx = s.settle(min_s=10, quiet_s=10)
        hwm = proc_status(s.proc.pid).get("VmHWM", 0)
    finally:
        s.stop()
    settle_s = time.monotonic() - t1
    db = sqlite3.connect(os.path.join(tmp, "motcua.db"))
    escalations = db.execute("SELECT COUNT(*) FROM dossier_escalations").fetchone()[0]
    dossiers = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    db.close()
    info = {"count": count, "days": days, "generate_s": round(gen_s, 1), "summary": summary,
            "first_start_s": round(settle_s, 1), "first_start_transactions": tx,
            "first_start_vmhwm_kib": hwm, "escalations": escalations, "dossiers": dossiers,
            "bytes": dir_bytes(tmp), "prepared_at": time.strftime("%Y-%m-%d %H:%M:%S %z")}
    with open(os.path.join(tmp, "prepared.json"), "w") as f:
        json.dump(info, f, indent=1)
    os.replace(tmp, path)
    log(f"prepared: {json.dumps(info)}")
    return path, info


class PgStore:
    """The run's copy of the prepared store moved into a throwaway PostgreSQL cluster on 127.0.0.1
    (tests/integration/pgcluster.py, shared_buffers 256MB, fsync on, synchronous_commit on) with
    `motcua migrate-data`; stopped and removed by stop()."""

    def __init__(self, build, data_dir):
        sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration"))
        from pgcluster import Cluster
        self.cluster = Cluster(shared_buffers="256MB").start()
        try:
            self.url = self.cluster.create_db("bench")
            log(f"moving the store into PostgreSQL ({self.url})")
            t0 = time.monotonic()
            subprocess.run([os.path.join(build, "motcua"), "migrate-data", "--from",
                            "sqlite:" + os.path.join(data_dir, "motcua.db"), "--to", self.url],
                           check=True, stdout=subprocess.DEVNULL)
            self.migrate_s = time.monotonic() - t0
            self.query("VACUUM ANALYZE")
            log(f"moved in {self.migrate_s:.0f} s")
        except Exception:
            self.cluster.cleanup()
            raise

    def env(self):
        return {"MOTCUA_DATABASE": self.url}

    def query(self, sql):
        return self.cluster.psql(sql, db=self.url.rsplit("/", 1)[1])

    def bytes(self):
        return int(self.query("SELECT pg_database_size(current_database())"))

    def stop(self):
        self.cluster.cleanup()


def engine_store(args, build, data_dir):
    """None for SQLite (the data directory), a PgStore for --engine postgres."""
    return PgStore(build, data_dir) if args.engine == "postgres" else None


def fresh_copy(prepared, name):
    """A scratch copy of the prepared directory for one run (runs never change the cache)."""
    dst = os.path.join(os.path.dirname(prepared), f"run-{name}")
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["cp", "-a", "--reflink=auto", prepared, dst], check=True)
    # Write the copy out now, so that the kernel's writeback of gigabytes of dirty pages does not
    # compete with the server's commits (fsync) and CPU during the measurement.
    os.sync()
    for f in ("server.log", "prepared.json"):
        if os.path.exists(os.path.join(dst, f)):
            os.remove(os.path.join(dst, f))
    return dst


def run_load(build, port, requests_file, connections, warmup, duration, server_pid, headers=(),
             random=False):
    args = [os.path.join(build, "bench", "http_load", "http_load"), "--port", str(port),
            "--requests", requests_file, "--connections", str(connections), "--warmup",
            str(warmup), "--duration", str(duration), "--server-pid", str(server_pid)]
    for h in headers:
        args += ["--header", h]
    if random:
        args.append("--random")
    r = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(r.stdout)


class RssSampler:
    """Reads the server's VmRSS every 0.2 s in a thread (VmHWM is the kernel's own peak)."""

    def __init__(self, pid):
        import threading
        self.pid, self.peak, self.stop_ev = pid, 0, threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while not self.stop_ev.wait(0.2):
            self.peak = max(self.peak, proc_status(self.pid).get("VmRSS", 0))

    def stop(self):
        self.stop_ev.set()
        self.t.join()
        return self.peak


def print_table(title, rows):
    """rows: list of (label, value) pairs."""
    width = max(len(k) for k, _ in rows)
    print(f"\n{title}")
    print("-" * (width + 24))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print("-" * (width + 24), flush=True)


def record(build, name, result):
    with open(os.path.join(build, "bench-data", "results.jsonl"), "a") as f:
        f.write(json.dumps({"bench": name, **result}) + "\n")

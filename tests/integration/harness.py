"""Starts the real motcua binary for integration tests and talks HTTP to it (stdlib only)."""
import atexit
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

BIN = os.environ.get("MOTCUA_BIN", os.path.join(os.path.dirname(__file__), "../../build/motcua"))

# The storage engine the scenarios run against: "sqlite" (default, a file in the data directory) or
# "postgres" (MOTCUA_TEST_ENGINE=postgres: one throwaway cluster for this process, started on first
# use and stopped at exit, and a fresh database per data directory, passed as MOTCUA_DATABASE to
# every server and CLI command given that data directory).
ENGINE = os.environ.get("MOTCUA_TEST_ENGINE", "sqlite")
_cluster = None
_databases = {}


def pg_cluster():
    """The process's PostgreSQL cluster (started on first use, stopped at exit)."""
    global _cluster
    if _cluster is None:
        from pgcluster import Cluster
        _cluster = Cluster().start()
        atexit.register(_cluster.cleanup)
    return _cluster


def database_for(data_dir):
    """The PostgreSQL URL standing for `data_dir` (None with SQLite)."""
    if ENGINE != "postgres":
        return None
    key = os.path.realpath(data_dir)
    if key not in _databases:
        _databases[key] = pg_cluster().create_db()
    return _databases[key]


def _with_database(args, env):
    """Adds MOTCUA_DATABASE for the --data-dir among `args` when the engine is PostgreSQL."""
    env = dict(env or {})
    if ENGINE == "postgres" and "--data-dir" in args and "MOTCUA_DATABASE" not in env:
        env["MOTCUA_DATABASE"] = database_for(args[list(args).index("--data-dir") + 1])
    return env


def query(data_dir, sql, params=()):
    """Runs a read-only SQL query on the database of `data_dir`, on either engine; returns rows as
    tuples (integers as int)."""
    if ENGINE != "postgres":
        import sqlite3
        db = sqlite3.connect(os.path.join(data_dir, "motcua.db"))
        try:
            return [tuple(r) for r in db.execute(sql, params).fetchall()]
        finally:
            db.close()
    parts = sql.split("?")
    assert len(parts) == len(params) + 1, sql
    text = parts[0]
    for p, rest in zip(params, parts[1:]):
        text += (str(int(p)) if isinstance(p, int) else "'" + str(p).replace("'", "''") + "'") + rest
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                          "-d", database_for(data_dir), "-c", text],
                         capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        rows.append(tuple(int(v) if v.lstrip("-").isdigit() else v for v in line.split("\t")))
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer print (the sanitizer build,
# build-asan): a report fails the test even when the process it came from was not checked.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error: ",
                   "WARNING: ThreadSanitizer")


def check_no_sanitizer_report(output, what):
    for mark in SANITIZER_MARKS:
        if mark in output:
            at = output.index(mark)
            raise AssertionError(f"{what} printed a sanitizer report:\n{output[max(0, at - 200):]}")


def run_cli(*args, env=None, input=None, timeout=120):
    e = dict(os.environ)
    e.update(_with_database(args, env))
    r = subprocess.run([BIN, *args], capture_output=True, text=True, env=e, input=input,
                       timeout=timeout)
    check_no_sanitizer_report(r.stderr, "motcua " + " ".join(args[:2]))
    return r


class Server:
    """A motcua serve process on a free port with its own data directory."""

    def __init__(self, data_dir=None, extra_args=(), env=None, demo=True):
        self.tmp = None
        if data_dir is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="motcua-it-")
            data_dir = self.tmp.name
        self.data_dir = data_dir
        self.port = free_port()
        self.args = ["serve", "--data-dir", data_dir, "--listen", f"127.0.0.1:{self.port}",
                     *(["--demo"] if demo else []), *extra_args]
        self.env = dict(os.environ)
        self.env.update(_with_database(self.args, env))
        self.proc = None

    def start(self, wait=True):
        self.log = open(os.path.join(self.data_dir, f"server-{self.port}.log"), "ab")
        self.proc = subprocess.Popen([BIN, *self.args], stdout=self.log, stderr=subprocess.STDOUT,
                                     env=self.env)
        if wait:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode}: {self.output()}")
                try:
                    if self.request("GET", "/healthz")[0] == 200:
                        return self
                except OSError:
                    pass
                time.sleep(0.05)
            raise RuntimeError("server did not become healthy: " + self.output())
        return self

    def output(self):
        self.log.flush()
        with open(self.log.name, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        headers = {}
        for k, v in r.getheaders():  # repeated headers (Set-Cookie) are joined by newlines
            k = k.lower()
            headers[k] = headers[k] + "\n" + v if k in headers else v
        return r.status, headers, data

    def json(self, method, path, body=None, headers=None):
        status, h, data = self.request(method, path, body, headers)
        return status, h, (json.loads(data) if data else None)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            check_no_sanitizer_report(self.output(), "the server")
        return self.proc.returncode if self.proc else None

    def cleanup(self):
        try:
            self.stop()
        finally:
            if self.tmp:
                self.tmp.cleanup()


def cookie(headers, name):
    """Returns "name=value" from the Set-Cookie headers of a response."""
    for line in headers.get("set-cookie", "").split("\n"):
        if line.startswith(name + "="):
            return line.split(";")[0]
    return None

"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests (docs/recipes: initdb refuses root).

Usable as a module (Cluster) and from the command line, for tests written in other languages:
    python3 pgcluster.py start DIR   -> prints the URL of database "postgres"; the cluster keeps
                                        running until
    python3 pgcluster.py stop DIR
Small shared_buffers and few connections: the machine is shared. Every test stops its cluster.
"""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def _bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql "
                           "(scripts/packages-test.txt)")
    return os.path.dirname(found[-1])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd):
    """Runs a shell command as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", cmd], capture_output=True,
                              text=True)
    return subprocess.run(["sh", "-c", cmd], capture_output=True, text=True)


class Cluster:
    def __init__(self, root=None, port=None, shared_buffers="16MB"):
        self.shared_buffers = shared_buffers
        self.own_root = root is None
        self.root = root or tempfile.mkdtemp(prefix="motcua-pg-")
        self.data = os.path.join(self.root, "data")
        self.sock = os.path.join(self.root, "sock")
        self.log = os.path.join(self.root, "pg.log")
        self.port = port or _free_port()
        self.bin = _bin_dir()
        self.running = False
        self.next_db = 0

    def url(self, db="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def start(self):
        os.makedirs(self.sock, exist_ok=True)
        if os.geteuid() == 0:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sock, "postgres", "postgres")
        if not os.path.exists(os.path.join(self.data, "PG_VERSION")):
            r = _as_postgres(f"{self.bin}/initdb -D {self.data} -U postgres --auth=trust -E UTF8 "
                             f"--locale=C.UTF-8 --no-sync")
            if r.returncode != 0:
                raise RuntimeError("initdb failed: " + r.stdout + r.stderr)
        return self.resume()

    def resume(self):
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.sock} "
                f"-c shared_buffers={self.shared_buffers} -c max_connections=60 -c fsync=on "
                f"-c max_wal_senders=0 -c wal_level=minimal -c autovacuum=off")
        r = _as_postgres(f"{self.bin}/pg_ctl -D {self.data} -l {self.log} -o '{opts}' -w start")
        if r.returncode != 0:
            raise RuntimeError("pg_ctl start failed: " + r.stdout + r.stderr + self.server_log())
        self.running = True
        return self

    def stop(self, mode="fast"):
        if self.running:
            _as_postgres(f"{self.bin}/pg_ctl -D {self.data} -m {mode} -w stop")
            self.running = False

    def cleanup(self):
        self.stop()
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def server_log(self):
        try:
            with open(self.log) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def psql(self, sql, db="postgres"):
        r = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d",
                            self.url(db), "-c", sql], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"psql {sql!r}: {r.stderr}")
        return r.stdout.strip()

    def create_db(self, prefix="motcua"):
        """Creates a fresh database and returns its URL."""
        self.next_db += 1
        name = f"{prefix}_{os.getpid()}_{self.next_db}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[2]
    port_file = os.path.join(root, "port")
    if argv[1] == "start":
        os.makedirs(root, exist_ok=True)
        port = None
        if os.path.exists(port_file):  # a restart keeps the port
            with open(port_file) as f:
                port = int(f.read())
        c = Cluster(root, port)
        c.start()
        with open(port_file, "w") as f:
            f.write(str(c.port))
        print(c.url())
        return 0
    with open(port_file) as f:
        c = Cluster(root, int(f.read()))
    c.running = True
    c.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

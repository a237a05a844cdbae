"""PostgreSQL scale-out, on the real binary: two `motcua serve` nodes against one database
(concurrent intake through both, gapless unique codes, every acknowledged dossier on both nodes, the
work-list stream of each node told of the other's changes, one hash chain), and a fault test (the
database server restarted under load: 503 problem+json while it is down, reconnection by itself,
no acknowledged write lost). Each class starts its own throwaway cluster and stops it."""
import json
import os
import tempfile
import threading
import time
import unittest

import test_dossier
from harness import Server, run_cli
from pgcluster import Cluster
from test_dossier import applicant
from test_desk_live import sse_events

UNIT, PROC = "03721", "1.001193"
ENV = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_DESK_EVENTS_HOLD_S": "10",
       "MOTCUA_DESK_EVENTS_POLL_MS": "100", "MOTCUA_STORE_READERS": "3"}


def intake(node, who, i):
    return node.json("POST", "/api/v1/dossiers",
                     {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                      "applicant": applicant(f"Người {i}", f"0141900{i:05d}"),
                      "components": [{"name": "Tờ khai", "original": True}]}, who)


def psql(cluster, db_url, sql):
    return cluster.psql(sql, db=db_url.rsplit("/", 1)[1])


class TwoNodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster().start()
        try:
            cls.db = cls.cluster.create_db()
            env = dict(ENV, MOTCUA_DATABASE=cls.db)
            cls.a = Server(env=env).start()  # --demo: loads the demo commune and its accounts
            cls.b = Server(env=env, demo=False).start()
            with open(os.path.join(cls.a.data_dir, "demo-accounts.json")) as f:
                accounts = {x["role"]: x for x in json.load(f)}
            cls.s = cls.a
            cls.reception = test_dossier.DossierApiTest.login.__func__(cls, accounts["reception"])
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for n in ("a", "b"):
            if hasattr(cls, n):
                getattr(cls, n).cleanup()
        cls.cluster.cleanup()

    def test_concurrent_intake_through_both_nodes_gives_unique_gapless_codes(self):
        results, lock = [], threading.Lock()

        def go(node, base):
            for i in range(12):
                st, _, d = intake(node, self.reception, base + i)
                with lock:
                    results.append((st, d.get("code") if d else None, d))

        threads = [threading.Thread(target=go, args=(node, k * 100))
                   for k, node in enumerate([self.a, self.b, self.a, self.b])]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(all(st == 201 for st, _, _ in results), [r for r in results if r[0] != 201])
        codes = [c for _, c, _ in results]
        self.assertEqual(len(set(codes)), 48)
        by_prefix = {}
        for c in codes:
            prefix, seq = c.rsplit("-", 1)
            by_prefix.setdefault(prefix, []).append(int(seq))
        for prefix in by_prefix:
            stored = sorted(int(x.rsplit("-", 1)[1]) for x in psql(
                self.cluster, self.db,
                f"SELECT code FROM dossiers WHERE code LIKE '{prefix}-%'").split())
            self.assertEqual(stored, list(range(1, len(stored) + 1)), prefix)
        for c in codes:  # every acknowledged dossier, on both nodes
            for node in (self.a, self.b):
                st, _, d = node.json("GET", f"/api/v1/dossiers/{c}", None, self.reception)
                self.assertEqual(st, 200, (c, d))
        r = run_cli("verify", env={"MOTCUA_DATABASE": self.db})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def stream(self, node, since=None):
        h = {"Cookie": self.reception["Cookie"], "Accept": "text/event-stream"}
        if since:
            h["Last-Event-ID"] = since
        path = "/can-bo/su-kien?all=1" + (f"&since={since}" if since else "")
        st, _, body = node.request("GET", path, headers=h, timeout=60)
        self.assertEqual(st, 200, body)
        return sse_events(body)[0]

    def test_the_worklist_stream_of_each_node_sees_the_other_nodes_changes(self):
        for watcher, writer, i in ((self.b, self.a, 900), (self.a, self.b, 901)):
            v0 = self.stream(watcher)[0]["id"]
            got = []
            t = threading.Thread(target=lambda: got.append(self.stream(watcher, since=v0)))
            t.start()
            time.sleep(0.3)  # the desk is waiting on the watcher node
            st, _, d = intake(writer, self.reception, i)
            self.assertEqual(st, 201, d)
            t.join(30)
            self.assertTrue(got and got[0], "no event on the other node")
            self.assertNotEqual(got[0][0]["id"], v0)


class DatabaseRestartTest(unittest.TestCase):
    def test_a_restart_under_load_answers_503_then_reconnects_and_loses_no_acknowledged_write(self):
        cluster = Cluster().start()
        server = None
        try:
            db = cluster.create_db()
            server = Server(env=dict(ENV, MOTCUA_DATABASE=db)).start()
            with open(os.path.join(server.data_dir, "demo-accounts.json")) as f:
                accounts = {x["role"]: x for x in json.load(f)}
            holder = type("H", (), {"s": server})
            who = test_dossier.DossierApiTest.login.__func__(holder, accounts["reception"])
            acked, statuses, stop = [], [], threading.Event()
            lock = threading.Lock()

            def load(base):
                i = 0
                while not stop.is_set():
                    try:
                        st, h, d = intake(server, who, base + i)
                    except OSError:
                        continue
                    with lock:
                        statuses.append((st, h.get("content-type", "")))
                        if st == 201:
                            acked.append(d["code"])
                    i += 1
                    if st != 201:
                        time.sleep(0.05)

            threads = [threading.Thread(target=load, args=(k * 10000,)) for k in range(2)]
            for t in threads:
                t.start()
            while len(acked) < 10:
                time.sleep(0.05)
            cluster.stop("fast")
            deadline = time.monotonic() + 20
            down = None
            while time.monotonic() < deadline:
                st, h, body = server.request("GET", "/api/v1/worklist", headers=who)
                if st == 503:
                    down = (st, h, body)
                    break
                time.sleep(0.1)
            self.assertIsNotNone(down, "no 503 while the database was down")
            self.assertEqual(down[1]["content-type"], "application/problem+json", down)
            self.assertEqual(json.loads(down[2])["status"], 503)
            with lock:
                failed_while_down = [s for s in statuses if s[0] != 201]
            cluster.resume()
            before = len(acked)
            deadline = time.monotonic() + 30
            while len(acked) < before + 10 and time.monotonic() < deadline:
                time.sleep(0.1)
            stop.set()
            for t in threads:
                t.join()
            self.assertGreaterEqual(len(acked), before + 10, "intake did not resume")
            self.assertTrue(failed_while_down, "no write failed while the database was down")
            for st, ctype in failed_while_down:
                self.assertEqual((st, ctype), (503, "application/problem+json"))
            stored = set(psql(cluster, db, "SELECT code FROM dossiers").split())
            self.assertEqual(set(acked) - stored, set(), "acknowledged dossiers lost")
            r = run_cli("verify", env={"MOTCUA_DATABASE": db})
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            if server:
                server.cleanup()
            cluster.cleanup()


class MigrateDataTest(unittest.TestCase):
    def test_a_communes_sqlite_data_moves_to_postgres_verified(self):
        cluster = Cluster().start()
        src = Server(env=dict(ENV, MOTCUA_DATABASE=""))  # SQLite whatever the suite's engine
        pg = None
        try:
            src.start()
            with open(os.path.join(src.data_dir, "demo-accounts.json")) as f:
                accounts = {x["role"]: x for x in json.load(f)}
            who = test_dossier.DossierApiTest.login.__func__(type("H", (), {"s": src}),
                                                            accounts["reception"])
            codes = []
            for i in range(5):
                st, _, d = intake(src, who, 500 + i)
                self.assertEqual(st, 201, d)
                codes.append(d["code"])
            src.stop()
            db = cluster.create_db()
            sqlite_path = os.path.join(src.data_dir, "motcua.db")
            r = run_cli("migrate-data", "--from", f"sqlite:{sqlite_path}", "--to", db)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("every link intact", r.stdout)
            import sqlite3
            lite = sqlite3.connect(sqlite_path)
            n = lite.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
            lite.close()
            self.assertGreaterEqual(n, 5)
            self.assertRegex(r.stdout, rf"\n  dossiers\s+{n} rows\n")
            # A second run into the same database is refused: it is no longer empty.
            again = run_cli("migrate-data", "--from", f"sqlite:{sqlite_path}", "--to", db)
            self.assertEqual(again.returncode, 1, again.stdout + again.stderr)
            self.assertIn("already holds", again.stderr)
            # The same commune now runs on PostgreSQL: the old dossiers, the old sessions' accounts,
            # new intakes continuing the codes, and one intact chain.
            pg = Server(env=dict(ENV, MOTCUA_DATABASE=db), demo=False).start()
            who = test_dossier.DossierApiTest.login.__func__(type("H", (), {"s": pg}),
                                                            accounts["reception"])
            for c in codes:
                st, _, d = pg.json("GET", f"/api/v1/dossiers/{c}", None, who)
                self.assertEqual(st, 200, d)
            st, _, d = intake(pg, who, 599)
            self.assertEqual(st, 201, d)
            prefix, seq = d["code"].rsplit("-", 1)
            if codes[-1].startswith(prefix + "-"):
                self.assertEqual(int(seq), int(codes[-1].rsplit("-", 1)[1]) + 1)
            r = run_cli("verify", env={"MOTCUA_DATABASE": db})
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            if pg:
                pg.cleanup()
            src.cleanup()
            cluster.cleanup()


if __name__ == "__main__":
    unittest.main()

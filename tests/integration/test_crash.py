"""kill -9 under write load: every acknowledged write survives and the chains verify."""
import collections
import json
import os
import signal
import sqlite3
import tempfile
import threading
import time
import unittest

from harness import Server, cookie, run_cli


class CrashTest(unittest.TestCase):
    def test_kill_9_mid_load_loses_no_acknowledged_write(self):
        with tempfile.TemporaryDirectory(prefix="motcua-crash-") as d:
            s = Server(data_dir=d, env={"MOTCUA_TEST_ENDPOINTS": "true"}).start()
            acked, lock, stop = [], threading.Lock(), threading.Event()

            def writer(n):
                i = 0
                while not stop.is_set():
                    key = f"w{n}-{i}"
                    i += 1
                    try:
                        status, _, _ = s.json("POST", "/api/v1/_test/probes", {"key": key})
                    except Exception:
                        return  # the server died mid-request: not acknowledged
                    if status == 201:
                        with lock:
                            acked.append(key)

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
            for t in threads:
                t.start()
            time.sleep(1.5)
            s.proc.send_signal(signal.SIGKILL)
            s.proc.wait()
            stop.set()
            for t in threads:
                t.join()
            self.assertGreater(len(acked), 100, "the load did not get going")

            s2 = Server(data_dir=d).start()  # restart: WAL recovery
            self.assertEqual(s2.stop(), 0)
            db = sqlite3.connect(os.path.join(d, "motcua.db"))
            stored = {row[0] for row in db.execute(
                "SELECT json_extract(body, '$.key') FROM events WHERE type = 'test.probe'")}
            db.close()
            missing = [k for k in acked if k not in stored]
            self.assertEqual(missing, [], f"{len(missing)} acknowledged writes lost")
            r = run_cli("verify", "--data-dir", d)
            self.assertEqual(r.returncode, 0, r.stderr)
            print(f"acknowledged {len(acked)} writes, stored {len(stored)}; all present")

    def test_kill_9_mid_intake_keeps_every_acknowledged_dossier_and_gapless_codes(self):
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_LOOKUP_PER_MINUTE": "1000000"}
        with tempfile.TemporaryDirectory(prefix="motcua-crash-intake-") as d:
            s = Server(data_dir=d, env=env).start()
            with open(os.path.join(d, "demo-accounts.json")) as f:
                rec = next(a for a in json.load(f) if a["role"] == "reception")
            status, h, body = s.json("POST", "/api/v1/sessions",
                                     {"username": rec["username"], "password": rec["password"]})
            self.assertEqual(status, 201, body)
            session = cookie(h, "motcua_session")
            self.assertIsNotNone(session, h)
            headers = {"Cookie": session, "X-CSRF-Token": body["csrf"]}
            acked, answers, lock = [], collections.Counter(), threading.Lock()
            enough, stop = threading.Event(), threading.Event()

            def clerk(n):
                i = 0
                while not stop.is_set():
                    i += 1
                    dossier = {"unit": rec["unit"], "procedure_code": "1.001193",
                               "channel": "counter",
                               "applicant": {"full_name": f"Lò Văn Thử {n}-{i}",
                                             "id_number": f"0141{n:02d}{i:06d}",
                                             "phone": "0912345678"},
                               "components": [{"name": "Tờ khai", "original": True}]}
                    try:
                        status, _, out = s.json("POST", "/api/v1/dossiers", dossier, headers)
                    except Exception:
                        return  # the server died mid-request: not acknowledged
                    with lock:
                        answers[status] += 1
                        if 200 <= status < 300:
                            acked.append(out["code"])
                            if len(acked) >= 300:
                                enough.set()

            threads = [threading.Thread(target=clerk, args=(n,)) for n in range(16)]
            for t in threads:
                t.start()
            # Kill once the load is going (no timing assumption; the wait only bounds a hang).
            got_going = enough.wait(timeout=300)
            s.proc.send_signal(signal.SIGKILL)
            s.proc.wait()
            stop.set()
            for t in threads:
                t.join()
            self.assertTrue(got_going, f"only {len(acked)} intakes were answered before the kill; "
                                       f"answers {dict(answers)}\n{s.output()[-2000:]}")
            self.assertEqual(set(answers), {201}, f"unexpected answers before the kill: {answers}")
            self.assertEqual(len(set(acked)), len(acked), "a code was given twice")

            s2 = Server(data_dir=d, env=env, demo=False).start()  # restart: WAL recovery
            try:
                # The public lookup finds acknowledged dossiers (a sample, the last ones included).
                for code in acked[:20] + acked[-20:]:
                    status, _, out = s2.json("GET", f"/api/v1/lookup/{code}")
                    self.assertEqual(status, 200, (code, out))
                    self.assertEqual(out["code"], code)
            finally:
                self.assertEqual(s2.stop(), 0)
            db = sqlite3.connect(os.path.join(d, "motcua.db"))
            stored = {r[0] for r in db.execute("SELECT code FROM dossiers")}
            without_events = db.execute(
                "SELECT COUNT(*) FROM dossiers WHERE NOT EXISTS "
                "(SELECT 1 FROM events e WHERE e.stream = dossiers.id)").fetchone()[0]
            counters = {(a, day): n for a, day, n in db.execute(
                "SELECT agency_id, day, next_seq FROM dossier_code_counters")}
            db.close()
            missing = [c for c in acked if c not in stored]
            self.assertEqual(missing, [], f"{len(missing)} acknowledged dossiers lost")
            self.assertEqual(without_events, 0, "a dossier row without its events")
            # The codes of each (agency, day) are 1..n, and the counter hands out n + 1 next.
            seqs = collections.defaultdict(list)
            for code in stored:
                agency, day, seq = code.rsplit("-", 2)
                seqs[(agency, day)].append(int(seq))
            for key, got in seqs.items():
                self.assertEqual(sorted(got), list(range(1, len(got) + 1)),
                                 f"codes of {key} have gaps or repeats")
                self.assertEqual(counters.get(key), len(got) + 1, f"counter of {key}")
            r = run_cli("verify", "--data-dir", d)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            print(f"acknowledged {len(acked)} intakes, stored {len(stored)}; all present, "
                  f"codes gapless in {len(seqs)} (agency, day) sequence(s)")


if __name__ == "__main__":
    unittest.main()

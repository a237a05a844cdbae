"""kill -9 under write load: every acknowledged write survives and the chains verify."""
import os
import signal
import sqlite3
import tempfile
import threading
import time
import unittest

from harness import Server, run_cli


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


if __name__ == "__main__":
    unittest.main()

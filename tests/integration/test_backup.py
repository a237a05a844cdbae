"""Backup and restore (issue 24): a backup taken while intake goes on restores into a fresh data
directory with every dossier acknowledged before it began, intact chains and the manifest's
counts; a restore over existing data, a damaged backup and a missing backup are refused."""
import json
import os
import sqlite3
import tempfile
import threading
import unittest

from harness import Server, cookie, run_cli

ENV = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_LOOKUP_PER_MINUTE": "1000000"}


def sign_in(s, d):
    with open(os.path.join(d, "demo-accounts.json")) as f:
        rec = next(a for a in json.load(f) if a["role"] == "reception")
    status, h, body = s.json("POST", "/api/v1/sessions",
                             {"username": rec["username"], "password": rec["password"]})
    assert status == 201, body
    return rec, {"Cookie": cookie(h, "motcua_session"), "X-CSRF-Token": body["csrf"]}


def dossier(rec, n, i):
    return {"unit": rec["unit"], "procedure_code": "1.001193", "channel": "counter",
            "applicant": {"full_name": f"Lò Văn Sao {n}-{i}", "id_number": f"0142{n:02d}{i:06d}",
                          "phone": "0912345678"},
            "components": [{"name": "Tờ khai", "original": True}]}


class BackupTest(unittest.TestCase):
    def test_backup_under_intake_restores_every_acknowledged_dossier(self):
        with tempfile.TemporaryDirectory(prefix="motcua-backup-") as tmp:
            data, root, restored = (os.path.join(tmp, x) for x in ("data", "backups", "restored"))
            os.makedirs(data)
            s = Server(data_dir=data, env=ENV).start()
            try:
                rec, headers = sign_in(s, data)
                # A scan, so the files travel too.
                status, _, raw = s.request(
                    "POST", "/api/v1/files", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                    dict(headers, **{"Content-Type": "application/octet-stream",
                                     "X-File-Name": "to-khai.pdf"}))
                up = json.loads(raw)
                self.assertEqual(status, 201, up)
                before = []
                for i in range(20):
                    body = dossier(rec, 0, i)
                    if i == 0:
                        body["components"][0]["file"] = up["id"]
                    status, _, out = s.json("POST", "/api/v1/dossiers", body, headers)
                    self.assertEqual(status, 201, out)
                    before.append(out["code"])
                # Intake goes on from eight clerks while the backup runs.
                stop, during, lock = threading.Event(), [], threading.Lock()

                def clerk(n):
                    i = 0
                    while not stop.is_set():
                        i += 1
                        status, _, out = s.json("POST", "/api/v1/dossiers", dossier(rec, n, i), headers)
                        if status == 201:
                            with lock:
                                during.append(out["code"])

                threads = [threading.Thread(target=clerk, args=(n,)) for n in range(1, 9)]
                for t in threads:
                    t.start()
                try:
                    r = run_cli("backup", "--data-dir", data, "--to", root)
                finally:
                    stop.set()
                    for t in threads:
                        t.join()
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertIn("motcua backup: done", r.stdout)
                self.assertGreater(len(during), 0, "no intake ran beside the backup")
            finally:
                self.assertEqual(s.stop(), 0)

            [name] = os.listdir(root)
            self.assertRegex(name, r"^motcua-\d{8}-\d{6}$")
            backup = os.path.join(root, name)
            manifest = json.load(open(os.path.join(backup, "manifest.json")))
            self.assertIn(up["id"], manifest["files"])
            self.assertGreaterEqual(manifest["tables"]["dossiers"], len(before))

            # Restore into an empty directory: checked against the manifest, chains verified.
            r = run_cli("restore", "--from", backup, "--data-dir", restored)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("motcua restore: done", r.stdout)
            r = run_cli("verify", "--data-dir", restored)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            db = sqlite3.connect(os.path.join(restored, "motcua.db"))
            codes = {row[0] for row in db.execute("SELECT code FROM dossiers")}
            heads = {p: (n, h) for p, n, h in db.execute(
                "SELECT province, province_seq, hash FROM events e WHERE province_seq = "
                "(SELECT MAX(province_seq) FROM events WHERE province = e.province)")}
            db.close()
            self.assertEqual([c for c in before if c not in codes], [],
                             "a dossier acknowledged before the backup is missing")
            self.assertEqual(len(codes), manifest["tables"]["dossiers"])
            self.assertEqual({p: (c["length"], c["head"]) for p, c in manifest["chains"].items()},
                             heads)
            self.assertTrue(os.path.exists(os.path.join(restored, "files", up["id"][:2], up["id"])))

            # The restored directory serves: the scanned dossier is there.
            s2 = Server(data_dir=restored, env=ENV, demo=False).start()
            try:
                status, _, out = s2.json("GET", f"/api/v1/lookup/{before[0]}")
                self.assertEqual(status, 200, out)
            finally:
                self.assertEqual(s2.stop(), 0)

            # Over existing data: refused, nothing changed.
            mtime = os.path.getmtime(os.path.join(restored, "motcua.db"))
            r = run_cli("restore", "--from", backup, "--data-dir", restored)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("already holds data", r.stderr)
            self.assertEqual(mtime, os.path.getmtime(os.path.join(restored, "motcua.db")))

            # A damaged backup: refused before anything is copied.
            with open(os.path.join(backup, "files", up["id"][:2], up["id"]), "ab") as f:
                f.write(b"tampered")
            fresh = os.path.join(tmp, "fresh")
            r = run_cli("restore", "--from", backup, "--data-dir", fresh)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("missing or damaged", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(fresh, "motcua.db")))

            # Not a backup at all: a usage error.
            r = run_cli("restore", "--from", tmp, "--data-dir", os.path.join(tmp, "other"))
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("not a motcua backup", r.stderr)
            print(f"backed up during {len(during)} concurrent intakes; restored {len(codes)} "
                  f"dossiers, {len(manifest['files'])} files")

    def test_retention_keeps_the_newest_per_day_and_month(self):
        with tempfile.TemporaryDirectory(prefix="motcua-retention-") as tmp:
            data, root = os.path.join(tmp, "data"), os.path.join(tmp, "backups")
            os.makedirs(data)
            s = Server(data_dir=data, env=ENV).start()
            self.assertEqual(s.stop(), 0)
            # Earlier backups, as folders with manifests: three days in December, one in November,
            # one in October; and a half-made one, which retention never touches.
            old = ["motcua-20261205-023000", "motcua-20261205-120000", "motcua-20261206-023000",
                   "motcua-20261130-023000", "motcua-20261031-023000"]
            for n in old:
                os.makedirs(os.path.join(root, n))
                with open(os.path.join(root, n, "manifest.json"), "w") as f:
                    f.write("{}")
            os.makedirs(os.path.join(root, "motcua-20261201-000000.partial"))
            r = run_cli("backup", "--data-dir", data, "--to", root, "--keep-daily", "2",
                        "--keep-monthly", "2")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            left = sorted(os.listdir(root))
            # Kept: the new one (today), the newest of the day before the others (12-06), and the
            # newest of each of the last two months (today's month and November).
            self.assertIn("motcua-20261206-023000", left)
            self.assertIn("motcua-20261130-023000", left)
            self.assertNotIn("motcua-20261205-023000", left)
            self.assertNotIn("motcua-20261205-120000", left)
            self.assertNotIn("motcua-20261031-023000", left)
            self.assertIn("motcua-20261201-000000.partial", left)
            self.assertIn("removed the older backup", r.stdout)

    def test_usage_errors(self):
        with tempfile.TemporaryDirectory(prefix="motcua-backup-usage-") as tmp:
            r = run_cli("backup", "--data-dir", os.path.join(tmp, "nothing"), "--to",
                        os.path.join(tmp, "b"))
            self.assertEqual(r.returncode, 2)
            self.assertIn("holds no motcua database", r.stderr)
            r = run_cli("backup", "--data-dir", tmp)
            self.assertEqual(r.returncode, 2)
            self.assertIn("--to DIR", r.stderr)


if __name__ == "__main__":
    unittest.main()

"""Issue 24, signed checkpoints: the heads of the province chains are signed with a unit's key
(a throwaway CA made here with the openssl CLI signs the unit's certificate), recorded as an event
and exported as JSON lines; `verify --checkpoints` passes on the untouched store; a history
rewritten from the start with every hash recomputed (so plain `motcua verify` passes) is caught,
naming the first checkpoint contradicted. SQLite only (the rewrite edits the database file)."""
import base64
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

from harness import ENGINE, Server, run_cli

UNIT = "03721"
PASS = "checkpoint-test-passphrase"
ENV = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_SIGNING_KEY_PASSPHRASE": PASS}


def sh(*args, cwd=None):
    r = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r.stdout


def chain_hash(prev, pseq, province, stream, typ, at_ms, actor, body):
    """The store's formula (domain/event.cc): SHA-256(prev ‖ length-prefixed fields), hex."""
    def put(s):
        b = s.encode()
        return str(len(b)).encode() + b":" + b + b";"
    data = prev.encode() + b"".join(put(x) for x in (str(pseq), province, stream, typ,
                                                     str(at_ms), actor, body))
    return hashlib.sha256(data).hexdigest()


def rewrite_history(db_path):
    """Changes one dossier event's body and recomputes every hash of every chain."""
    db = sqlite3.connect(db_path)
    db.execute("DROP TRIGGER events_no_update")
    db.execute("DROP TRIGGER events_no_delete")
    seq, province, body = db.execute(
        "SELECT seq, province, body FROM events WHERE stream LIKE 'dossier/%' "
        "ORDER BY seq LIMIT 1").fetchone()
    self_body = body.replace("Lò", "Lo", 1) if "Lò" in body else body.replace('"', '"X', 1)
    assert self_body != body
    db.execute("UPDATE events SET body = ? WHERE seq = ?", (self_body, seq))
    for (prov,) in db.execute("SELECT DISTINCT province FROM events").fetchall():
        prev = ""
        rows = db.execute("SELECT seq, province_seq, stream, type, at_ms, actor, body FROM events "
                          "WHERE province = ? ORDER BY province_seq", (prov,)).fetchall()
        for s, pseq, stream, typ, at_ms, actor, b in rows:
            h = chain_hash(prev, pseq, prov, stream, typ, at_ms, actor, b)
            db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, s))
            prev = h
    db.commit()
    db.close()
    return province


@unittest.skipIf(ENGINE == "postgres", "the rewrite edits the SQLite file")
class CheckpointTest(unittest.TestCase):
    def test_rewritten_history_is_caught_by_the_signed_checkpoint(self):
        with tempfile.TemporaryDirectory(prefix="motcua-checkpoint-") as tmp:
            data, ca = os.path.join(tmp, "data"), os.path.join(tmp, "ca")
            os.makedirs(data)
            os.makedirs(ca)
            sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
               "-subj", "/C=VN/O=Test CA/CN=Throwaway Root", "-keyout", "root.key", "-out",
               "root.pem", "-addext", "basicConstraints=critical,CA:TRUE",
               "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=ca)
            with open(os.path.join(ca, "leaf.ext"), "w") as f:
                f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n")
            s = Server(data_dir=data, env=ENV).start()
            try:
                # Without a key there is no checkpoint, and nothing is written.
                r = run_cli("checkpoint", "--unit", UNIT, "--data-dir", data, env=ENV)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("keys create", r.stderr)
                csr = os.path.join(ca, "unit.csr")
                r = run_cli("keys", "create", "--unit", UNIT, "--data-dir", data, "--out", csr,
                            env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
                sh("openssl", "x509", "-req", "-in", csr, "-CA", "root.pem", "-CAkey", "root.key",
                   "-CAcreateserial", "-days", "10", "-extfile", "leaf.ext", "-out", "unit.pem",
                   cwd=ca)
                r = run_cli("keys", "import", "--unit", UNIT, "--data-dir", data, "--cert",
                            os.path.join(ca, "unit.pem"), "--chain",
                            os.path.join(ca, "root.pem"), env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
                r = run_cli("demo", "dossiers", "--count", "6", "--threads", "2",
                            "--data-dir", data, env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
                out = os.path.join(tmp, "checkpoints.jsonl")
                r = run_cli("checkpoint", "--unit", UNIT, "--data-dir", data, "--out", out,
                            env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(out) as f:
                    first = [json.loads(l) for l in f]
                self.assertGreaterEqual(len(first), 1)
                r = run_cli("demo", "dossiers", "--count", "4", "--threads", "2",
                            "--data-dir", data, env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
                time.sleep(0.01)  # a later signing time (ms) for the second checkpoint
                r = run_cli("checkpoint", "--unit", UNIT, "--data-dir", data, "--out", out,
                            env=ENV)
                self.assertEqual(r.returncode, 0, r.stderr)
            finally:
                s.stop()
            with open(out) as f:
                lines = [json.loads(l) for l in f]
            self.assertEqual(len(lines), 2 * len(first) + (0 if any(
                l["province"] == "00" for l in first) else 1))
            for l in lines:
                self.assertEqual(l["unit"], UNIT)
                self.assertRegex(l["hash"], r"^[0-9a-f]{64}$")
            # The checkpoint is itself an event of the system chain.
            db = sqlite3.connect(os.path.join(data, "motcua.db"))
            events = db.execute("SELECT body FROM events WHERE stream = 'system/checkpoint' "
                                "AND type = 'checkpoint.signed'").fetchall()
            db.close()
            self.assertEqual(len(events), 2)
            self.assertEqual(json.loads(events[0][0])["heads"][0]["hash"], first[0]["hash"])
            # A signature and certificate from the file verify with the openssl CLI against the CA.
            l0 = lines[0]
            stmt = (f"motcua checkpoint v1\nunit={l0['unit']}\nprovince={l0['province']}\n"
                    f"length={l0['length']}\nhash={l0['hash']}\nat_ms={l0['at_ms']}\n")
            with open(os.path.join(tmp, "stmt"), "w") as f:
                f.write(stmt)
            with open(os.path.join(tmp, "sig.der"), "wb") as f:
                f.write(base64.b64decode(l0["signature"]))
            sh("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der",
               "-content", "stmt", "-CAfile", os.path.join(ca, "root.pem"), "-out", os.devnull,
               cwd=tmp)

            # The untouched store passes.
            r = run_cli("verify", "--data-dir", data, "--checkpoints", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"{len(lines)} checkpoint(s)", r.stdout)

            # A forged signature in the file is refused (on a copy of the file).
            bad = os.path.join(tmp, "bad.jsonl")
            forged = dict(lines[0], hash="0" * 64)
            with open(bad, "w") as f:
                f.write(json.dumps(forged) + "\n")
            r = run_cli("verify", "--data-dir", data, "--checkpoints", bad)
            self.assertEqual(r.returncode, 1, r.stdout)
            self.assertIn("checkpoint 1 ", r.stderr)
            self.assertIn("signature does not verify", r.stderr)

            # Rewrite the whole history of a copy, every hash recomputed.
            forged_dir = os.path.join(tmp, "forged")
            shutil.copytree(data, forged_dir,
                            ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm", "server-*"))
            province = rewrite_history(os.path.join(forged_dir, "motcua.db"))
            r = run_cli("verify", "--data-dir", forged_dir)
            self.assertEqual(r.returncode, 0, "plain verify should be fooled: " + r.stderr)
            r = run_cli("verify", "--data-dir", forged_dir, "--checkpoints", out)
            self.assertEqual(r.returncode, 1, r.stdout)
            # The first line of the file for that province is the first contradicted.
            index = next(i for i, l in enumerate(lines) if l["province"] == province) + 1
            self.assertIn(f"checkpoint {index} (province {province}, length "
                          f"{lines[index - 1]['length']}", r.stderr)
            self.assertIn("history up to it was changed", r.stderr)
            # The original is untouched and still passes.
            r = run_cli("verify", "--data-dir", data, "--checkpoints", out)
            self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    unittest.main()

"""Issue 17, the scenario: a counter dossier with digitised and certified components walks to a
signed electronic result; the result's PDF and its detached CMS signature verify with
`openssl cms -verify` against a throwaway CA made here with the openssl CLI; the public
verification page answers with the minimum (masked name, no ID number); the result lands in the
applicant's e-data store when returned; a second dossier reuses it for a component, recorded and
counted; a correction is a new version linking to the old one; a key revoked from a time on makes
the signatures from that time on verify as revoked while earlier ones stay valid; a new key
(rotation) signs again without touching the earlier signatures. A wrong role and a foreign unit are
refused."""
import base64
import hashlib
import hmac
import json
import os
import re
import struct
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import datetime

from harness import Server, run_cli

UNIT = "03721"
FOREIGN_COMMUNE = "03646"
PROC = "1.001193"
APPLICANT = "Lò Thị Mai"
APPLICANT_ID = "014190007777"
PASS = "digitise-test-passphrase"
ROLES = ("reception", "specialist", "unit_head", "signer", "clerk")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def sh(*args, cwd=None):
    r = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r.stdout


class DigitiseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-digitise-")
        cls.dir = cls.tmp.name
        cls.ca = os.path.join(cls.dir, "ca")
        os.mkdir(cls.ca)
        # A throwaway CA: a self-signed root that may sign certificates.
        sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
           "-subj", "/C=VN/O=Test CA/CN=Throwaway Root", "-keyout", "root.key", "-out", "root.pem",
           "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=cls.ca)
        with open(os.path.join(cls.ca, "leaf.ext"), "w") as f:
            f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n")
        cls.env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
                   "MOTCUA_SIGNING_KEY_PASSPHRASE": PASS}
        cls.s = Server(data_dir=cls.dir, env=cls.env).start()
        with open(os.path.join(cls.dir, "demo-accounts.json")) as f:
            accounts = {a["role"]: a for a in json.load(f)}
        cls.who = {role: cls.login(accounts[role]["username"], accounts[role]["password"],
                                   accounts[role].get("totp_secret")) for role in ROLES}
        # The same signer role in a foreign commune.
        r = run_cli("admin", "create", "--data-dir", cls.dir, "--username", "foreign.signer",
                    "--role", "signer", "--unit", FOREIGN_COMMUNE, "--password-stdin",
                    input="foreign-password-1\n", env=cls.env)
        assert r.returncode == 0, r.stderr
        cls.who["foreign_signer"] = cls.login("foreign.signer", "foreign-password-1", None)
        cls.who["resident"] = cls.resident("sub-digitise", APPLICANT_ID, APPLICANT)
        cls.who["other_resident"] = cls.resident("sub-other", "014190008888", "Người Khác")
        cls.key_id = cls.new_key()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    @classmethod
    def login(cls, username, password, secret):
        body = {"username": username, "password": password}
        if secret:
            body["totp_code"] = totp(secret)
        st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
        assert st == 201, b
        headers = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        if b.get("needs_totp"):
            st, _, e = cls.s.json("POST", "/api/v1/me/totp", {}, headers)
            assert st == 201, e
            secret = e["otpauth_uri"].split("secret=")[1].split("&")[0]
            st, _, e = cls.s.json("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)}, headers)
            assert st == 204, e
        return headers

    @classmethod
    def resident(cls, subject, id_number, name):
        st, h, b = cls.s.json("POST", "/api/v1/_test/resident-session",
                              {"subject": subject, "id_number": id_number, "name": name,
                               "level2": True})
        assert st == 201, b
        return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}

    @classmethod
    def new_key(cls):
        """keys create → the CA signs the request → keys import; returns the key's id."""
        csr = os.path.join(cls.ca, f"unit-{time.monotonic_ns()}.csr")
        r = run_cli("keys", "create", "--unit", UNIT, "--data-dir", cls.dir, "--out", csr,
                    env=cls.env)
        assert r.returncode == 0, r.stderr
        key_id = int(re.search(r"key (\d+) of unit", r.stderr).group(1))
        cert = csr.replace(".csr", ".pem")
        sh("openssl", "x509", "-req", "-in", csr, "-CA", "root.pem", "-CAkey", "root.key",
           "-CAcreateserial", "-days", "10", "-extfile", "leaf.ext", "-out", cert, cwd=cls.ca)
        r = run_cli("keys", "import", "--unit", UNIT, "--data-dir", cls.dir, "--cert", cert,
                    "--chain", os.path.join(cls.ca, "root.pem"), env=cls.env)
        assert r.returncode == 0, r.stderr
        return key_id

    # ---- helpers ---------------------------------------------------------------------------
    def upload(self, who="reception"):
        status, h, data = self.s.request("POST", "/api/v1/files", body=PDF + os.urandom(8),
                                         headers={**self.who[who],
                                                  "Content-Type": "application/octet-stream",
                                                  "X-File-Name": "scan.pdf"})
        self.assertEqual(status, 201, data)
        return json.loads(data)["id"]

    def get(self, code, who="reception"):
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, self.who[who])
        self.assertEqual(st, 200, d)
        return d

    def act(self, code, role, action, args=None):
        h = {**self.who[role], "If-Match": f'"{self.get(code)["version"]}"'}
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/{action}", args or {}, h)
        self.assertEqual(st, 200, (action, b))
        return b

    def intake(self, components):
        body = {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                "applicant": {"full_name": APPLICANT, "id_number": APPLICANT_ID,
                              "phone": "0912345678", "address": "Bản Nà Lĩu"},
                "components": components}
        st, _, d = self.s.json("POST", "/api/v1/dossiers", body, self.who["reception"])
        self.assertEqual(st, 201, d)
        return d["code"]

    def to_signed(self, code):
        self.act(code, "signer", "assign", {"handler": "demo.specialist"})
        self.act(code, "specialist", "appraise", {"opinion": "Đủ điều kiện"})
        self.act(code, "unit_head", "review", {"opinion": "Đồng ý"})
        self.act(code, "signer", "sign")

    def sign(self, code, number, **extra):
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/signed-results",
                               {"document_number": number, "title": "Trích lục khai sinh",
                                "lines": ["Họ và tên: Lò Văn An", "Ngày sinh: 01/12/2026"],
                                "signer_title": "Chủ tịch Ủy ban nhân dân xã", **extra},
                               self.who["signer"])
        self.assertEqual(st, 201, b)
        return b

    def files_of(self, result, who="signer"):
        out = {}
        for part in ("pdf", "p7s"):
            st, h, data = self.s.request("GET", result[part], headers=self.who[who])
            self.assertEqual(st, 200, data[:200])
            out[part] = data
        return out

    def cms_verify(self, files):
        pdf = os.path.join(self.dir, "r.pdf")
        sig = os.path.join(self.dir, "r.p7s")
        with open(pdf, "wb") as f:
            f.write(files["pdf"])
        with open(sig, "wb") as f:
            f.write(files["p7s"])
        return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER",
                               "-in", sig, "-content", pdf,
                               "-CAfile", os.path.join(self.ca, "root.pem"), "-out", os.devnull],
                              capture_output=True, text=True)

    def verify(self, code):
        st, _, b = self.s.json("GET", f"/api/v1/verify/{code}")
        self.assertEqual(st, 200, b)
        return b

    # ---- the scenario ----------------------------------------------------------------------
    def test_scenario(self):
        scan, copy = self.upload(), self.upload()
        code1 = self.intake([{"name": "Tờ khai", "original": True, "file": scan},
                             {"name": "Giấy chứng sinh", "original": False, "certified": True,
                              "file": copy}])
        # Digitised at the counter: who and when; the certified copy needs dossier.certify and
        # is signed by the unit's key. A wrong role and a foreign unit are refused.
        path = f"/api/v1/dossiers/{code1}/digitised-components"
        for who in ("specialist", "signer", "foreign_signer"):
            st, _, b = self.s.json("POST", path, {"component": "Tờ khai"}, self.who[who])
            self.assertIn(st, (403, 404), (who, b))
        st, _, b = self.s.json("POST", path, {"component": "Tờ khai"}, self.who["reception"])
        self.assertEqual(st, 201, b)
        self.assertEqual((b["certified"], b["digitised_by"]), (False, "Lò Văn Đức"))
        st, _, b = self.s.json("POST", path, {"component": "Giấy chứng sinh", "certify": True},
                               self.who["reception"])
        self.assertEqual(st, 201, b)
        self.assertTrue(b["certified"])
        st, _, b = self.s.json("POST", path, {"component": "Tờ khai"}, self.who["reception"])
        self.assertEqual(st, 409, b)
        st, _, dig = self.s.json("GET", f"/api/v1/dossiers/{code1}/digitisation", None,
                                 self.who["signer"])
        self.assertEqual(st, 200, dig)
        self.assertEqual([(c["component"], c["certified"]) for c in dig["components"]],
                         [("Tờ khai", False), ("Giấy chứng sinh", True)])
        self.assertEqual((dig["electronic_result"], dig["digitised"]), (False, False))
        # Not before the sign step.
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code1}/signed-results",
                               {"document_number": "1/TLKS"}, self.who["signer"])
        self.assertEqual(st, 409, b)
        self.to_signed(code1)
        # A wrong role and a foreign unit's signer are refused; nothing is signed.
        for who in ("reception", "foreign_signer", "resident"):
            st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code1}/signed-results",
                                   {"document_number": "1/TLKS"}, self.who[who])
            self.assertIn(st, (403, 404), (who, b))
        r1 = self.sign(code1, "15/TLKS")
        self.assertEqual(r1["version"], 1)
        st, _, dig = self.s.json("GET", f"/api/v1/dossiers/{code1}/digitisation", None,
                                 self.who["signer"])
        self.assertEqual((dig["electronic_result"], dig["digitised"]), (True, True))
        files = self.files_of(r1)
        self.assertTrue(files["pdf"].startswith(b"%PDF"))
        v = self.cms_verify(files)
        self.assertEqual(v.returncode, 0, v.stderr)
        self.assertIn("Verification successful", v.stderr)
        # A changed byte fails the same check.
        tampered = dict(files, pdf=files["pdf"][:-10] + b"0000000000")
        self.assertNotEqual(self.cms_verify(tampered).returncode, 0)
        # The PDF carries the verification code and the link of the QR code.
        text = subprocess.run(["pdftotext", "-", "-"], input=files["pdf"], capture_output=True).stdout.decode()
        self.assertIn("15/TLKS", text)
        self.assertIn(r1["verify_code"][:5] + "-" + r1["verify_code"][5:], text)
        self.assertIn("/xac-thuc/" + r1["verify_code"], "".join(text.split()))
        self.assertIn("TRÍCH LỤC KHAI SINH", text)
        # The foreign signer cannot download it; a stranger resident neither.
        for who in ("foreign_signer", "other_resident"):
            st, _, _ = self.s.request("GET", r1["pdf"], headers=self.who[who])
            self.assertEqual(st, 404, who)

        # The public verification: API and page.
        ver = self.verify(r1["verify_code"])
        self.assertEqual(ver["state"], "valid")
        self.assertEqual(ver["sha256"], hashlib.sha256(files["pdf"]).hexdigest())
        self.assertEqual(ver["document_number"], "15/TLKS")
        self.assertEqual(ver["signer_title"], "Chủ tịch Ủy ban nhân dân xã")
        self.assertNotIn(APPLICANT, json.dumps(ver, ensure_ascii=False))
        st, _, page = self.s.request("GET", "/xac-thuc/" + r1["verify_code"].lower())
        self.assertEqual(st, 200)
        page = page.decode()
        for want in ("15/TLKS", ver["sha256"], ver["applicant"], 'verdict-valid'):
            self.assertIn(want, page)
        for unwanted in (APPLICANT, APPLICANT_ID, "0912345678", "Bản Nà Lĩu"):
            self.assertNotIn(unwanted, page)
        st, _, _ = self.s.request("GET", "/xac-thuc/AAAAA-AAAAA")
        self.assertEqual(st, 404)

        # Numbered, ready, returned: the signed result is placed in the applicant's store.
        self.act(code1, "clerk", "number", {"document_number": "15/TLKS"})
        self.act(code1, "clerk", "mark-ready")
        st, _, store = self.s.json("GET", "/api/v1/me/store", None, self.who["resident"])
        self.assertEqual((st, store["entries"]), (200, []))
        self.act(code1, "reception", "return", {"channel": "counter"})
        st, _, store = self.s.json("GET", "/api/v1/me/store", None, self.who["resident"])
        self.assertEqual(st, 200, store)
        [entry] = store["entries"]
        self.assertEqual((entry["kind"], entry["validity"], entry["synced"], entry["dossier_code"]),
                         ("result", "valid", False, code1))
        st, _, data = self.s.request("GET", entry["download"], headers=self.who["resident"])
        self.assertEqual((st, data), (200, files["pdf"]))
        st, _, b = self.s.json("GET", "/api/v1/me/store", None, self.who["other_resident"])
        self.assertEqual(b["entries"], [])
        st, _, _ = self.s.request("GET", entry["download"], headers=self.who["other_resident"])
        self.assertEqual(st, 404)
        st, _, _ = self.s.request("GET", "/api/v1/me/store", headers=self.who["reception"])
        self.assertEqual(st, 403)
        st, _, page = self.s.request("GET", "/kho-du-lieu", headers=self.who["resident"])
        self.assertEqual(st, 200)
        self.assertIn(code1, page.decode())

        # A correction after the return goes to the store at once; the old one stays, superseded.
        r1b = self.sign(code1, "15b/TLKS", correction_reason="Sai tên cha")
        self.assertEqual((r1b["version"], r1b["corrects"]), (2, r1["verify_code"]))
        st, _, store = self.s.json("GET", "/api/v1/me/store", None, self.who["resident"])
        self.assertEqual([(e["verify_code"], e["validity"]) for e in store["entries"]],
                         [(r1b["verify_code"], "valid"), (r1["verify_code"], "superseded")])
        entry = store["entries"][0]

        # A second dossier reuses the result for a component instead of a new upload.
        code2 = self.intake([{"name": "Tờ khai", "original": True, "file": self.upload()},
                             {"name": "Trích lục khai sinh", "original": False}])
        reuse = {"component": "Trích lục khai sinh", "entry_id": entry["id"]}
        for who in ("specialist", "other_resident", "foreign_signer"):
            st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/reuse", reuse, self.who[who])
            self.assertIn(st, (403, 404), (who, b))
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/reuse",
                               {"component": "Không có", "entry_id": entry["id"]},
                               self.who["reception"])
        self.assertEqual(st, 422, b)
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/reuse", reuse, self.who["reception"])
        self.assertEqual(st, 201, b)
        self.assertEqual((b["reused"], b["source"], b["valid"]), (True, "result", True))
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/reuse", reuse, self.who["reception"])
        self.assertEqual(st, 409, b)
        st, _, b = self.s.json("GET", f"/api/v1/dossiers/{code2}/reuse", None, self.who["specialist"])
        self.assertEqual([c["component"] for c in b["reused_components"]], ["Trích lục khai sinh"])
        # The resident does the same from their store page (no JavaScript): choose the dossier,
        # then the component.
        code3 = self.intake([{"name": "Bản sao trích lục", "original": False}])
        base = f"/kho-du-lieu/{entry['id']}/dung-lai"
        st, _, page = self.s.request("GET", f"{base}?ho_so={code3}", headers=self.who["resident"])
        self.assertEqual(st, 200, page[:300])
        self.assertIn("Bản sao trích lục", page.decode())
        st, _, _ = self.s.request("GET", f"{base}?ho_so={code3}", headers=self.who["other_resident"])
        self.assertEqual(st, 404)
        form = (f"_csrf={self.who['resident']['X-CSRF-Token']}&ho_so={code3}&thanh_phan="
                + urllib.parse.quote("Bản sao trích lục"))
        st, h, _ = self.s.request("POST", base, body=form,
                                  headers={**self.who["resident"],
                                           "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((st, h.get("location")), (303, "/kho-du-lieu?da_dung_lai=1"))
        st, _, b = self.s.json("GET", f"/api/v1/dossiers/{code3}/reuse", None, self.who["reception"])
        self.assertEqual([(c["component"], c["source"]) for c in b["reused_components"]],
                         [("Bản sao trích lục", "result")])
        st, _, b = self.s.json("GET", f"/api/v1/dossiers/{code3}/digitisation", None,
                               self.who["reception"])
        self.assertEqual(b["components"][0]["reused"], True)

        self.to_signed(code2)
        r2 = self.sign(code2, "16/TLKS")
        self.assertEqual(self.cms_verify(self.files_of(r2)).returncode, 0)
        self.assertEqual(self.verify(r2["verify_code"])["state"], "valid")
        self.assertEqual(self.verify(r1["verify_code"])["state"], "valid")

        # A correction: a new signed version linking to the one it corrects; the old one stays.
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/signed-results",
                               {"document_number": "16/TLKS"}, self.who["signer"])
        self.assertEqual(st, 409, b)  # no silent replacement
        time.sleep(1.1)  # the revocation below is given in whole seconds
        r2b = self.sign(code2, "16b/TLKS", correction_reason="Sai ngày sinh")
        self.assertEqual((r2b["version"], r2b["corrects"]), (2, r2["verify_code"]))
        self.assertEqual(self.verify(r2["verify_code"])["superseded_by"], r2b["verify_code"])
        st, _, b = self.s.json("GET", f"/api/v1/dossiers/{code2}/signed-results", None,
                               self.who["clerk"])
        self.assertEqual([x["version"] for x in b["signed_results"]], [1, 2])

        # Revoked from the correction's signing time on: the correction verifies as revoked, the
        # earlier signatures stay valid with their time.
        at = datetime.datetime.fromtimestamp(r2b["issued_at_ms"] // 1000, datetime.timezone.utc)
        r = run_cli("keys", "revoke", "--unit", UNIT, "--key", str(self.key_id), "--at",
                    at.strftime("%Y-%m-%dT%H:%M:%SZ"), "--reason", "compromise",
                    "--data-dir", self.dir, env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.verify(r2b["verify_code"])["state"], "revoked")
        self.assertEqual(self.verify(r2["verify_code"])["state"], "valid")
        self.assertEqual(self.verify(r1["verify_code"])["state"], "valid")
        st, _, page = self.s.request("GET", "/xac-thuc/" + r2b["verify_code"])
        self.assertIn("verdict-revoked", page.decode())
        # No key signs now; a new key (rotation) signs again, the old signatures untouched.
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code2}/signed-results",
                               {"document_number": "16c/TLKS", "correction_reason": "x"},
                               self.who["signer"])
        self.assertEqual(st, 409, b)
        new_key = self.new_key()
        self.assertNotEqual(new_key, self.key_id)
        r2c = self.sign(code2, "16c/TLKS", correction_reason="Ký lại bằng khóa mới")
        self.assertEqual(r2c["key_id"], new_key)
        self.assertEqual(self.verify(r2c["verify_code"])["state"], "valid")
        self.assertEqual(self.verify(r1["verify_code"])["state"], "valid")
        self.assertEqual(self.cms_verify(self.files_of(r1)).returncode, 0)
        listing = run_cli("keys", "list", "--unit", UNIT, "--data-dir", self.dir, env=self.env)
        self.assertRegex(listing.stdout, rf"(?m)^{self.key_id}\t{UNIT}\trevoked\t")
        self.assertRegex(listing.stdout, rf"(?m)^{new_key}\t{UNIT}\tactive\t")

    def test_keys_are_encrypted_at_rest_and_need_the_passphrase(self):
        import sqlite3
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        [pem] = db.execute("SELECT key_pem FROM digitise_unit_keys WHERE id = ?",
                           (self.key_id,)).fetchone()
        db.close()
        self.assertIn("BEGIN ENCRYPTED PRIVATE KEY", pem)
        ok = subprocess.run(["openssl", "pkey", "-passin", "pass:" + PASS, "-noout"],
                            input=pem, capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        bad = subprocess.run(["openssl", "pkey", "-passin", "pass:wrong", "-noout"],
                             input=pem, capture_output=True, text=True)
        self.assertNotEqual(bad.returncode, 0)
        # Without a passphrase no key is made.
        env = dict(self.env, MOTCUA_SIGNING_KEY_PASSPHRASE="")
        r = run_cli("keys", "create", "--unit", UNIT, "--data-dir", self.dir, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("signing_key_passphrase", r.stderr)
        # A certificate for no key of the unit is refused.
        r = run_cli("keys", "import", "--unit", UNIT, "--data-dir", self.dir,
                    "--cert", os.path.join(self.ca, "root.pem"),
                    "--chain", os.path.join(self.ca, "root.pem"), env=self.env)
        self.assertEqual(r.returncode, 2, r.stderr)


if __name__ == "__main__":
    unittest.main()

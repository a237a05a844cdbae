"""The dossier API over HTTP on the real binary: counter intake and online submission, actions with
ETag / If-Match, Idempotency-Key replays, 400/422 problems that leave no trace, authorisation by
unit and by applicant, the work list, the PDF forms (pdftotext), the public lookup (same answer
for unknown and malformed codes, rate-limited), 50 parallel intakes with gapless codes, two officers
racing on one version, and notifications delivered to a real SMTP server (aiosmtpd)."""
import base64
import glob
import hashlib
import hmac
import json
import os
import socket
import struct
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from harness import Server, free_port

UNIT = "03721"
PROC = "1.001193"


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def applicant(name="Lò Thị Mai", id_number="014190001234", email=""):
    return {"full_name": name, "id_number": id_number, "phone": "0912345678",
            "email": email, "address": "Bản Nà Lĩu"}


class DossierApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-dossier-")
        cls.smtp_port = free_port()
        cls.maildir = os.path.join(cls.tmp.name, "Maildir")
        cls.smtp = subprocess.Popen(
            ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{cls.smtp_port}", "-c",
             "aiosmtpd.handlers.Mailbox", cls.maildir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", cls.smtp_port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
               "MOTCUA_SMTP_URL": f"smtp://127.0.0.1:{cls.smtp_port}",
               "MOTCUA_LOOKUP_PER_MINUTE": "600", "MOTCUA_MAX_BODY_BYTES": "65536"}
        cls.s = Server(data_dir=cls.tmp.name, env=env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        cls.officers = {}
        for role in ("reception", "specialist", "unit_head", "signer", "clerk", "centre_director"):
            cls.officers[role] = cls.login(cls.accounts[role])
        cls.resident = cls.resident_session("014190001234", "Lò Thị Mai")

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.smtp.terminate()
        cls.smtp.wait()
        cls.tmp.cleanup()

    @classmethod
    def login(cls, a):
        body = {"username": a["username"], "password": a["password"]}
        if a.get("totp_secret"):
            body["totp_code"] = totp(a["totp_secret"])
        st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
        assert st == 201, b
        return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}

    @classmethod
    def resident_session(cls, id_number, name):
        st, h, b = cls.s.json("POST", "/api/v1/_test/resident-session",
                              {"subject": "sub-" + id_number, "id_number": id_number,
                               "name": name, "level2": True})
        assert st == 201, b
        return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}

    def intake(self, who=None, **extra):
        body = {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                "applicant": applicant(), "components": [{"name": "Tờ khai", "original": True}]}
        body.update(extra)
        return self.s.json("POST", "/api/v1/dossiers", body, who or self.officers["reception"])

    def act(self, code, role_or_headers, action, args=None, version=None, key=None):
        h = dict(self.officers[role_or_headers] if isinstance(role_or_headers, str)
                 else role_or_headers)
        if version is not None:
            h["If-Match"] = f'"{version}"'
        if key:
            h["Idempotency-Key"] = key
        return self.s.json("POST", f"/api/v1/dossiers/{code}/actions/{action}", args or {}, h)

    def test_components_may_be_certified_copies(self):
        st, _, d = self.intake(components=[{"name": "Giấy khai sinh", "certified": True},
                                           {"name": "Tờ khai", "original": True},
                                           {"name": "Sổ hộ khẩu"}])
        self.assertEqual(st, 201, d)
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{d['code']}", None,
                                 self.officers["reception"])
        self.assertEqual([(c["original"], c["certified"]) for c in got["components"]],
                         [(False, True), (True, False), (False, False)])
        st, _, bad = self.intake(components=[{"name": "x", "certified": "yes"},
                                             {"name": "y", "original": "yes"}])
        self.assertEqual(st, 422, bad)
        self.assertEqual({"components/0/certified", "components/1/original"},
                         {e["field"] for e in bad["errors"]})

    def test_counter_path_with_etags_forms_and_lookup(self):
        st, h, d = self.intake(applicant=applicant(email="mai@example.test"))
        self.assertEqual(st, 201, d)
        code = d["code"]
        self.assertEqual(h["etag"], '"1"')
        self.assertEqual(h["location"], f"/api/v1/dossiers/{code}")
        self.assertEqual(d["status"], 2)
        self.assertRegex(code, r"^H14\.03721-\d{6}-\d{4}$")
        version = 1
        for role, action, args, status in [
                ("signer", "assign", {"handler": "demo.specialist"}, 4),
                ("specialist", "appraise", {"opinion": "Đủ điều kiện"}, 4),
                ("unit_head", "review", {"opinion": "Đồng ý"}, 4),
                ("signer", "sign", {}, 4),
                ("clerk", "number", {"document_number": "7/TLKS"}, 4),
                ("clerk", "mark-ready", {}, 9),
                ("reception", "return", {"channel": "counter"}, 10)]:
            st, h, d = self.act(code, role, action, args, version)
            self.assertEqual(st, 200, (action, d))
            self.assertEqual(d["status"], status)
            version += 1
            self.assertEqual(h["etag"], f'"{version}"')
        # The resident sees it (their ID), the process-control sheet lists every handover.
        st, _, mine = self.s.json("GET", f"/api/v1/dossiers/{code}", None, self.resident)
        self.assertEqual(st, 200, mine)
        st, h, pdf = self.s.request("GET", f"/api/v1/dossiers/{code}/forms/01.pdf",
                                    headers=self.officers["reception"])
        self.assertEqual(st, 200)
        self.assertEqual(h["content-type"], "application/pdf")
        text = pdftotext(pdf)
        self.assertIn(code, text)
        self.assertIn("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text)
        self.assertIn("Lò Thị Mai", text)
        sheet = pdftotext(self.s.request("GET", f"/api/v1/dossiers/{code}/forms/06.pdf",
                                         headers=self.officers["reception"])[2])
        self.assertIn("Văn thư", sheet)
        st, _, b = self.s.json("GET", f"/api/v1/dossiers/{code}/forms/04.pdf", None,
                               self.officers["reception"])
        self.assertEqual(st, 404)  # no apology was made
        # Public lookup: status and masked name only.
        st, _, p = self.s.json("GET", f"/api/v1/lookup/{code}")
        self.assertEqual(st, 200)
        self.assertEqual(p["status"], 10)
        self.assertEqual(p["applicant"], "L. T. Mai")
        self.assertNotIn("014190001234", json.dumps(p))
        self.assertNotIn("0912345678", json.dumps(p))
        st, _, page = self.s.request("GET", f"/tra-cuu/{code}", headers={"Accept": "text/html"})
        self.assertEqual(st, 200)
        self.assertIn("L. T. Mai", page.decode())
        # Notifications reach the real SMTP server after commit (accepted, result ready).
        deadline = time.time() + 20
        mails = ""
        while time.time() < deadline and mails.count("Message-ID") < 2:
            mails = ""
            for p in glob.glob(os.path.join(self.maildir, "*", "*")):
                with open(p, encoding="utf-8", errors="replace") as f:
                    mails += f.read()
            time.sleep(0.2)
        self.assertIn(f"dossier/{code}/dossier.accepted", mails, self.s.output()[-3000:])
        self.assertIn(f"dossier/{code}/dossier.result_ready", mails)

    def read_mails(self, needles):
        """Returns every mail the SMTP server received, once all of `needles` are in it (20 s)."""
        deadline = time.time() + 20
        mails = ""
        while time.time() < deadline and not all(n in mails for n in needles):
            mails = ""
            for p in glob.glob(os.path.join(self.maildir, "*", "*")):
                with open(p, encoding="utf-8", errors="replace") as f:
                    mails += f.read()
            time.sleep(0.2)
        return mails

    def test_refusal_and_stop_are_mailed_to_the_applicant(self):
        st, _, d = self.intake(applicant=applicant(email="refused@example.test"))
        refused = d["code"]
        version = 1
        for role, action, args in [("signer", "assign", {"handler": "demo.specialist"}),
                                   ("specialist", "appraise", {"opinion": "Không đủ điều kiện"}),
                                   ("signer", "refuse", {"reason": "Thiếu giấy chứng sinh gốc"})]:
            st, _, b = self.act(refused, role, action, args, version)
            self.assertEqual(st, 200, (action, b))
            version += 1
        self.assertEqual(b["status"], 3)
        st, _, d = self.intake(applicant=applicant(email="stopped@example.test"))
        stopped = d["code"]
        st, _, b = self.act(stopped, "reception", "stop", {"reason": "Người nộp xin rút hồ sơ"}, 1)
        self.assertEqual(st, 200, b)
        self.assertEqual(b["status"], 8)
        mails = self.read_mails([f"dossier/{refused}/dossier.refused", f"dossier/{stopped}/dossier.stopped"])
        self.assertIn(f"dossier/{refused}/dossier.refused", mails, self.s.output()[-3000:])
        self.assertIn(f"dossier/{stopped}/dossier.stopped", mails)
        self.assertIn("refused@example.test", mails)
        self.assertIn("stopped@example.test", mails)

    def test_if_match_is_required_and_stale_versions_fail_the_precondition(self):
        st, _, d = self.intake()
        code = d["code"]
        st, _, b = self.act(code, "signer", "assign", {"handler": "demo.specialist"})
        self.assertEqual(st, 428, b)
        st, _, b = self.act(code, "signer", "assign", {"handler": "demo.specialist"}, version=7)
        self.assertEqual(st, 412, b)
        self.assertEqual(b["type"], "https://motcua.dev/problems/precondition_failed")
        self.assertIn("version 1", b["detail"])
        # Two officers act on version 1 at once: one wins, the other's If-Match is stale (412),
        # nothing doubles.
        results = []
        def go():
            results.append(self.act(code, "signer", "assign", {"handler": "demo.specialist"}, 1)[0])
        threads = [threading.Thread(target=go) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(results), [200, 412])
        st, _, ev = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None,
                                self.officers["signer"])
        self.assertEqual([e["type"] for e in ev["events"]], ["dossier.accepted", "dossier.step_done"])
        # An action the state does not allow names the current state.
        st, _, b = self.act(code, "signer", "sign", {}, 2)
        self.assertEqual(st, 409)
        self.assertIn("processing", b["detail"])
        st, _, b = self.act(code, "signer", "fly", {}, 2)
        self.assertEqual(st, 404)

    def test_idempotency_key_replays_and_refuses_another_body(self):
        h = dict(self.officers["reception"], **{"Idempotency-Key": "intake-42"})
        body = {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                "applicant": applicant("Quàng Văn Sáu", "014190004321")}
        st1, _, a = self.s.json("POST", "/api/v1/dossiers", body, h)
        st2, h2, b = self.s.json("POST", "/api/v1/dossiers", body, h)
        self.assertEqual((st1, st2), (201, 201))
        self.assertEqual(a["code"], b["code"])
        self.assertEqual(h2.get("idempotent-replayed"), "true")
        body["applicant"]["full_name"] = "Someone Else"
        st3, _, c = self.s.json("POST", "/api/v1/dossiers", body, h)
        self.assertEqual(st3, 422, c)
        # The action replays too.
        st, _, r1 = self.act(a["code"], "signer", "assign", {"handler": "demo.specialist"}, 1,
                              key="as-1")
        st, h3, r2 = self.act(a["code"], "signer", "assign", {"handler": "demo.specialist"}, 1,
                              key="as-1")
        self.assertEqual(st, 200)
        self.assertEqual(r1["version"], r2["version"])
        self.assertEqual(h3.get("idempotent-replayed"), "true")

    def test_bad_input_is_a_problem_naming_fields_and_leaves_no_trace(self):
        db_count = self.count_dossiers()
        cases = [
            ({"unit": UNIT, "procedure_code": PROC}, 422, "applicant"),
            ({"unit": UNIT, "procedure_code": PROC, "applicant": applicant(id_number="12")}, 422,
             "applicant.id_number"),
            ({"unit": "99999", "procedure_code": PROC, "applicant": applicant()}, 422, "unit"),
            ({"unit": UNIT, "procedure_code": "9.999999", "applicant": applicant()}, 422,
             "procedure_code"),
            ({"unit": UNIT, "procedure_code": PROC, "applicant": applicant(), "channel": "fax"},
             422, "channel"),
            ({"unit": UNIT, "procedure_code": PROC, "applicant": "nobody"}, 422, "applicant"),
            # Issue 14, defect 1: a wrongly typed or overlong field named in the problem (it was
            # a 500 from iterating the fields of a freed status). A resident reaches it too.
            ({"unit": 7, "procedure_code": PROC, "applicant": applicant()}, 422, "unit"),
            ({"unit": UNIT, "procedure_code": ["x"], "applicant": applicant()}, 422,
             "procedure_code"),
            ({"unit": UNIT, "procedure_code": PROC, "applicant": {**applicant(), "phone": 912}},
             422, "applicant.phone"),
            ({"unit": UNIT, "procedure_code": PROC,
              "applicant": {**applicant(), "full_name": "A" * 600}}, 422, "applicant.full_name"),
            ({"unit": "U" * 501, "procedure_code": PROC, "applicant": applicant()}, 422, "unit"),
        ]
        typed = cases[-5:]
        calls = [(b, st, f, self.officers["reception"]) for b, st, f in cases]
        calls += [({**b, "channel": "online"}, st, f, self.resident) for b, st, f in typed]
        for body, status, field, who in calls:
            st, h, b = self.s.json("POST", "/api/v1/dossiers", body, who)
            self.assertEqual(st, status, (body, b))
            self.assertEqual(h["content-type"], "application/problem+json")
            self.assertIn(field, [e["field"] for e in b.get("errors", [])], b)
        self.assertNotIn("basic_string", self.s.output())
        st, _, b = self.s.request("POST", "/api/v1/dossiers", "{not json",
                                  {**self.officers["reception"], "Content-Type": "application/json"})
        self.assertEqual(st, 400)
        st, _, b = self.s.request("POST", "/api/v1/dossiers", "x" * 70000,
                                  {**self.officers["reception"], "Content-Type": "application/json"})
        self.assertEqual(st, 413)
        self.assertEqual(self.count_dossiers(), db_count)

    def test_units_and_applicants_are_fenced(self):
        st, _, d = self.intake(applicant=applicant("Cầm Thị Lan", "014190005555"))
        code = d["code"]
        # Another resident, and an officer of a foreign commune, are refused.
        other = self.resident_session("014190009999", "Hà Văn Khánh")
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, other)[0], 403)
        self.assertEqual(self.act(code, other, "request-withdrawal", {"reason": "x"}, 1)[0], 403)
        foreign = self.foreign_officer("signer")
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, foreign)[0], 403)
        self.assertEqual(self.act(code, foreign, "assign", {"handler": "x"}, 1)[0], 403)
        st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1", None, foreign)
        self.assertEqual(st, 200)
        self.assertNotIn(code, [i["code"] for i in wl["items"]])
        # A wrong role of the right unit is refused by the workflow.
        st, _, b = self.act(code, "clerk", "assign", {"handler": "x"}, 1)
        self.assertEqual(st, 403, b)
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}")[0], 401)
        # The officer's view is logged for the auditor.
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None,
                                     self.officers["specialist"])[0], 200)
        auditor = self.login(self.accounts["auditor"])
        st, _, log = self.s.json("GET", "/api/v1/audit/access-log", None, auditor)
        self.assertIn(f"dossier:{code}", [e["record"] for e in log["entries"]])
        # Lists mask the ID number.
        st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1", None, self.officers["signer"])
        item = next(i for i in wl["items"] if i["code"] == code)
        self.assertEqual(item["applicant"]["id_number"], "014******555")

    def test_online_filing_needs_a_procedure_offered_online(self):
        st, _, b = self.s.json("GET", f"/api/v1/procedures?unit={UNIT}&online=none&limit=1", None)
        self.assertEqual(st, 200, b)
        self.assertTrue(b["procedures"], "the demo unit offers a procedure that is not online")
        offline = b["procedures"][0]["code"]
        before = self.count_dossiers()
        st, _, d = self.intake(self.resident, channel="online", procedure_code=offline)
        self.assertEqual(st, 422, d)
        self.assertEqual(d["errors"][0]["field"], "channel")
        self.assertIn("counter", d["detail"])
        self.assertEqual(self.count_dossiers(), before)
        # The same procedure at the counter is fine.
        st, _, d = self.intake(procedure_code=offline)
        self.assertEqual(st, 201, d)

    # ---- Authorisations (ủy quyền) ------------------------------------------------------------

    EXPIRES = "2030-12-31T17:00:00+07:00"

    def access_purposes(self, code):
        auditor = self.login(self.accounts["auditor"])
        st, _, log = self.s.json("GET", f"/api/v1/audit/access-log?record=dossier:{code}", None,
                                 auditor)
        self.assertEqual(st, 200, log)
        return [e["purpose"] for e in log["entries"]]

    def test_authorisations_cannot_be_self_granted(self):
        # The demo exploit: a community-group member "records" an authorisation for an applicant
        # it has never met, then reads the dossier and asks for its withdrawal.
        victim = "014191375494"
        st, _, d = self.intake(applicant=applicant("Lò Văn Pọm", victim))
        self.assertEqual(st, 201, d)
        code = d["code"]
        member = self.login(self.accounts["community_member"])
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, member)[0], 403)
        st, _, body = self.s.json("POST", "/api/v1/authorisations",
                                  {"for_id_number": victim, "scope": "all",
                                   "document_ref": "tự khai"}, member)
        self.assertEqual(st, 403, body)
        self.assertIn("reception counter", body["detail"])
        self.assertIn("signed in", body["detail"])
        # Naming itself as the agent, with every field filled, changes nothing.
        st, _, body = self.s.json("POST", "/api/v1/authorisations",
                                  {"for_id_number": victim, "for_name": "Lò Văn Pọm",
                                   "agent_username": "demo.community_member", "scope": "all",
                                   "document_ref": "tự khai", "expires": self.EXPIRES}, member)
        self.assertEqual(st, 403, body)
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, member)[0], 403)
        self.assertEqual(self.act(code, member, "request-withdrawal", {"reason": "x"}, 1)[0], 403)
        # A resident cannot grant themselves rights over someone else either.
        other = self.resident_session("014190008888", "Đèo Văn Sơn")
        st, _, body = self.s.json("POST", "/api/v1/authorisations",
                                  {"for_id_number": victim, "agent_id_number": "014190008888",
                                   "scope": "all", "expires": self.EXPIRES}, other)
        self.assertEqual(st, 403, body)
        self.assertIn("your own ID number", body["detail"])
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, other)[0], 403)
        self.assertEqual(self.act(code, other, "request-withdrawal", {"reason": "x"}, 1)[0], 403)

    def test_the_principal_authorises_an_agent_and_revocation_ends_it(self):
        principal_id, agent_id = "014191370002", "014190007777"
        st, _, d = self.intake(applicant=applicant("Lò Thị Hoa", principal_id))
        code = d["code"]
        principal = self.resident_session(principal_id, "Lò Thị Hoa")
        agent = self.resident_session(agent_id, "Lường Văn Chiến")
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, agent)[0], 403)
        # The principal names the agent; its own ID number is implied (and may be given).
        st, h, auth = self.s.json("POST", "/api/v1/authorisations",
                                  {"for_id_number": principal_id, "agent_id_number": agent_id,
                                   "scope": "all", "expires": self.EXPIRES}, principal)
        self.assertEqual(st, 201, auth)
        self.assertEqual(h["location"], f"/api/v1/authorisations/{auth['id']}")
        self.assertIsNone(auth["unit"])  # the principal's own covers every unit
        self.assertTrue(auth["recorded_by"].startswith("resident:"))
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None, agent)
        self.assertEqual(st, 200, got)
        # The agent's view is logged, naming the authorisation it went through.
        self.assertIn(f"dossier.view under authorisation {auth['id']}", self.access_purposes(code))
        # Only the principal (or the counter) revokes it: not the agent.
        self.assertEqual(self.s.json("DELETE", f"/api/v1/authorisations/{auth['id']}", None,
                                     agent)[0], 403)
        st, _, body = self.s.json("DELETE", f"/api/v1/authorisations/{auth['id']}", None,
                                  principal)
        self.assertEqual(st, 204, body)
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, agent)[0], 403)
        self.assertEqual(self.act(code, agent, "request-withdrawal", {"reason": "x"}, 1)[0], 403)
        st, _, body = self.s.json("DELETE", f"/api/v1/authorisations/{auth['id']}", None,
                                  principal)
        self.assertEqual(st, 409, body)
        self.assertEqual(self.s.json("DELETE", "/api/v1/authorisations/99999", None,
                                     principal)[0], 404)

    def test_reception_records_paper_authorisations_for_its_own_unit_only(self):
        principal_id = "014191370003"
        st, _, d = self.intake(applicant=applicant("Cầm Văn Ánh", principal_id))
        code = d["code"]
        member = self.login(self.accounts["community_member"])
        paper = {"for_id_number": principal_id, "for_name": "Cầm Văn Ánh",
                 "agent_username": "demo.community_member", "scope": "all",
                 "document_ref": "Giấy ủy quyền 12/2026", "expires": self.EXPIRES}
        foreign = self.foreign_officer("reception")
        st, _, body = self.s.json("POST", "/api/v1/authorisations", {**paper, "unit": UNIT},
                                  foreign)
        self.assertEqual(st, 403, body)
        # At its own counter it records one, which covers that unit's dossiers, not this one.
        st, _, there = self.s.json("POST", "/api/v1/authorisations", paper, foreign)
        self.assertEqual(st, 201, there)
        self.assertEqual(there["unit"], "03646")
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, member)[0], 403)
        # The paper must be named.
        st, _, body = self.s.json("POST", "/api/v1/authorisations",
                                  {**paper, "document_ref": ""}, self.officers["reception"])
        self.assertEqual(st, 400, body)
        self.assertIn("document_ref", [e["field"] for e in body["errors"]])
        st, _, here = self.s.json("POST", "/api/v1/authorisations", paper,
                                  self.officers["reception"])
        self.assertEqual(st, 201, here)
        self.assertEqual(here["unit"], UNIT)
        self.assertTrue(here["recorded_by"].startswith("user:"))
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, member)[0], 200)
        self.assertIn(f"dossier.view under authorisation {here['id']}", self.access_purposes(code))
        # Another unit's reception cannot revoke it; this unit's can.
        self.assertEqual(self.s.json("DELETE", f"/api/v1/authorisations/{here['id']}", None,
                                     foreign)[0], 403)
        self.assertEqual(self.s.json("DELETE", f"/api/v1/authorisations/{here['id']}", None,
                                     self.officers["reception"])[0], 204)
        self.assertEqual(self.s.json("GET", f"/api/v1/dossiers/{code}", None, member)[0], 403)

    def test_online_submission_send_back_resubmit_accept(self):
        st, _, d = self.intake(self.resident, channel="online")
        self.assertEqual(st, 201, d)
        self.assertEqual(d["status"], 1)
        code = d["code"]
        st, _, d = self.act(code, "reception", "send-back",
                            {"missing": ["Giấy chứng sinh"], "reason": "Thiếu"}, 1)
        self.assertEqual(st, 200, d)
        st, _, d = self.act(code, self.resident, "resubmit", {}, 2)
        self.assertEqual(st, 200, d)
        st, _, d = self.act(code, "reception", "accept", {}, 3)
        self.assertEqual((st, d["status"]), (200, 2), d)
        st, _, mine = self.s.json("GET", "/api/v1/me/dossiers", None, self.resident)
        self.assertIn(code, [i["code"] for i in mine["items"]])
        st, _, wl = self.s.json("GET", "/api/v1/worklist", None, self.officers["signer"])
        self.assertIn(code, [i["code"] for i in wl["items"]])  # assign is the signer's next
        self.assertEqual(self.s.json("GET", "/api/v1/worklist?state=99", None,
                                     self.officers["signer"])[0], 422)

    def test_fifty_parallel_intakes_get_gapless_codes(self):
        codes, lock = [], threading.Lock()
        def go(i):
            st, _, d = self.intake(applicant=applicant(f"Người {i}", f"0141900{i:05d}"))
            with lock:
                codes.append((st, d.get("code")))
        threads = [threading.Thread(target=go, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(all(st == 201 for st, _ in codes), codes)
        by_day = {}
        for _, c in codes:
            prefix, seq = c.rsplit("-", 1)
            by_day.setdefault(prefix, []).append(int(seq))
        from harness import query
        for prefix, seqs in by_day.items():
            self.assertEqual(len(set(seqs)), len(seqs))
            stored = sorted(int(r[0].rsplit("-", 1)[1]) for r in query(
                self.tmp.name, "SELECT code FROM dossiers WHERE code LIKE ?", (prefix + "-%",)))
            self.assertEqual(stored, list(range(1, len(stored) + 1)), prefix)

    def test_lookup_hides_which_codes_exist_and_is_rate_limited(self):
        a = self.s.json("GET", "/api/v1/lookup/H14.03721-261201-9999")
        b = self.s.json("GET", "/api/v1/lookup/not-a-code")
        self.assertEqual((a[0], b[0]), (404, 404))
        self.assertEqual(a[2], b[2])
        statuses = [self.s.json("GET", "/api/v1/lookup/x")[0] for _ in range(400)]
        self.assertIn(429, statuses)

    def upload(self, who, data, name):
        h = dict(who, **{"Content-Type": "application/octet-stream", "X-File-Name": name})
        st, _, b = self.s.request("POST", "/api/v1/files", data, h)
        return st, json.loads(b)

    def test_uploads_results_and_rating(self):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        st, f = self.upload(self.resident, pdf, "giay-chung-sinh.pdf")
        self.assertEqual(st, 201, f)
        self.assertEqual(f["mime"], "application/pdf")
        st, bad = self.upload(self.resident, b"#!/bin/sh\necho hi\n", "virus.pdf")
        self.assertEqual(st, 415, bad)  # sniffed, not trusted from the name
        st, _ = self.upload(self.resident, b"", "empty.pdf")
        self.assertEqual(st, 422)
        # Someone else's file cannot be cited.
        st, _, b = self.intake(channel="counter", components=[{"name": "x", "file": f["id"]}])
        self.assertEqual(st, 422, b)
        st, _, d = self.intake(self.resident, channel="online",
                               components=[{"name": "Giấy chứng sinh", "file": f["id"]}])
        self.assertEqual(st, 201, d)
        code = d["code"]
        st, h, got = self.s.request("GET", f"/api/v1/dossiers/{code}/files/{f['id']}",
                                    headers=self.officers["reception"])
        self.assertEqual((st, got), (200, pdf))
        self.assertEqual(h["content-type"], "application/pdf")
        self.assertEqual(self.s.request("GET", f"/api/v1/dossiers/{code}/files/{f['id']}",
                                        headers=self.foreign_officer("reception"))[0], 403)
        # Sent back for completion; the resident resubmits with the missing paper, which joins the
        # dossier's components and opens for the officer through the dossier.
        st, _, d = self.act(code, "reception", "send-back", {"missing": ["CCCD"], "reason": "Thiếu"}, 1)
        self.assertEqual(st, 200, d)
        st, extra = self.upload(self.resident, b"%PDF-1.4\n% cccd\n%%EOF\n", "cccd.pdf")
        st, _, d = self.act(code, self.resident, "resubmit",
                            {"components": [{"name": "CCCD", "file": extra["id"]}]}, 2)
        self.assertEqual(st, 200, d)
        self.assertIn(extra["id"], [c["file"] for c in d["components"]])
        st, _, got = self.s.request("GET", f"/api/v1/dossiers/{code}/files/{extra['id']}",
                                    headers=self.officers["reception"])
        self.assertEqual(st, 200)
        v = 3
        for role, action, args in [("reception", "accept", {}),
                                   ("signer", "assign", {"handler": "demo.specialist"}),
                                   ("specialist", "appraise", {}), ("unit_head", "review", {}),
                                   ("signer", "sign", {})]:
            st, _, d = self.act(code, role, action, args, v)
            self.assertEqual(st, 200, (action, d))
            v += 1
        st, r = self.upload(self.officers["clerk"], b"%PDF-1.4\n% result\n%%EOF\n", "ket-qua.pdf")
        self.assertEqual(st, 201, r)
        st, _, d = self.act(code, "clerk", "number", {"document_number": "9/TLKS",
                                                     "result_file": r["id"]}, v)
        self.assertEqual(st, 200, d)
        self.assertEqual(d["result_file"], r["id"])
        st, _, d = self.act(code, "clerk", "mark-ready", {}, v + 1)
        st, _, d = self.act(code, self.resident, "rate", {"score": 5}, v + 2)
        self.assertEqual(st, 409, d)  # not returned yet
        st, _, d = self.act(code, "reception", "return", {"channel": "online"}, v + 2)
        self.assertEqual((st, d["status"]), (200, 10), d)
        st, _, got = self.s.request("GET", f"/api/v1/dossiers/{code}/files/{r['id']}",
                                    headers=self.resident)
        self.assertEqual(st, 200)
        self.assertTrue(got.startswith(b"%PDF"))
        st, _, d = self.act(code, self.resident, "rate", {"score": 6}, v + 3)
        self.assertEqual(st, 422, d)
        st, _, d = self.act(code, self.resident, "rate", {"score": 4, "comment": "Nhanh"}, v + 3)
        self.assertEqual((st, d["rating"]), (200, 4), d)
        st, _, d = self.act(code, self.resident, "rate", {"score": 5}, v + 4)
        self.assertEqual(st, 409, d)

    def test_assign_names_a_real_handler_who_alone_appraises(self):
        st, _, d = self.intake(applicant=applicant("Cầm Văn Hùng", "014190005555"))
        self.assertEqual(st, 201, d)
        code = d["code"]
        other = self.officer("demo.specialist2", "specialist", UNIT)
        self.officer("far.specialist", "specialist", "03646")  # a specialist of another commune
        # Unknown, and of the wrong commune: 422 on the field, saying who can be chosen.
        for handler in ("ai-do-khong-ton-tai", "far.specialist", "demo.clerk"):
            st, _, b = self.act(code, "signer", "assign", {"handler": handler}, 1)
            self.assertEqual(st, 422, (handler, b))
            self.assertEqual([e["field"] for e in b["errors"]], ["handler"], b)
            self.assertIn("choose one of: demo.specialist, demo.specialist2",
                          b["errors"][0]["message"])
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None, self.officers["signer"])
        self.assertEqual((got["version"], got["handler"]), (1, ""), "nothing recorded")
        st, _, d = self.act(code, "signer", "assign", {"handler": "demo.specialist2"}, 1)
        self.assertEqual(st, 200, d)
        self.assertEqual(d["handler"], "demo.specialist2")

        def my_work(headers):
            st, _, wl = self.s.json("GET", "/api/v1/worklist?limit=1000", None, headers)
            self.assertEqual(st, 200, wl)
            return [i["code"] for i in wl["items"]]
        # Assigned to someone else: not in my work, and not mine to appraise.
        self.assertNotIn(code, my_work(self.officers["specialist"]))
        self.assertIn(code, my_work(other))
        st, _, b = self.act(code, "specialist", "appraise", {"opinion": "x"}, 2)
        self.assertEqual(st, 409, b)
        self.assertIn("assigned to 'demo.specialist2'", b["detail"])
        self.assertIn("reassign", b["detail"])
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None,
                                 self.officers["specialist"])
        self.assertNotIn("appraise", got["allowed_actions"])
        # Unassigned steps stay with the role: a dossier awaiting assignment is in the signer's work.
        st, _, free = self.intake(applicant=applicant("Cầm Thị Lan", "014190006666"))
        self.assertEqual(st, 201, free)
        self.assertIn(free["code"], my_work(self.officers["signer"]))
        # The signer reassigns; the new handler appraises and the former one loses it.
        st, _, d = self.act(code, "signer", "assign", {"handler": "demo.specialist"}, 2)
        self.assertEqual(st, 200, d)
        self.assertIn(code, my_work(self.officers["specialist"]))
        self.assertNotIn(code, my_work(other))
        st, _, b = self.act(code, other, "appraise", {"opinion": "x"}, 3)
        self.assertEqual(st, 409, b)
        st, _, d = self.act(code, "specialist", "appraise", {"opinion": "Đủ điều kiện"}, 3)
        self.assertEqual(st, 200, d)
        st, _, ev = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None,
                                self.officers["signer"])
        self.assertEqual([e.get("detail") for e in ev["events"]
                          if e["type"] == "dossier.step_done" and e.get("step") == "assign"],
                         ["demo.specialist2", "demo.specialist"])
        # Once appraised, the next step is the role's again.
        self.assertIn(code, my_work(self.officers["unit_head"]))

    def test_desk_assign_form_offers_and_checks_the_same_handlers(self):
        st, _, d = self.intake(applicant=applicant("Lường Văn Bình", "014190007777"))
        self.assertEqual(st, 201, d)
        code = d["code"]
        signer = self.officers["signer"]
        st, _, page = self.s.request("GET", f"/can-bo/ho-so/{code}", headers=signer)
        self.assertEqual(st, 200)
        page = page.decode() if isinstance(page, bytes) else page
        self.assertIn('<option value="demo.specialist"', page)
        self.assertNotIn('<option value="demo.clerk"', page)
        form = urllib.parse.urlencode({"_csrf": signer["X-CSRF-Token"], "version": "1",
                                       "handler": "ai-do-khong-ton-tai"})
        st, _, page = self.s.request(
            "POST", f"/can-bo/ho-so/{code}/assign", form,
            dict(signer, **{"Content-Type": "application/x-www-form-urlencoded"}))
        page = page.decode() if isinstance(page, bytes) else page
        self.assertEqual(st, 422, page[-2000:])
        self.assertIn('id="act-assign-handler-error"', page)
        self.assertIn("ai-do-khong-ton-tai", page)
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None, signer)
        self.assertEqual(got["version"], 1, "nothing recorded")

    def test_desk_form_text_that_is_not_utf8_is_the_fields_error(self):
        """Issue 14, defect 6: the desk turned the form into JSON, which threw (a 500)."""
        st, _, d = self.intake()
        self.assertEqual(st, 201, d)
        code = d["code"]
        reception = self.officers["reception"]
        form = urllib.parse.urlencode({"_csrf": reception["X-CSRF-Token"], "version": "1",
                                       "reason": b"Thi\xe1u \xff gi\xe2y"})
        st, _, page = self.s.request(
            "POST", f"/can-bo/ho-so/{code}/request-withdrawal", form,
            dict(reception, **{"Content-Type": "application/x-www-form-urlencoded"}))
        page = page.decode()
        self.assertEqual(st, 400, page[-2000:])
        self.assertIn('id="act-request-withdrawal-reason-error"', page)
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None, reception)
        self.assertEqual(got["version"], 1, "nothing recorded")

    def test_forms_mask_personal_data_as_the_api_does_for_the_role_that_asks(self):
        """Issue 14, defect 5: Mẫu 01 (and every dossier form) shows the ID number and phone as
        the JSON view shows them to the caller: masked for clerk, signer and centre director,
        in full for reception (who took the papers) and the applicant."""
        st, _, d = self.intake(applicant=applicant(email="mai@example.test"))
        self.assertEqual(st, 201, d)
        code = d["code"]
        full_id, full_phone = "014190001234", "0912345678"
        for who, masked in [("reception", False), ("clerk", True), ("signer", True),
                            ("centre_director", True), ("resident", False)]:
            h = self.resident if who == "resident" else self.officers[who]
            st, _, view = self.s.json("GET", f"/api/v1/dossiers/{code}", None, h)
            self.assertEqual(st, 200, (who, view))
            st, _, pdf = self.s.request("GET", f"/api/v1/dossiers/{code}/forms/01.pdf",
                                        headers=h)
            self.assertEqual(st, 200, who)
            text = pdftotext(pdf)
            shown = view["applicant"]
            self.assertIn(shown["id_number"], text, who)
            self.assertIn(shown["phone"], text, who)
            if masked:
                self.assertEqual(shown["id_number"], "014******234", who)
                self.assertNotIn(full_id, text, who)
                self.assertNotIn(full_phone, text, who)
                self.assertNotIn("mai@example.test", text, who)
            else:
                self.assertEqual(shown["id_number"], full_id, who)
        # The dossier log (Mẫu 07) the centre director reports on: phones masked too.
        day = view["received_at"][:10]
        for who, masked in [("centre_director", True), ("reception", False)]:
            st, _, pdf = self.s.request(
                "GET", f"/api/v1/units/{UNIT}/dossier-log.pdf?from={day}&to={day}",
                headers=self.officers[who])
            self.assertEqual(st, 200, (who, pdf[:300]))
            text = pdftotext(pdf)
            self.assertIn(code, text, who)
            if masked:
                self.assertNotIn(full_phone, text, who)
            else:
                self.assertIn(full_phone, text, who)

    def test_wrong_types_in_action_bodies_are_problems_naming_the_field(self):
        """Issue 14, defect 6: each was an uncaught type_error (a 500) or is kept a 422."""
        st, _, d = self.intake()
        self.assertEqual(st, 201, d)
        code = d["code"]
        before = self.count_events(code)
        cases = [
            ("reception", "request-supplementation",
             {"missing": ["Giấy chứng sinh"], "reason": "Thiếu", "exception": "x"}, "exception"),
            ("reception", "supplement", {"components": [{"name": "Tờ khai", "original": 7}]},
             "components/0/original"),
            ("reception", "resubmit", {"components": [{"name": "Tờ khai", "original": 7}]},
             "components/0/original"),
            ("reception", "supplement", {"components": [{"name": "Tờ khai", "file": 7}]},
             "components/0/file"),
            ("reception", "refuse", {"reason": 7}, "reason"),
            ("reception", "send-back", {"missing": "Giấy chứng sinh"}, "missing"),
            ("reception", "request-payment", {"amount_vnd": "x"}, "amount_vnd"),
            ("reception", "rate", {"score": "5"}, "score"),
            ("signer", "assign", {"handler": ["demo.specialist"]}, "handler"),
            ("signer", "apologise", {"reason": 7, "new_due": "2026-12-20T16:00:00+07:00"},
             "reason"),
        ]
        for role, action, args, field in cases:
            st, h, b = self.act(code, role, action, args, 1)
            self.assertEqual(st, 422, (action, args, b))
            self.assertEqual(h["content-type"], "application/problem+json", action)
            self.assertIn(field, [e["field"] for e in b.get("errors", [])], (action, b))
        self.assertEqual(self.count_events(code), before, "nothing was stored")
        st, _, got = self.s.json("GET", f"/api/v1/dossiers/{code}", None,
                                 self.officers["reception"])
        self.assertEqual(got["version"], 1)

    def test_token_creation_with_wrong_types_is_a_problem_naming_the_field(self):
        admin = self.login(self.accounts["province_admin"])
        for body, field in [
                ({"username": "demo.clerk", "name": "t", "expires_days": "x"}, "expires_days"),
                ({"username": "demo.clerk", "name": "t", "expires_days": 1.5}, "expires_days"),
                ({"username": "demo.clerk", "name": "t", "expires_days": 30,
                  "permissions": "dossier.read"}, "permissions"),
                ({"username": "demo.clerk", "name": 7, "expires_days": 30}, "name")]:
            st, h, b = self.s.json("POST", "/api/v1/tokens", body, admin)
            self.assertIn(st, (400, 422), (body, b))
            self.assertEqual(h["content-type"], "application/problem+json")
            self.assertIn(field, [e["field"] for e in b.get("errors", [])], (body, b))

    def test_path_parameters_that_are_not_utf8_are_not_found(self):
        """Issue 14, defect 6: a workflow saved under a procedure code that is not UTF-8 threw
        in JSON serialisation inside the transaction (a 500). Such a path names nothing."""
        admin = self.login(self.accounts["province_admin"])
        workflow = {"total_days": 3, "steps": [
            {"step": "receive", "role": "reception", "budget_days": 0.5},
            {"step": "appraise", "role": "specialist", "budget_days": 1.5},
            {"step": "sign", "role": "signer", "budget_days": 0.5},
            {"step": "return", "role": "reception", "budget_days": 0.5}]}
        for method, path, who, body in [
                ("PUT", f"/api/v1/units/{UNIT}/procedures/%FF/workflow", admin, workflow),
                ("PUT", f"/api/v1/units/{UNIT}/procedures/{PROC}%C3/workflow", admin, workflow),
                ("GET", "/api/v1/dossiers/%FF%FE", self.officers["reception"], None),
                ("GET", "/api/v1/dossiers/%C3/events", self.officers["reception"], None),
                ("GET", "/api/v1/lookup/H14.%FF", None, None),
                ("GET", "/api/v1/units/%ED%A0%80/procedures", None, None)]:
            st, h, b = self.s.json(method, path, body, who)
            self.assertEqual(st, 404, (path, b))
            self.assertEqual(h["content-type"], "application/problem+json", path)
        st, _, _ = self.s.json("GET", f"/api/v1/units/{UNIT}/procedures/%EF%BF%BD/workflow",
                               None, self.officers["reception"])
        self.assertEqual(st, 404, "nothing was stored under a replaced code")

    def count_events(self, code):
        from harness import query
        return query(self.tmp.name, "SELECT COUNT(*) FROM events WHERE stream = ?",
                     ("dossier/" + code,))[0][0]

    def officer(self, name, role, unit):
        """Creates (once) and signs in an officer holding `role` over `unit`."""
        from harness import run_cli
        r = run_cli("admin", "create", "--data-dir", self.tmp.name, "--username", name,
                    "--role", role, "--unit", unit, "--password-stdin",
                    input="officer-password-1\n", env={"MOTCUA_PASSWORD_HASH_MIB": "8"})
        assert r.returncode in (0, 2), r.stderr
        st, h, b = self.s.json("POST", "/api/v1/sessions",
                               {"username": name, "password": "officer-password-1"})
        assert st == 201, b
        return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}

    def foreign_officer(self, role):
        from harness import run_cli
        name = f"foreign2.{role}"
        r = run_cli("admin", "create", "--data-dir", self.tmp.name, "--username", name,
                    "--role", role, "--unit", "03646", "--password-stdin",
                    input="foreign-password-1\n", env={"MOTCUA_PASSWORD_HASH_MIB": "8"})
        assert r.returncode in (0, 2) or "is taken" in r.stderr, r.stderr  # made by another test
        st, h, b = self.s.json("POST", "/api/v1/sessions",
                               {"username": name, "password": "foreign-password-1"})
        assert st == 201, b
        headers = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        if b.get("needs_totp"):
            st, _, t = self.s.json("POST", "/api/v1/me/totp", {}, headers)
            secret = t["otpauth_uri"].split("secret=")[1].split("&")[0]
            self.s.json("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)}, headers)
        return headers

    def count_dossiers(self):
        from harness import query
        return query(self.tmp.name, "SELECT COUNT(*) FROM dossiers")[0][0] + query(
            self.tmp.name, "SELECT COUNT(*) FROM events WHERE stream LIKE 'dossier/%'")[0][0]


def pdftotext(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdftotext", "-raw", f.name, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


if __name__ == "__main__":
    unittest.main()

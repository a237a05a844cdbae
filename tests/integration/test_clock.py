"""The test-only movable clock of dossiers (option test_clock, POST /api/v1/_test/clock) on the real
binary: refused without test_endpoints and absent without test_clock; with both, moving it past a
dossier's due time makes the work list show it overdue, an apology then is recorded as late, and
the dossier finished after its legal due counts as late even though the apology set a new date.
Sessions keep the real clock."""
import base64
import datetime
import hashlib
import hmac
import json
import os
import struct
import tempfile
import time
import unittest

from harness import Server, free_port, run_cli

UNIT, PROC = "03721", "1.001193"


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def instant(rfc3339):
    return datetime.datetime.fromisoformat(rfc3339)


class ClockRefusedTest(unittest.TestCase):
    def test_refused_without_test_endpoints(self):
        with tempfile.TemporaryDirectory(prefix="motcua-clock-") as tmp:
            r = run_cli("serve", "--data-dir", tmp, "--listen", f"127.0.0.1:{free_port()}",
                        env={"MOTCUA_TEST_CLOCK": "true", "MOTCUA_TEST_ENDPOINTS": "false"},
                        timeout=30)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("test_clock", r.stderr)
            self.assertIn("test_endpoints", r.stderr)

    def test_absent_without_the_option(self):
        s = Server(env={"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"},
                   demo=False).start()
        try:
            st, _, _ = s.json("POST", "/api/v1/_test/clock", {"offset_ms": 86400000})
            self.assertEqual(st, 404)
        finally:
            s.cleanup()


class MovableClockTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-clock-")
        cls.s = Server(data_dir=cls.tmp.name,
                       env={"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
                            "MOTCUA_TEST_CLOCK": "true"}).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            accounts = {a["role"]: a for a in json.load(f)}
        cls.officers = {}
        for role in ("reception", "specialist", "unit_head", "signer", "clerk", "province_admin"):
            a = accounts[role]
            body = {"username": a["username"], "password": a["password"]}
            if a.get("totp_secret"):
                body["totp_code"] = totp(a["totp_secret"])
            st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
            assert st == 201, b
            cls.officers[role] = {"Cookie": h["set-cookie"].split(";")[0],
                                  "X-CSRF-Token": b["csrf"]}

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    def tearDown(self):
        self.move(0)

    def move(self, offset_ms):
        st, _, b = self.s.json("POST", "/api/v1/_test/clock", {"offset_ms": int(offset_ms)})
        self.assertEqual(st, 200, b)
        return instant(b["now"])

    def get(self, code):
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, self.officers["signer"])
        self.assertEqual(st, 200, d)
        return d

    def act(self, code, role, action, args=None):
        h = {**self.officers[role], "If-Match": f'"{self.get(code)["version"]}"'}
        st, _, d = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/{action}", args or {}, h)
        self.assertEqual(st, 200, (action, d))
        return d

    def working_days_after(self, start, days):
        """The closing time `days` working days after `start` (POST /api/v1/deadlines): an
        apology's new date must fall in working time."""
        st, _, b = self.s.json("POST", "/api/v1/deadlines", {
            "start": start.isoformat(), "amount": days, "unit": "working_days"})
        self.assertEqual(st, 200, b)
        return instant(b["due"])

    def test_bad_offsets_are_refused_and_change_nothing(self):
        before = self.move(0)
        for bad in ({}, {"offset_ms": "1"}, {"offset_ms": 1.5}, {"offset_ms": 10 ** 12}):
            st, _, b = self.s.json("POST", "/api/v1/_test/clock", bad)
            self.assertEqual(st, 400, (bad, b))
            self.assertEqual(b["errors"][0]["field"], "offset_ms")
        after = self.move(0)
        self.assertLess(abs((after - before).total_seconds()), 60)

    def test_late_apology_is_flagged_and_still_late_against_the_legal_due(self):
        st, _, d = self.s.json("POST", "/api/v1/dossiers", {
            "unit": UNIT, "procedure_code": PROC, "channel": "counter",
            "applicant": {"full_name": "Cầm Văn Sáu", "id_number": "014190007777",
                          "phone": "0912345678", "address": "Bản Phé"},
            "components": [{"name": "Tờ khai", "original": True}]}, self.officers["reception"])
        self.assertEqual(st, 201, d)
        code, due = d["code"], instant(d["due_at"])
        st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1", None, self.officers["signer"])
        item = next(i for i in wl["items"] if i["code"] == code)
        self.assertFalse(item["remaining"]["overdue"])
        # A day past the due time, for the dossiers only: the officer's session still works.
        now = self.move((due.timestamp() - time.time()) * 1000 + 26 * 3600e3)
        self.assertGreater(now, due)
        st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1&overdue=1", None,
                                self.officers["signer"])
        self.assertEqual(st, 200, wl)
        item = next(i for i in wl["items"] if i["code"] == code)
        self.assertTrue(item["remaining"]["overdue"])
        self.assertTrue(item["remaining"]["text_en"].startswith("overdue by"), item)
        # An apology after the due time is allowed, and recorded as late. The new date must be in
        # working time: five working days on, on the national calendar.
        new_due = self.working_days_after(now, 5)
        self.act(code, "signer", "apologise", {"reason": "Chờ xác minh",
                                               "new_due": new_due.isoformat()})
        st, _, events = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None,
                                    self.officers["signer"])
        self.assertEqual(st, 200, events)
        items = events["events"]
        apology = [e for e in items if e["type"] == "dossier.apologised"]
        self.assertEqual(len(apology), 1, items)
        self.assertTrue(apology[0].get("late"), apology[0])
        d = self.get(code)
        self.assertEqual(instant(d["due_at"]), new_due)
        self.assertEqual(instant(d["original_due_at"]), due)
        # Finished before the new date but after the legal due: late.
        self.act(code, "signer", "assign", {"handler": "demo.specialist"})
        self.act(code, "specialist", "appraise", {"opinion": "Đủ điều kiện"})
        self.act(code, "unit_head", "review", {"opinion": "Đồng ý"})
        self.act(code, "signer", "sign")
        self.act(code, "clerk", "number", {"document_number": "9/TLKS"})
        self.act(code, "clerk", "mark-ready")
        self.assertIs(self.get(code)["on_time"], False)

    def test_an_apology_in_good_time_is_not_late(self):
        # At a fixed working-day morning (Tuesday 9 March 2027, 09:00 in Vietnam), so the time left
        # does not depend on when the test runs.
        target = datetime.datetime(2027, 3, 9, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        self.move(target.timestamp() * 1000 - time.time() * 1000)
        # A ten-day local limit: an apology made at once is many working days ahead of the due
        # time (with the catalogue's one-day limit it would already be less than a day ahead).
        st, _, b = self.s.json("PUT", f"/api/v1/units/{UNIT}/procedures/{PROC}",
                               {"local_days": 10}, self.officers["province_admin"])
        self.assertEqual(st, 200, b)
        self.addCleanup(lambda: self.s.json("PUT", f"/api/v1/units/{UNIT}/procedures/{PROC}",
                                            {"local_days": None}, self.officers["province_admin"]))
        st, _, d = self.s.json("POST", "/api/v1/dossiers", {
            "unit": UNIT, "procedure_code": PROC, "channel": "counter",
            "applicant": {"full_name": "Lường Thị Lan", "id_number": "014190008888",
                          "phone": "0912345678", "address": "Bản Hốc"},
            "components": [{"name": "Tờ khai", "original": True}]}, self.officers["reception"])
        self.assertEqual(st, 201, d)
        code = d["code"]
        new_due = self.working_days_after(instant(d["due_at"]), 20)
        # Just accepted: at least one working day is left unless the limit is shorter than that.
        self.act(code, "signer", "apologise", {"reason": "Chờ xác minh",
                                               "new_due": new_due.isoformat()})
        st, _, events = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None,
                                    self.officers["signer"])
        items = events["events"]
        apology = [e for e in items if e["type"] == "dossier.apologised"]
        self.assertFalse(apology[0].get("late", False), apology[0])


if __name__ == "__main__":
    unittest.main()

"""The service-centre floor (issue 19) against a real server: kiosk → ticket (page, PDF, QR),
counter actions, the display board's event stream and spoken calls, the rating terminal,
appointments, statistics with the XLSX export; every page and endpoint refuses a wrong role (or a
device of another kind) and a foreign unit; a restart loses no ticket and no call."""
import json
import os
import re
import tempfile
import threading
import time
import unittest

import test_dossier
from harness import Server
from test_desk_live import sse_events

UNIT, FOREIGN = "03721", "03646"


class FloorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-floor-")
        cls.env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
                   "MOTCUA_DESK_EVENTS_HOLD_S": "5"}
        cls.s = Server(data_dir=cls.tmp.name, env=cls.env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        with open(os.path.join(cls.tmp.name, "demo-floor.json")) as f:
            cls.keys = json.load(f)
        cls.reception = cls.login(cls.accounts["reception"])
        cls.director = cls.login(cls.accounts["centre_director"])

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    login = classmethod(test_dossier.DossierApiTest.login.__func__)
    foreign_officer = test_dossier.DossierApiTest.foreign_officer
    resident_session = classmethod(test_dossier.DossierApiTest.resident_session.__func__)

    def device(self, kind):
        return {"X-Floor-Device": self.keys[kind]}

    def take(self, area="ho-tich", group="normal", **extra):
        body = {"area": area, "group": group, **extra}
        st, _, t = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/tickets", body,
                               self.device("kiosk"))
        self.assertEqual(st, 201, t)
        return t

    def counter(self, n, action, body=None, who=None):
        return self.s.json("POST", f"/api/v1/units/{UNIT}/floor/counters/{n}/{action}",
                           body or {}, who or self.reception)

    def serve_out(self, n):
        """Calls and finishes every ticket counter n would call (a clean queue for a test)."""
        while True:
            st, _, t = self.counter(n, "call")
            if st == 404:
                return
            self.assertEqual(st, 200, t)
            self.assertEqual(self.counter(n, "start")[0], 200)
            self.assertEqual(self.counter(n, "end")[0], 200)

    def test_kiosk_page_issues_a_ticket_with_a_printable_slip(self):
        k = self.keys["kiosk"]
        st, _, body = self.s.request("GET", f"/quay/{UNIT}/kiosk?k={k}")
        self.assertEqual(st, 200)
        self.assertIn("ho-tich", body.decode())
        st, h, _ = self.s.request("POST", f"/quay/{UNIT}/kiosk", f"k={k}&area=dat-dai&priority=1",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 303)
        ticket_path = h["location"].split("?")[0]
        self.assertTrue(ticket_path.startswith("/quay/ve/"))
        st, _, page = self.s.request("GET", h["location"])
        self.assertEqual(st, 200)
        page = page.decode()
        self.assertRegex(page, r"B-\d{3}")
        self.assertIn("<svg", page)  # the QR to follow it
        self.assertIn("@media print", self.s.request("GET", re.search(
            r'href="(/static/site\.css[^"]*)"', page).group(1))[2].decode())
        st, h, pdf = self.s.request("GET", ticket_path + "/ve.pdf")
        self.assertEqual(st, 200)
        self.assertEqual(h["content-type"], "application/pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        st, _, t = self.s.json("GET", "/api/v1/floor/tickets/" + ticket_path.split("/")[-1])
        self.assertEqual(st, 200)
        self.assertEqual(t["group"], "priority")
        self.assertEqual(t["state"], "waiting")
        self.assertGreaterEqual(t["ahead"], 0)
        self.assertNotIn("name", t)

    def test_devices_are_refused_on_pages_of_another_kind_or_unit(self):
        k, d, r = self.keys["kiosk"], self.keys["display"], self.keys["rating"]
        cases = [
            ("GET", f"/quay/{UNIT}/kiosk", 403),                 # no key
            ("GET", f"/quay/{UNIT}/kiosk?k={d}", 403),           # a display's key
            ("GET", f"/quay/{FOREIGN}/kiosk?k={k}", 403),        # another unit
            ("GET", f"/quay/{UNIT}/bang?k={k}", 403),
            ("GET", f"/quay/{FOREIGN}/bang?k={d}", 403),
            ("GET", f"/quay/{UNIT}/bang/su-kien?k={r}", 403),
            ("GET", f"/quay/{UNIT}/danh-gia?k={d}", 403),
            ("GET", f"/quay/{FOREIGN}/danh-gia?k={r}", 403),
            ("GET", f"/quay/{UNIT}/loa/1.wav?k={k}", 403),
        ]
        for method, path, want in cases:
            st, _, _ = self.s.request(method, path)
            self.assertEqual(st, want, path)
        st, _, _ = self.s.request("POST", f"/quay/{UNIT}/kiosk", f"k={d}&area=ho-tich",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 403)
        for kind, path, body in [
                ("display", f"/api/v1/units/{UNIT}/floor/tickets", {"area": "ho-tich"}),
                ("kiosk", f"/api/v1/units/{FOREIGN}/floor/tickets", {"area": "ho-tich"}),
                ("kiosk", f"/api/v1/units/{UNIT}/floor/ratings", {"ticket": "x", "score": 4})]:
            st, _, p = self.s.json("POST", path, body, self.device(kind))
            self.assertEqual(st, 403, (path, p))
        st, _, _ = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/board", None, self.device("kiosk"))
        self.assertEqual(st, 403)

    def test_officer_pages_and_endpoints_refuse_wrong_role_and_foreign_unit(self):
        foreign_reception = self.foreign_officer("reception")
        foreign_director = self.foreign_officer("centre_director")
        specialist = self.login(self.accounts["specialist"])
        get_cases = [  # path, allowed, refused (wrong role), refused (foreign unit)
            (f"/can-bo/quay/{UNIT}/1", self.reception, self.director, foreign_reception),
            (f"/can-bo/quay/{UNIT}/thong-ke", self.director, self.reception, foreign_director),
            (f"/api/v1/units/{UNIT}/floor/stats?from=2020-01-01&to=2099-01-01", self.director,
             self.reception, foreign_director),
            (f"/api/v1/units/{UNIT}/floor/stats.xlsx?from=2020-01-01&to=2099-01-01",
             self.director, specialist, foreign_director),
            (f"/api/v1/units/{UNIT}/floor/ratings", self.director, self.reception,
             foreign_director),
        ]
        for path, ok, wrong_role, foreign in get_cases:
            self.assertEqual(self.s.request("GET", path, None, ok)[0], 200, path)
            self.assertEqual(self.s.request("GET", path, None, wrong_role)[0], 403, path)
            self.assertEqual(self.s.request("GET", path, None, foreign)[0], 403, path)
        xlsx = self.s.request("GET", get_cases[3][0], None, self.director)[2]
        self.assertTrue(xlsx.startswith(b"PK"))
        st, h, _ = self.s.request("GET", f"/can-bo/quay/{UNIT}/1", None, {"Accept": "text/html"})
        self.assertIn(st, (302, 303))  # anonymous: sign in first
        self.assertIn("/dang-nhap", h["location"])
        post_cases = [
            (f"/api/v1/units/{UNIT}/floor/counters/1/call", {}, self.reception, specialist,
             foreign_reception, (200, 404)),
            (f"/api/v1/units/{UNIT}/floor/devices", {"kind": "display", "label": "hall"},
             self.director, self.reception, foreign_director, (201,)),
            (f"/api/v1/units/{UNIT}/floor", {
                "areas": [{"code": "ho-tich", "prefix": "A", "name_vi": "Hộ tịch", "name_en": "Civil status"},
                          {"code": "dat-dai", "prefix": "B", "name_vi": "Đất đai", "name_en": "Land"},
                          {"code": "cong-an", "prefix": "C", "name_vi": "Công an", "name_en": "Police"},
                          {"code": "bhxh", "prefix": "D", "name_vi": "BHXH", "name_en": "Insurance"}],
                "counters": [{"number": 1, "areas": ["ho-tich"]},
                             {"number": 2, "areas": ["ho-tich", "dat-dai"]},
                             {"number": 3, "areas": ["dat-dai", "cong-an", "bhxh"]}]},
             self.director, self.reception, foreign_director, (204,)),
        ]
        for path, body, ok, wrong_role, foreign, want in post_cases:
            method = "PUT" if path.endswith("/floor") else "POST"
            self.assertEqual(self.s.json(method, path, body, wrong_role)[0], 403, path)
            self.assertEqual(self.s.json(method, path, body, foreign)[0], 403, path)
            st, _, b = self.s.json(method, path, body, ok)
            self.assertIn(st, want, (path, b))
            if path.endswith("/call") and st == 200:  # leave counter 1 free
                self.counter(1, "no-show")
        # The counter page's form, too.
        st, _, _ = self.s.request("POST", f"/can-bo/quay/{UNIT}/1",
                                  f"action=call&_csrf={foreign_reception['X-CSRF-Token']}",
                                  {**foreign_reception,
                                   "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 403)
        st, _, _ = self.s.request("POST", f"/can-bo/quay/{UNIT}/1",
                                  f"action=call&_csrf={self.director['X-CSRF-Token']}",
                                  {**self.director, "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 403)

    def test_call_reaches_a_waiting_board_and_is_spoken(self):
        self.serve_out(2)
        d = self.keys["display"]
        st, _, b = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/board", None, self.device("display"))
        self.assertEqual(st, 200)
        since = b["version"]
        got = {}

        def wait():
            got["answer"] = self.s.request("GET", f"/quay/{UNIT}/bang/su-kien?k={d}&since={since}",
                                           timeout=20)
        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(0.5)
        self.assertNotIn("answer", got)  # held: nothing new yet
        t = self.take("ho-tich")
        st, _, called = self.counter(2, "call")
        self.assertEqual(st, 200, called)
        self.assertEqual(called["id"], t["id"])
        waiter.join(20)
        st, h, body = got["answer"]
        self.assertEqual(st, 200)
        self.assertTrue(h["content-type"].startswith("text/event-stream"))
        events, _ = sse_events(body)
        self.assertEqual(events[0]["event"], "board")
        board = json.loads(events[0]["data"])
        self.assertEqual(board["calls"][0]["label"], t["label"])
        self.assertEqual(board["calls"][0]["counter"], 2)
        self.assertNotIn("name", events[0]["data"])
        # A board that reconnects with an older version is answered at once (catch-up).
        st, _, body = self.s.request("GET", f"/quay/{UNIT}/bang/su-kien?k={d}", None,
                                     {"Last-Event-ID": str(since)})
        self.assertEqual(sse_events(body)[0][0]["id"], str(board["version"]))
        # The board page shows it; the call is spoken by espeak-ng (cached per phrase).
        st, _, page = self.s.request("GET", f"/quay/{UNIT}/bang?k={d}")
        self.assertEqual(st, 200)
        self.assertIn(t["label"], page.decode())
        call_id = board["calls"][0]["id"]
        st, h, wav = self.s.request("GET", f"/quay/{UNIT}/loa/{call_id}.wav?k={d}")
        self.assertEqual(st, 200, wav[:200])
        self.assertTrue(wav.startswith(b"RIFF"))
        cached = os.listdir(os.path.join(self.tmp.name, "floor-voice"))
        self.assertEqual(self.s.request("GET", f"/quay/{UNIT}/loa/{call_id}.wav?k={d}")[2], wav)
        self.assertEqual(os.listdir(os.path.join(self.tmp.name, "floor-voice")), cached)
        # Recall, start, end; the rating terminal of counter 1 does not see counter 2's ticket.
        self.assertEqual(self.counter(2, "recall")[0], 200)
        self.assertEqual(self.counter(2, "start")[0], 200)
        self.assertEqual(self.counter(2, "end")[0], 200)

    def test_rating_terminal_records_a_rating_for_the_index(self):
        self.serve_out(1)
        t = self.take("ho-tich")
        st, _, called = self.counter(1, "call")
        self.assertEqual(called["id"], t["id"])
        self.counter(1, "start")
        self.counter(1, "end")
        r = self.keys["rating"]
        st, _, page = self.s.request("GET", f"/quay/{UNIT}/danh-gia?k={r}")
        self.assertEqual(st, 200)
        self.assertIn(t["label"], page.decode())
        st, _, page = self.s.request("POST", f"/quay/{UNIT}/danh-gia",
                                     f"k={r}&ticket={t['id']}&score=4&comment=Nhanh",
                                     {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 200)
        st, _, b = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/ratings", None, self.director)
        mine = [x for x in b["ratings"] if x["ticket"] == t["id"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["score"], 4)
        self.assertEqual(mine[0]["counter"], 1)
        self.assertTrue(mine[0]["officer"].startswith("user:"))
        # Once per ticket.
        st, _, p = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/ratings",
                               {"ticket": t["id"], "score": 1}, self.device("rating"))
        self.assertEqual(st, 409, p)

    def test_appointment_booking_code_gives_an_appointment_ticket(self):
        resident = self.resident_session("001099012345", "Nguyễn Văn A")
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
        st, _, slots = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/slots?area=bhxh&day={day}")
        self.assertEqual(st, 200)
        future = [s for s in slots["slots"] if s["free"] > 0 and s["start"] > time.strftime(
            "%Y-%m-%dT%H:%M", time.gmtime(time.time() + 7 * 3600))]
        if not future:
            self.skipTest("no slot left today (after office hours)")
        st, _, a = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/appointments",
                               {"area": "bhxh", "slot": future[0]["start"]}, resident)
        self.assertEqual(st, 201, a)
        st, _, p = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/appointments",
                               {"area": "bhxh", "slot": future[0]["start"]}, self.reception)
        self.assertEqual(st, 403, p)
        t = self.take("", booking_code=a["code"])
        self.assertEqual(t["group"], "appointment")
        self.assertTrue(t["label"].startswith("D-"))
        st, _, p = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/tickets",
                               {"booking_code": a["code"]}, self.device("kiosk"))
        self.assertIn(st, (400, 422), p)  # used once

    def test_booking_page_is_for_residents(self):
        resident = self.resident_session("001099054321", "Trần Thị B")
        st, _, page = self.s.request("GET", f"/quay/{UNIT}/dat-lich?area=dat-dai", None, resident)
        self.assertEqual(st, 200)
        slot = re.search(r'name="slot" value="([^"]+)"(?! disabled)', page.decode())
        self.assertIsNotNone(slot)
        body = (f"_csrf={resident['X-CSRF-Token']}&area=dat-dai&slot="
                + slot.group(1).replace("+", "%2B").replace(":", "%3A"))
        st, _, page = self.s.request("POST", f"/quay/{UNIT}/dat-lich", body,
                                     {**resident, "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 200, page[:300])
        code = re.search(r'id="booking-code">(\d{8})<', page.decode()).group(1)
        # The page offers tomorrow by default: the code is not good at today's kiosk.
        st, _, p = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/tickets",
                               {"booking_code": code}, self.device("kiosk"))
        self.assertEqual(st, 400, p)
        self.assertIn("another day", p["detail"])
        # Officers are not residents; anonymous visitors are sent to sign in.
        self.assertEqual(self.s.request("GET", f"/quay/{UNIT}/dat-lich", None, self.reception)[0], 403)
        st, _, _ = self.s.request("GET", f"/quay/{UNIT}/dat-lich", None, {"Accept": "text/html"})
        self.assertIn(st, (302, 303))

    def test_a_revoked_device_is_refused(self):
        st, _, d = self.s.json("POST", f"/api/v1/units/{UNIT}/floor/devices",
                               {"kind": "kiosk", "label": "hall 2"}, self.director)
        self.assertEqual(st, 201, d)
        self.assertEqual(self.s.request("GET", f"/quay/{UNIT}/kiosk?k={d['key']}")[0], 200)
        path = f"/api/v1/units/{UNIT}/floor/devices/{d['id']}"
        self.assertEqual(self.s.request("DELETE", path, None, self.reception)[0], 403)
        self.assertEqual(self.s.request("DELETE", path, None,
                                        self.foreign_officer("centre_director"))[0], 403)
        self.assertEqual(self.s.request("DELETE", path, None, self.director)[0], 204)
        self.assertEqual(self.s.request("DELETE", path, None, self.director)[0], 404)
        self.assertEqual(self.s.request("GET", f"/quay/{UNIT}/kiosk?k={d['key']}")[0], 403)
        self.assertEqual(self.s.request("GET", f"/quay/{UNIT}/kiosk?k={self.keys['kiosk']}")[0], 200)

    def test_z_restart_loses_no_ticket_and_no_call(self):
        t = self.take("cong-an")
        self.serve_out(1)
        st, _, called = self.counter(3, "call")
        self.assertEqual(st, 200, called)
        st, _, before = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/board", None,
                                    self.device("display"))
        self.s.stop()
        self.s.start()
        st, _, after = self.s.json("GET", f"/api/v1/units/{UNIT}/floor/board", None,
                                   self.device("display"))
        self.assertEqual(after, before)
        st, _, again = self.s.json("GET", "/api/v1/floor/tickets/" + called["id"])
        self.assertEqual(again["state"], "called")
        self.assertEqual(again["counter"], 3)
        # Sessions survive too; the counter goes on where it was.
        type(self).reception = self.login(self.accounts["reception"])
        self.assertEqual(self.counter(3, "start")[0], 200)
        self.assertEqual(self.counter(3, "end")[0], 200)
        del t


if __name__ == "__main__":
    unittest.main()

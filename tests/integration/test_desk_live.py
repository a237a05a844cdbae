"""The officer desk, live: the work list's event stream (GET /can-bo/su-kien), the language kept on
the account, and names in the dossier timeline."""
import datetime
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
import urllib.parse
from html import escape
import unittest

import test_dossier
from harness import Server, cookie
from test_dossier import applicant

UNIT, PROC = "03721", "1.001193"
WORKERS = 2  # fewer than the streams the test parks at once


def sse_events(body):
    """Parses a text/event-stream body into (fields of each event, comments)."""
    events, comments = [], []
    for block in body.decode().split("\n\n"):
        fields = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                comments.append(line[1:].strip())
            elif ":" in line:
                k, _, v = line.partition(":")
                fields[k] = v.lstrip(" ")
        if "event" in fields or "data" in fields:
            events.append(fields)
    return events, comments


class DeskLiveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-desk-live-")
        cls.env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
                   "MOTCUA_WORKER_THREADS": str(WORKERS), "MOTCUA_DESK_EVENTS_HOLD_S": "10",
                   "MOTCUA_DESK_EVENTS_POLL_MS": "100"}
        cls.s = Server(data_dir=cls.tmp.name, env=cls.env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        cls.reception = cls.login(cls.accounts["reception"])

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    # The sign-in helpers of the dossier API tests (referenced, not imported, so that unittest does
    # not run those tests here too).
    login = classmethod(test_dossier.DossierApiTest.login.__func__)
    foreign_officer = test_dossier.DossierApiTest.foreign_officer

    def stream(self, who, since=None, last_event_id=None, query="all=1"):
        h = {"Cookie": who["Cookie"], "Accept": "text/event-stream"}
        if last_event_id:
            h["Last-Event-ID"] = last_event_id
        path = "/can-bo/su-kien?" + query + (f"&since={since}" if since else "")
        return self.s.request("GET", path, headers=h, timeout=60)

    def version(self, who, query="all=1"):
        status, h, body = self.stream(who, query=query)
        self.assertEqual(status, 200, body)
        events, _ = sse_events(body)
        self.assertEqual(len(events), 1, body)
        return events[0]["id"]

    def parked(self):
        _, _, body = self.s.request("GET", "/metrics")
        m = re.search(rb"^motcua_desk_events_parked_total (\d+)$", body, re.M)
        return int(m.group(1)) if m else 0

    def intake(self):
        st, _, b = self.s.json("POST", "/api/v1/dossiers",
                               {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                                "applicant": applicant(),
                                "components": [{"name": "Tờ khai", "original": True}]},
                               self.reception)
        self.assertEqual(st, 201, b)
        return b

    def test_a_first_request_gets_the_current_version_at_once(self):
        status, h, body = self.stream(self.reception)
        self.assertEqual(status, 200, body)
        self.assertTrue(h["content-type"].startswith("text/event-stream"), h)
        self.assertEqual(h["cache-control"], "no-store")
        events, _ = sse_events(body)
        self.assertEqual(events[0]["event"], "worklist")
        self.assertRegex(events[0]["id"], r"^[0-9a-f]{16}$")
        self.assertIn("retry: ", body.decode())
        # The page carries the same version, so its stream waits instead of refreshing at once.
        status, _, page = self.s.request("GET", "/can-bo?all=1",
                                         headers={"Cookie": self.reception["Cookie"],
                                                  "Accept": "text/html"})
        self.assertEqual(status, 200)
        self.assertIn(f"since={events[0]['id']}", page.decode())

    def test_waiting_desks_are_told_of_a_change_without_holding_the_workers(self):
        foreign = self.foreign_officer("reception")  # an officer of another commune
        v0 = self.version(self.reception)
        foreign_v0 = self.version(foreign)
        before = self.parked()
        n = WORKERS * 3  # more desks waiting than there are worker threads
        results = [None] * n

        def desk(i):
            # As EventSource does: ask again with Last-Event-ID until an event arrives.
            for attempt in range(1, 21):
                status, _, body = self.stream(self.reception, since=v0, last_event_id=v0)
                events, _ = sse_events(body)
                if status != 200 or events:
                    results[i] = (status, events, attempt)
                    return

        threads = [threading.Thread(target=desk, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        foreign_result = []
        foreign_desk = threading.Thread(target=lambda: foreign_result.append(
            self.stream(foreign, last_event_id=foreign_v0)))
        foreign_desk.start()
        deadline = time.monotonic() + 30
        while self.parked() < before + n + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertGreaterEqual(self.parked(), before + n + 1, "the desks did not wait")
        # Every worker would be taken if waiting desks held them; the intake must still go through.
        created = self.intake()
        for t in threads:
            t.join(60)
        for status, events, attempt in results:
            self.assertEqual(status, 200)
            self.assertEqual(events[0]["event"], "worklist")
            self.assertNotEqual(events[0]["id"], v0)
            # Told while still waiting: had the waiting desks held the workers, the intake would
            # have queued until their hold ran out, and they would have been answered "no change".
            self.assertEqual(attempt, 1)
        # The officer of another commune was not told: their list did not change.
        foreign_desk.join(60)
        status, _, body = foreign_result[0]
        self.assertEqual(status, 200)
        events, comments = sse_events(body)
        self.assertEqual(events, [], body)
        self.assertIn("no change", comments)
        self.assertEqual(self.version(foreign), foreign_v0)
        # A status change moves the version too.
        v1 = self.version(self.reception)
        signer = self.login(self.accounts["signer"])
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{created['code']}/actions/assign",
                               {"handler": "demo.specialist"}, dict(signer, **{"If-Match": '"1"'}))
        self.assertEqual(st, 200, b)
        status, _, body = self.stream(self.reception, last_event_id=v1)
        events, _ = sse_events(body)
        self.assertEqual(events[0]["event"], "worklist", body)
        self.assertNotEqual(events[0]["id"], v1)

    def test_anonymous_residents_and_roles_without_dossiers_are_refused(self):
        status, h, _ = self.s.request("GET", "/can-bo/su-kien",
                                      headers={"Accept": "text/event-stream"})
        self.assertEqual(status, 401)
        self.assertEqual(h["content-type"], "application/problem+json")
        st, h, b = self.s.json("POST", "/api/v1/_test/resident-session",
                               {"subject": "live 1", "id_number": "001099012345",
                                "name": "Nguyễn Văn A", "level2": True})
        resident = {"Cookie": h["set-cookie"].split(";")[0]}
        status, _, _ = self.stream(resident)
        self.assertEqual(status, 403)
        admin = self.login(self.accounts["province_admin"])
        status, _, _ = self.stream(admin)
        self.assertEqual(status, 403)

    def form_login(self, a):
        """Signs in through the page, as a fresh browser would; returns the response headers."""
        status, h, body = self.s.request("GET", "/dang-nhap", headers={"Accept": "text/html"})
        token = body.decode().split('name="_csrf" value="')[1].split('"')[0]
        status, h, body = self.s.request(
            "POST", "/dang-nhap",
            f"_csrf={token}&username={a['username']}&password={a['password']}",
            {"Content-Type": "application/x-www-form-urlencoded",
             "Cookie": cookie(h, "motcua_precsrf")})
        self.assertEqual(status, 303, body)
        return h

    def test_the_language_chosen_on_one_browser_returns_at_sign_in_on_another(self):
        clerk = self.accounts["clerk"]
        first = cookie(self.form_login(clerk), "motcua_session")
        status, h, page = self.s.request("GET", "/can-bo?lang=en",
                                         headers={"Cookie": first, "Accept": "text/html"})
        self.assertIn(b'<html lang="en"', page)
        # A second browser: no language cookie; signing in brings English back.
        h = self.form_login(clerk)
        self.assertEqual(cookie(h, "motcua_lang"), "motcua_lang=en")
        second = cookie(h, "motcua_session")
        status, _, page = self.s.request("GET", "/can-bo",
                                         headers={"Cookie": second, "Accept": "text/html"})
        self.assertIn(b'<html lang="en"', page)
        # Switching back is remembered the same way.
        self.s.request("GET", "/can-bo?lang=vi", headers={"Cookie": second, "Accept": "text/html"})
        self.assertEqual(cookie(self.form_login(clerk), "motcua_lang"), "motcua_lang=vi")
        # Someone who never chose gets no language cookie at sign-in.
        self.assertIsNone(cookie(self.form_login(self.accounts["specialist"]), "motcua_lang"))
        # Signing in through the API brings the choice back the same way.
        status, h, _ = self.s.json("POST", "/api/v1/sessions",
                                   {"username": clerk["username"], "password": clerk["password"]})
        self.assertEqual(status, 201)
        self.assertEqual(cookie(h, "motcua_lang"), "motcua_lang=vi")
        self.assertIsNotNone(cookie(h, "motcua_session"))
        status, h, _ = self.s.json("POST", "/api/v1/sessions",
                                   {"username": self.accounts["specialist"]["username"],
                                    "password": self.accounts["specialist"]["password"]})
        self.assertIsNone(cookie(h, "motcua_lang"))

    def test_the_director_downloads_the_dossier_log_from_the_desk(self):
        code = self.intake()["code"]
        action = f"/api/v1/units/{UNIT}/dossier-log.pdf"
        director = self.login(self.accounts["centre_director"])
        st, _, page = self.s.request("GET", "/can-bo",
                                     headers={"Cookie": director["Cookie"], "Accept": "text/html"})
        self.assertEqual(st, 200)
        self.assertIn(f'action="{action}"', page.decode())
        self.assertIn("Mẫu 07", page.decode())
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
        st, h, pdf = self.s.request("GET", f"{action}?from=2026-01-01&to={today.isoformat()}",
                                    headers={"Cookie": director["Cookie"]})
        self.assertEqual((st, h["content-type"]), (200, "application/pdf"), pdf[:300])
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Officers who do not report on the unit are not offered it.
        specialist = self.login(self.accounts["specialist"])
        st, _, page = self.s.request("GET", "/can-bo",
                                     headers={"Cookie": specialist["Cookie"], "Accept": "text/html"})
        self.assertNotIn("dossier-log.pdf", page.decode())
        self.assertTrue(code)

    def test_the_counter_form_starts_with_the_procedures_papers(self):
        st, _, rec = self.s.json("GET", f"/api/v1/procedures/{PROC}", None)
        self.assertEqual(st, 200, rec)
        papers = [c["name"] for c in rec["record"]["components"]
                  if c.get("originals", 0) > 0 or c.get("copies", 0) > 0]
        self.assertTrue(papers, rec["record"]["components"])
        h = {"Cookie": self.reception["Cookie"], "Accept": "text/html"}
        st, _, page = self.s.request("GET", f"/can-bo/tiep-nhan?procedure_code={PROC}", headers=h)
        self.assertEqual(st, 200)
        html = page.decode()
        first = html.split('id="comp_name_0"')[1].split(">")[0]
        self.assertIn(f'value="{escape(papers[0])}"', first)
        # Posted with what was typed: the typed rows stay, the papers fill the empty ones.
        token = html.split('name="_csrf" value="')[1].split('"')[0]
        form = urllib.parse.urlencode({"_csrf": token, "unit": UNIT, "procedure_code": PROC,
                                       "full_name": "Lò Văn Ánh", "rows": "6",
                                       "comp_name_0": "Tờ khai viết tay", "papers": "1"})
        st, _, page = self.s.request("POST", "/can-bo/tiep-nhan", form,
                                     {**h, "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 200, page[:500])
        html = page.decode()
        self.assertIn('value="Lò Văn Ánh"', html)
        self.assertIn('value="Tờ khai viết tay"', html.split('id="comp_name_0"')[1].split(">")[0])
        self.assertIn(f'value="{escape(papers[0])}"', html.split('id="comp_name_1"')[1].split(">")[0])
        # Without a procedure the page says what to do first.
        form = urllib.parse.urlencode({"_csrf": token, "unit": UNIT, "papers": "1"})
        st, _, page = self.s.request("POST", "/can-bo/tiep-nhan", form,
                                     {**h, "Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("Hãy chọn thủ tục trước", page.decode())

    def test_the_counter_prints_guidance_or_a_refusal_without_receiving(self):
        h = {"Cookie": self.reception["Cookie"], "Accept": "text/html",
             "Content-Type": "application/x-www-form-urlencoded"}
        _, _, page = self.s.request("GET", "/can-bo/tiep-nhan", headers=h)
        token = page.decode().split('name="_csrf" value="')[1].split('"')[0]
        base = {"_csrf": token, "unit": UNIT, "procedure_code": PROC, "full_name": "Quàng Văn Bình",
                "id_number": "014095001111", "rows": "6"}
        def post(**fields):
            return self.s.request("POST", "/can-bo/tiep-nhan",
                                  urllib.parse.urlencode({**base, **fields}), h)
        db = sqlite3.connect(os.path.join(self.tmp.name, "motcua.db"))
        count = lambda: db.execute("SELECT COUNT(*) FROM events WHERE stream = ?",
                                   (f"counter/{UNIT}",)).fetchone()[0]
        dossiers = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
        # Guidance needs the papers to add; a refusal needs its reason; nothing is recorded.
        st, _, page = post(outcome="guide")
        self.assertEqual(st, 422)
        self.assertIn('id="missing_items-error"', page.decode())
        st, _, page = post(outcome="refuse")
        self.assertEqual(st, 422)
        self.assertIn('id="slip_reason-error"', page.decode())
        self.assertEqual(count(), 0)
        st, hh, pdf = post(outcome="guide", missing_items="Giấy chứng sinh (bản chính)\nTờ khai có chữ ký")
        self.assertEqual((st, hh["content-type"]), (200, "application/pdf"), pdf[:300])
        text = test_dossier.pdftotext(pdf)
        self.assertIn("Quàng Văn Bình", text)
        self.assertIn("Giấy chứng sinh (bản chính)", text)
        st, hh, pdf = post(outcome="refuse", slip_reason="Không thuộc thẩm quyền của xã")
        self.assertEqual((st, hh["content-type"]), (200, "application/pdf"))
        self.assertIn("Không thuộc thẩm quyền của xã", test_dossier.pdftotext(pdf))
        self.assertEqual(count(), 2, "both slips are recorded")
        self.assertEqual(db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0], dossiers,
                         "no dossier code is given")
        # Not for a unit the officer does not receive for.
        st, _, _ = post(outcome="refuse", slip_reason="x", unit="03646")
        self.assertEqual(st, 403)
        self.assertEqual(count(), 2)
        db.close()

    def test_the_timeline_names_people_not_ids(self):
        created = self.intake()
        code = created["code"]
        signer = self.login(self.accounts["signer"])
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/assign",
                               {"handler": "demo.specialist"}, dict(signer, **{"If-Match": '"1"'}))
        self.assertEqual(st, 200, b)
        status, _, page = self.s.request("GET", f"/can-bo/ho-so/{code}",
                                         headers={"Cookie": self.reception["Cookie"],
                                                  "Accept": "text/html"})
        self.assertEqual(status, 200)
        timeline = page.decode().split('<ol class="timeline">')[1].split("</ol>")[0]
        self.assertNotIn("user:", timeline)
        _, _, me = self.s.json("GET", "/api/v1/me", None, self.reception)
        _, _, sg = self.s.json("GET", "/api/v1/me", None, signer)
        self.assertIn(f"{me['display_name']} (Tiếp nhận và trả kết quả (một cửa))", timeline)
        self.assertIn(sg["display_name"], timeline)
        # The stored events still name the actors by id.
        _, _, events = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None, self.reception)
        self.assertTrue(all(e["actor"].startswith("user:") for e in events["events"]), events)

    def test_the_apology_date_errors_speak_the_pages_language(self):
        code = self.intake()["code"]
        signer = self.login(self.accounts["signer"])
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/assign",
                               {"handler": "demo.specialist"}, dict(signer, **{"If-Match": '"1"'}))
        self.assertEqual(st, 200, b)
        due = datetime.datetime.fromisoformat(b["due_at"])
        h = {"Cookie": signer["Cookie"], "Accept": "text/html",
             "Content-Type": "application/x-www-form-urlencoded"}
        _, _, page = self.s.request("GET", f"/can-bo/ho-so/{code}", headers=h)
        token = page.decode().split('name="_csrf" value="')[1].split('"')[0]
        # A date before the due in force (at noon, when offices are open, on the due's day or
        # the day before): refused, in Vietnamese, naming the due in force.
        earlier = due - datetime.timedelta(minutes=30)
        form = urllib.parse.urlencode({"_csrf": token, "version": b["version"],
                                       "reason": "Chờ xác minh",
                                       "new_due_date": earlier.strftime("%Y-%m-%d"),
                                       "new_due_time": earlier.strftime("%H:%M")})
        st, _, page = self.s.request("POST", f"/can-bo/ho-so/{code}/apologise", form, h)
        self.assertEqual(st, 422, page[:300])
        html = page.decode()
        self.assertIn("Ngày hẹn mới phải sau thời hạn đang áp dụng", html)
        self.assertIn(due.strftime("%d/%m/%Y"), html)
        self.assertNotIn("must be later", html)


if __name__ == "__main__":
    unittest.main()

"""The working-time clock through HTTP and the CLI: POST /api/v1/deadlines, the yearly calendar as
JSON and iCalendar, loading an announcement (CLI and admin API), and calendar profiles."""
import datetime
import json
import os
import tempfile
import time
import unittest

from harness import Server, run_cli

ENV = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_LOOKUP_PER_MINUTE": "600"}


class CalendarApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-cal-")
        cls.s = Server(data_dir=cls.tmp.name, env=ENV).start()
        r = run_cli("token", "create", "--data-dir", cls.tmp.name, "--username",
                    "demo.province_admin", "--expires", "1d", env=ENV)
        assert r.returncode == 0, r.stderr
        cls.admin = {"Authorization": "Bearer " + r.stdout.strip()}
        r = run_cli("token", "create", "--data-dir", cls.tmp.name, "--username",
                    "demo.reception", "--expires", "1d", env=ENV)
        assert r.returncode == 0, r.stderr
        cls.reception = {"Authorization": "Bearer " + r.stdout.strip()}
        r = run_cli("token", "create", "--data-dir", cls.tmp.name, "--username",
                    "demo.national_admin", "--expires", "1d", env=ENV)
        assert r.returncode == 0, r.stderr
        cls.national = {"Authorization": "Bearer " + r.stdout.strip()}

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    def deadline(self, body):
        return self.s.json("POST", "/api/v1/deadlines", body)

    def test_deadlines_follow_the_rules(self):
        cases = [
            # start, amount, unit, pauses, counted_from, due
            ("2026-11-23T14:59:00+07:00", 1, "working_days", [],
             "2026-11-23T14:59:00+07:00", "2026-11-24T14:59:00+07:00"),
            ("2026-11-23T15:00:00+07:00", 1, "working_days", [],
             "2026-11-24T07:00:00+07:00", "2026-11-24T17:00:00+07:00"),
            ("2026-11-23T00:00:00Z", 4.5, "working_hours", [],
             "2026-11-23T07:00:00+07:00", "2026-11-23T11:30:00+07:00"),
            ("2026-02-13T10:00:00+07:00", 1, "working_days", [],
             "2026-02-13T10:00:00+07:00", "2026-02-23T10:00:00+07:00"),
            ("2026-08-21T16:00:00+07:00", 0.5, "working_days", [],
             "2026-08-22T07:00:00+07:00", "2026-08-22T11:00:00+07:00"),
            # Calendar days and months (Civil Code 2015 Art. 147–148): the day of reception is
            # not counted; the end is the close of office hours of the last day, or of the next
            # working day when the last day is off (Saturday 28/11 → Monday 30/11 17:00).
            ("2026-11-25T10:00:00+07:00", 3, "calendar_days", [],
             "2026-11-25T10:00:00+07:00", "2026-11-30T17:00:00+07:00"),
            ("2026-01-31T09:00:00+07:00", 1, "calendar_months", [],
             "2026-02-02T07:00:00+07:00", "2026-03-02T17:00:00+07:00"),
            ("2026-11-23T15:30:00+07:00", 1, "same_day", [],
             "2026-11-24T07:00:00+07:00", "2026-11-24T17:00:00+07:00"),
            ("2026-02-12T08:00:00+07:00", 3, "working_days",
             [{"from": "2026-02-13T08:00:00+07:00", "to": "2026-02-23T08:00:00+07:00"}],
             "2026-02-12T08:00:00+07:00", "2026-02-25T08:00:00+07:00"),
        ]
        for start, amount, unit, pauses, counted, due in cases:
            status, _, body = self.deadline({"start": start, "amount": amount, "unit": unit,
                                             "pauses": pauses})
            self.assertEqual(status, 200, body)
            self.assertEqual(body["counted_from"], counted, (start, unit))
            self.assertEqual(body["due"], due, (start, unit))
            self.assertFalse(body["paused"])

    def test_an_open_pause_has_no_due_time(self):
        status, _, body = self.deadline({"start": "2026-11-23T08:00:00+07:00", "amount": 2,
                                         "unit": "working_days",
                                         "pauses": [{"from": "2026-11-24T10:00:00+07:00",
                                                     "to": None}]})
        self.assertEqual(status, 200, body)
        self.assertIsNone(body["due"])
        self.assertTrue(body["paused"])

    def test_bad_input_names_the_field(self):
        ok = {"start": "2026-11-23T08:00:00+07:00", "amount": 1, "unit": "working_days"}
        cases = [
            ({**ok, "start": "23/11/2026"}, "start"),
            ({**ok, "amount": -1}, "amount"),
            ({**ok, "amount": "two"}, "amount"),
            ({**ok, "unit": "weeks"}, "unit"),
            ({**ok, "start": "1899-01-01T08:00:00+07:00"}, "start"),
            ({**ok, "pauses": [{"from": "2026-11-24T10:00:00+07:00",
                                "to": "2026-11-24T09:00:00+07:00"}]}, "pauses[0].to"),
            ({**ok, "pauses": [{"to": "2026-11-24T09:00:00+07:00"}]}, "pauses[0].from"),
            ({**ok, "profile": "nowhere"}, "profile"),
        ]
        for body, field in cases:
            status, h, problem = self.deadline(body)
            self.assertEqual(status, 400, (body, problem))
            self.assertEqual(h["content-type"], "application/problem+json")
            self.assertIn(field, [e["field"] for e in problem["errors"]], problem)
        status, _, _ = self.s.request("POST", "/api/v1/deadlines", "not json",
                                      {"Content-Type": "application/json"})
        self.assertEqual(status, 400)

    def test_calendar_year_lists_special_days_with_sources(self):
        status, _, body = self.s.json("GET", "/api/v1/calendars/2026")
        self.assertEqual(status, 200)
        self.assertTrue(body["announced"])
        days = {d["date"]: d for d in body["days"]}
        self.assertTrue(days["2026-08-22"]["working"])
        self.assertEqual(days["2026-08-22"]["weekday"], "sat")
        self.assertFalse(days["2026-08-31"]["working"])
        self.assertEqual(days["2026-02-16"]["source"], "announced")
        self.assertIn("9441/TB-BNV", days["2026-02-16"]["decision"])
        status, _, body = self.s.json("GET", "/api/v1/calendars/2027")
        self.assertFalse(body["announced"])
        days = {d["date"]: d for d in body["days"]}
        self.assertEqual(days["2027-05-03"]["source"], "computed")  # 1/5 is a Saturday
        self.assertNotIn("2027-05-01", days)  # a rest day off anyway is not listed
        for bad in ["1900", "2101", "20x6", "2026.pdf"]:
            status, _, _ = self.s.json("GET", "/api/v1/calendars/" + bad)
            self.assertEqual(status, 400, bad)

    def test_icalendar(self):
        status, h, data = self.s.request("GET", "/api/v1/calendars/2026.ics")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/calendar"))
        text = data.decode("utf-8")
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertTrue(text.endswith("END:VCALENDAR\r\n"))
        self.assertEqual(text.count("BEGIN:VEVENT"), 13)
        self.assertIn("DTSTART;VALUE=DATE:20260822\r\n", text)
        for line in text.split("\r\n"):
            self.assertLessEqual(len(line.encode("utf-8")), 75, line)
        unfolded = text.replace("\r\n ", "")
        self.assertIn("SUMMARY:Ngày làm việc: Làm bù cho thứ Hai 31/08", unfolded)

    def test_announcement_through_the_admin_api(self):
        ann = {"year": 2028, "decision": "Thông báo thử 1/TB-BNV", "decision_date": "2027-10-01",
               "days_off": [{"date": "2028-01-03", "name_vi": "Nghỉ thử", "name_en": "Test"}],
               "working_days": [{"date": "2028-01-08", "name_vi": "Làm bù thử"}]}
        status, _, body = self.s.json("PUT", "/api/v1/calendars/2028/announcement", ann,
                                      self.reception)
        self.assertEqual(status, 403, body)
        # The announcement is national data: a province administrator does not change it.
        status, _, body = self.s.json("PUT", "/api/v1/calendars/2028/announcement", ann,
                                      self.admin)
        self.assertEqual(status, 403, body)
        status, _, body = self.s.json("PUT", "/api/v1/calendars/2028/announcement",
                                      {**ann, "working_days": [{"date": "2028-01-10",
                                                                "name_vi": "thứ Hai"}]},
                                      self.national)
        self.assertEqual(status, 400, body)  # a make-up day must be a rest day
        status, _, body = self.s.json("PUT", "/api/v1/calendars/2027/announcement", ann,
                                      self.national)
        self.assertEqual(status, 400, body)  # the path and the body disagree
        status, _, body = self.s.json("PUT", "/api/v1/calendars/2028/announcement", ann,
                                      self.national)
        self.assertEqual(status, 200, body)
        self.assertEqual([d["date"] for d in body["days"]], ["2028-01-03", "2028-01-08"])
        status, _, body = self.deadline({"start": "2028-01-07T10:00:00+07:00", "amount": 1,
                                         "unit": "working_days"})
        self.assertEqual(body["due"], "2028-01-08T10:00:00+07:00")

    def test_announcement_with_wrong_types_is_a_problem_naming_the_field(self):
        """Issue 14, defect 6: `name_vi: 7` was an uncaught type_error (a 500)."""
        day = {"date": "2029-01-02", "name_vi": "Nghỉ thử"}
        base = {"year": 2029, "decision": "Thông báo thử 2/TB-BNV"}
        for body, field in [
                ({**base, "days_off": [{**day, "name_vi": 7}]}, "days_off[0].name_vi"),
                ({**base, "days_off": [{**day, "name_en": ["x"]}]}, "days_off[0].name_en"),
                ({**base, "working_days": [{"date": "2029-01-06", "name_vi": {"a": 1}}]},
                 "working_days[0].name_vi"),
                ({**base, "decision": 7}, "decision"),
                ({**base, "year": "2029"}, "year")]:
            status, h, b = self.s.json("PUT", "/api/v1/calendars/2029/announcement", body,
                                       self.national)
            self.assertEqual(status, 400, (body, b))
            self.assertEqual(h["content-type"], "application/problem+json")
            self.assertIn(field, [e["field"] for e in b.get("errors", [])], (body, b))
        status, _, b = self.s.json("GET", "/api/v1/calendars/2029")
        self.assertEqual(status, 200, b)
        self.assertFalse([d for d in b["days"] if d.get("source") == "announced"],
                         "nothing was stored")

    def test_profile_per_unit(self):
        profile = {"morning_open": "07:30", "morning_close": "11:30", "afternoon_open": "13:00",
                   "afternoon_close": "17:00", "cutoff": "16:00"}
        status, _, body = self.s.json("PUT", "/api/v1/calendar-profiles/03721", profile,
                                      self.admin)
        self.assertEqual(status, 200, body)
        status, _, body = self.deadline({"start": "2026-11-23T15:30:00+07:00", "amount": 1,
                                         "unit": "working_hours", "profile": "03721"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["counted_from"], "2026-11-23T15:30:00+07:00")
        self.assertEqual(body["due"], "2026-11-23T16:30:00+07:00")
        status, _, body = self.s.json("PUT", "/api/v1/calendar-profiles/03721",
                                      {**profile, "cutoff": "18:00"}, self.admin)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["errors"][0]["field"], "cutoff")
        status, _, body = self.s.json("PUT", "/api/v1/calendar-profiles/01", profile, self.admin)
        self.assertEqual(status, 403, body)  # Hà Nội is another province
        status, _, body = self.s.json("PUT", "/api/v1/calendar-profiles/03721", profile,
                                      self.national)
        self.assertEqual(status, 403, body)  # a province's profile is not national data

    def test_stored_due_times_follow_a_profile_change(self):
        """The public lookup reads the stored due time: after a profile change it shows what the
        dossier's own page derives from the new calendar (for an open dossier), and a finished
        dossier keeps its due time."""
        def intake():
            status, _, body = self.s.json(
                "POST", "/api/v1/dossiers",
                {"unit": "03721", "procedure_code": "1.001193", "channel": "counter",
                 "applicant": {"full_name": "Lò Thị Mai", "id_number": "014190001234",
                               "phone": "0912345678", "address": "Bản Nà Lĩu"},
                 "components": [{"name": "Tờ khai", "original": True}]}, self.reception)
            self.assertEqual(status, 201, body)
            return body
        def lookup_due(code):
            status, _, body = self.s.json("GET", f"/api/v1/lookup/{code}")
            self.assertEqual(status, 200, body)
            return body["due_at"]
        open_ = intake()
        closed = intake()
        status, _, body = self.s.json(
            "POST", f"/api/v1/dossiers/{closed['code']}/actions/stop",
            {"reason": "Người nộp xin dừng"},
            {**self.reception, "If-Match": f'"{closed["version"]}"'})
        self.assertEqual(status, 200, body)
        closed_due = lookup_due(closed["code"])
        before = lookup_due(open_["code"])
        self.assertEqual(before, open_["due_at"])
        # The commune rests on the weekday the dossier is due (whatever day the test runs), so its
        # due time must move.
        due_day = datetime.date.fromisoformat(before[:10]).strftime("%a").lower()
        status, _, body = self.s.json("PUT", "/api/v1/calendar-profiles/03721",
                                      {"rest_days": ["sat", "sun", due_day]}, self.admin)
        self.assertEqual(status, 200, body)
        status, _, view = self.s.json("GET", f"/api/v1/dossiers/{open_['code']}", None,
                                      self.reception)
        self.assertEqual(status, 200, view)
        self.assertNotEqual(view["due_at"], before)
        # The stored due times are recomputed in the background, just after the change.
        after = before
        for _ in range(100):
            after = lookup_due(open_["code"])
            if after != before:
                break
            time.sleep(0.1)
        self.assertEqual(after, view["due_at"])
        self.assertEqual(lookup_due(closed["code"]), closed_due)


class CalendarCliTest(unittest.TestCase):
    def test_import_then_serve(self):
        with tempfile.TemporaryDirectory(prefix="motcua-calcli-") as d:
            path = os.path.join(d, "2029.json")
            with open(path, "w") as f:
                json.dump({"year": 2029, "decision": "Thông báo thử 2/TB-BNV",
                           "days_off": [{"date": "2029-01-02", "name_vi": "Nghỉ thử"}]}, f)
            r = run_cli("calendar", "import", "--data-dir", d, path, env=ENV)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("2029", r.stdout)
            bad = os.path.join(d, "bad.json")
            with open(bad, "w") as f:
                json.dump({"year": 2030, "decision": "x",
                           "days_off": [{"date": "2031-01-02", "name_vi": "y"}]}, f)
            r = run_cli("calendar", "import", "--data-dir", d, bad, env=ENV)
            self.assertEqual(r.returncode, 2)
            self.assertIn("days_off[0].date", r.stderr)
            self.assertIn("Nothing was stored", r.stderr)
            r = run_cli("calendar", "import", "--data-dir", d, os.path.join(d, "missing.json"),
                        env=ENV)
            self.assertEqual(r.returncode, 2)
            s = Server(data_dir=d, env=ENV, demo=False).start()
            try:
                status, _, body = s.json("GET", "/api/v1/calendars/2029")
                self.assertTrue(body["announced"])
                self.assertEqual(body["days"][0]["date"], "2029-01-02")
                status, _, body = s.json("GET", "/api/v1/calendars/2030")
                self.assertFalse(body["announced"])
            finally:
                s.stop()
            r = run_cli("verify", "--data-dir", d, env=ENV)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()

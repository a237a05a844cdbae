"""Accommodation notices (issue 21) through the real server's pages: another facility's staff,
another commune's police and officers of other roles are refused every guest record — the host's
register and exports, the police desk's arrivals, search, history and exports — while the
facility's own host and its commune's police see them (so the refusals are not vacuous). Police
searches are logged with their reason in the personal-data access log."""
import io
import json
import os
import re
import tempfile
import unittest
import urllib.parse
import zipfile

from harness import Server, run_cli

OWN_COMMUNE, FOREIGN_COMMUNE = "03721", "03646"
GUEST_NAME, GUEST_ID = "Lò Thị Lan", "014190000123"


class Caller:
    def __init__(self, name, cookie, csrf):
        self.name, self.cookie, self.csrf = name, cookie, csrf


class LodgingPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-lodging-")
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}
        cls.s = Server(data_dir=cls.tmp.name, env=env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            demo = {a["role"]: a for a in json.load(f)}
        cls.police = cls.login(demo["police"]["username"], demo["police"]["password"], "police")
        cls.reception = cls.login(demo["reception"]["username"], demo["reception"]["password"],
                                  "reception")
        r = run_cli("admin", "create", "--data-dir", cls.tmp.name, "--username", "foreign.police",
                    "--role", "police", "--unit", FOREIGN_COMMUNE, "--password-stdin",
                    input="foreign-password-1\n", env=env)
        assert r.returncode == 0, r.stderr
        cls.foreign_police = cls.login("foreign.police", "foreign-password-1", "foreign police")
        cls.host_a = cls.resident("host A", "001088000001", "Chủ Nhà A")
        cls.host_b = cls.resident("host B", "001088000002", "Chủ Nhà B")
        cls.a = cls.register(cls.host_a, "Homestay Suối Nậm")
        cls.b = cls.register(cls.host_b, "Nhà nghỉ Bản Mòng")
        for fid in (cls.a, cls.b):
            status, h, _ = cls.page(cls.police, "POST", "/cong-an/luu-tru",
                                    {"action": "confirm_facility", "facility": fid})
            assert status == 303, status
        status, _, body = cls.page(cls.host_a, "POST", f"/luu-tru/{cls.a}", {
            "action": "checkin", "n": "1", "declare": "1", "g0_kind": "vn", "g0_name": GUEST_NAME,
            "g0_doc": GUEST_ID, "g0_birth": "1990-01-02", "g0_sex": "F", "g0_reason": "1",
            "g0_depart": "2099-01-01"})
        # 2099 is more than 30 days away: the form is refused with the field's message, and
        # nothing is stored; then the real check-in.
        assert status == 422 and "30" in body, (status, body[:500])
        status, h, body = cls.page(cls.host_a, "POST", f"/luu-tru/{cls.a}", {
            "action": "checkin", "n": "1", "declare": "1", "g0_kind": "vn", "g0_name": GUEST_NAME,
            "g0_doc": GUEST_ID, "g0_birth": "1990-01-02", "g0_sex": "F", "g0_reason": "1",
            "g0_depart": cls.today()})
        assert status == 303, (status, body[:800])

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    @classmethod
    def today(cls):
        status, _, body = cls.page(cls.police, "GET", "/cong-an/luu-tru")
        return re.search(r'name="from" type="date" value="([0-9-]+)"', body).group(1)

    @classmethod
    def login(cls, username, password, name):
        status, h, body = cls.s.json("POST", "/api/v1/sessions",
                                     {"username": username, "password": password})
        assert status == 201, body
        return Caller(name, h["set-cookie"].split(";")[0], body["csrf"])

    @classmethod
    def resident(cls, name, id_number, full_name):
        status, h, body = cls.s.json("POST", "/api/v1/_test/resident-session",
                                     {"subject": "t " + id_number, "id_number": id_number,
                                      "name": full_name, "level2": True})
        assert status == 201, body
        return Caller(name, h["set-cookie"].split(";")[0], body["csrf"])

    @classmethod
    def page(cls, caller, method, path, form=None):
        headers = {"Accept": "text/html"}
        if caller:
            headers.update({"Cookie": caller.cookie, "X-CSRF-Token": caller.csrf})
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form)
        status, h, data = cls.s.request(method, path, body, headers)
        return status, h, data.decode("utf-8", "replace")

    @classmethod
    def register(cls, host, name):
        status, h, body = cls.page(host, "POST", "/luu-tru",
                                   {"name": name, "type": "homestay", "address": "Bản 1"})
        assert status == 303, (status, body[:500])
        status, _, body = cls.page(host, "GET", "/luu-tru")
        ids = re.findall(r'href="/luu-tru/(\d+)">' + re.escape(name), body)
        assert ids, body
        return ids[0]

    def guest_routes(self):
        a, day = self.a, self.today()
        q = urllib.parse.urlencode({"q": GUEST_ID, "reason": "kiểm tra"})
        return [
            ("GET", f"/luu-tru/{a}"),
            ("GET", f"/luu-tru/{a}?lai={GUEST_ID}"),
            ("GET", f"/luu-tru/{a}/xuat/vn?from={day}&to={day}"),
            ("GET", f"/cong-an/luu-tru?ngay={day}"),
            ("GET", f"/cong-an/luu-tru/tim?{q}"),
            ("GET", f"/cong-an/luu-tru/co-so/{a}"),
            ("GET", f"/cong-an/luu-tru/xuat?kind=vn&co_so={a}&from={day}&to={day}"),
            ("GET", f"/cong-an/luu-tru/xuat?kind=vn&from={day}&to={day}"),
        ]

    def shows_guest(self, caller, method, path):
        headers = {"Accept": "text/html"}
        if caller:
            headers.update({"Cookie": caller.cookie, "X-CSRF-Token": caller.csrf})
        status, h, data = self.s.request(method, path, None, headers)
        if status in (401, 403, 404) or status >= 500:
            return status, False
        if "spreadsheetml" in h.get("content-type", ""):
            # An XLSX: the guest's ID number is among its shared strings (zip-compressed).
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                text = z.read("xl/sharedStrings.xml").decode()
            return status, GUEST_ID in text
        body = data.decode("utf-8", "replace")
        if "/tim?" in path:
            # The search page echoes the query typed (in its form and language link): the
            # caller's own words, not a record. A found guest shows their name.
            return status, GUEST_NAME in body
        return status, GUEST_NAME in body or GUEST_ID in body

    def test_other_facilities_staff_and_other_communes_police_are_refused_every_guest_record(self):
        for caller in (self.host_b, self.foreign_police, self.reception, None):
            for method, path in self.guest_routes():
                with self.subTest(caller=caller.name if caller else "anonymous", path=path):
                    status, shown = self.shows_guest(caller, method, path)
                    self.assertFalse(shown, f"{path} shows the guest ({status})")
        # The own host sees the register; the commune's police the desk, search and history.
        for caller, paths in ((self.host_a, self.guest_routes()[:2]),
                              (self.police, self.guest_routes()[3:6])):
            for method, path in paths:
                with self.subTest(caller=caller.name, path=path):
                    status, shown = self.shows_guest(caller, method, path)
                    self.assertEqual(status, 200)
                    self.assertTrue(shown, path)
        # Changes to another facility's register: not found, nothing changed.
        for caller in (self.host_b, self.foreign_police):
            status, _, _ = self.page(caller, "POST", f"/luu-tru/{self.a}",
                                     {"action": "declare"})
            self.assertIn(status, (403, 404), caller.name)
            status, _, _ = self.page(caller, "POST", "/cong-an/luu-tru",
                                     {"action": "receive", "facility": self.a})
            self.assertIn(status, (403, 404), caller.name)

    def test_a_wrong_role_is_refused_the_desk_and_a_resident_the_officers_pages(self):
        for path in ("/cong-an/luu-tru", "/cong-an/luu-tru/thong-ke", f"/cong-an/luu-tru/co-so/{self.a}"):
            self.assertEqual(self.page(self.reception, "GET", path)[0], 403, path)
            self.assertEqual(self.page(self.host_a, "GET", path)[0], 403, path)
        self.assertEqual(self.page(self.reception, "POST", "/luu-tru", {"name": "x"})[0], 403)

    def test_a_search_needs_a_reason_and_is_logged_with_it(self):
        status, _, body = self.page(self.police, "GET",
                                    "/cong-an/luu-tru/tim?" + urllib.parse.urlencode({"q": GUEST_ID}))
        self.assertEqual(status, 422)
        self.assertNotIn(GUEST_NAME, body)
        reason = "xác minh theo công văn 12"
        status, _, body = self.page(self.police, "GET", "/cong-an/luu-tru/tim?" +
                                    urllib.parse.urlencode({"q": "lan", "reason": reason}))
        self.assertEqual(status, 200)
        self.assertIn(GUEST_NAME, body)
        with open(os.path.join(self.tmp.name, "demo-accounts.json")) as f:
            auditor = next(a for a in json.load(f) if a["role"] == "auditor")
        a = self.login(auditor["username"], auditor["password"], "auditor")
        status, _, log = self.s.json("GET", "/api/v1/audit/access-log", None,
                                     {"Cookie": a.cookie})
        self.assertEqual(status, 200, log)
        self.assertTrue(any(e["purpose"] == "lodging search: " + reason and
                            e["record"].startswith("lodging-guest:") for e in log["entries"]),
                        log["entries"][:5])


if __name__ == "__main__":
    unittest.main()


class LodgingImportTest(unittest.TestCase):
    """Bulk import of the XLSX a host already keeps: written by openpyxl (Debian's
    python3-openpyxl) the way a spreadsheet program saves it — real dates, numbers, shared
    strings, the template's sheet name — and uploaded through the host's page."""

    PYTHON = os.environ.get("MOTCUA_PYTHON", "/usr/bin/python3")  # where openpyxl is installed

    def test_a_hosts_own_workbook_is_imported_and_bad_rows_reported(self):
        LodgingPagesTest.setUpClass()
        try:
            self.run_import(LodgingPagesTest)
        finally:
            LodgingPagesTest.tearDownClass()

    def run_import(self, t):
        import subprocess
        path = os.path.join(t.tmp.name, "khach.xlsx")
        today = t.today()
        script = f"""
import datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "DS_KHACH_VIET_NAM_LUU_TRU"
ws.append(["DANH SÁCH KHÁCH"]); ws.append([]); ws.append(["STT", "HỌ TÊN"]); ws.append(["mẫu"])
d = datetime.date.fromisoformat("{today}")
ws.append([1, "Vi Văn Thành", datetime.datetime(1992, 3, 4), "M - Nam", "VNM - Viet Nam",
           "8 - Thẻ Căn Cước", None, "035092000777", "0912000111", None, None, None, "Bản 3",
           d, d + datetime.timedelta(days=1), None, "2 - Công tác"])
ws.append([2, "Sai Số", "04/03/1990", "F - Nữ", "VNM - Viet Nam", "8 - Thẻ Căn Cước", None,
           35092000778, None, None, None, None, None, d, d, None, "1 - Du lịch"])
wb.save("{path}")
"""
        r = subprocess.run([self.PYTHON, "-c", script], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path, "rb") as f:
            xlsx = f.read()
        boundary = "----lodging-import"
        body = b"".join([
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nimport\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t.host_a.csrf}\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"khach.xlsx\"\r\n"
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode(),
            xlsx, f"\r\n--{boundary}--\r\n".encode()])
        status, h, data = t.s.request("POST", f"/luu-tru/{t.a}", body, {
            "Cookie": t.host_a.cookie, "Accept": "text/html",
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        page = data.decode("utf-8", "replace")
        # One row imported; the ID number typed as a number lost its leading zero: reported.
        self.assertEqual(status, 422, page[:500])
        self.assertIn("row 6: id_number", page)
        status, _, page = t.page(t.host_a, "GET", f"/luu-tru/{t.a}")
        self.assertIn("Vi Văn Thành", page)
        self.assertIn("035092000777", page)
        self.assertNotIn("Sai Số", page)

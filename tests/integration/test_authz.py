"""Generated authorisation test: every route in the route table is called as anonymous, as each
role of the demo commune, as the same role in a foreign unit, and as a resident, and must be
refused (401/403) exactly where its rule says so. A route added without a rule cannot be
registered; a route whose rule is not enforced fails here. Every GET route that lists rows is
called by each foreign caller too, and must show none of the demo commune's rows."""
import base64
import hashlib
import hmac
import json
import os
import struct
import tempfile
import time
import unittest
import urllib.parse

from harness import Server, cookie, run_cli

OWN_COMMUNE, OWN_PROVINCE = "03721", "14"        # Xã Thuận Châu, Sơn La (the demo)
FOREIGN_COMMUNE, FOREIGN_PROVINCE = "03646", "01"  # Phường Tô Hiệu (Sơn La); Hà Nội
PROVINCE_ROLES = {"province_admin", "auditor"}
NATIONAL_ROLES = {"national_admin"}  # granted on the nation ("VN"): there is no foreign one


def totp(secret_b32, t=None):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = struct.pack(">Q", int((t or time.time()) // 30))
    mac = hmac.new(key, counter, hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


class Caller:
    def __init__(self, name, role=None, unit=None, cookie=None, csrf=None):
        self.name, self.role, self.unit, self.cookie, self.csrf = name, role, unit, cookie, csrf

    def headers(self):
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf:
            h["X-CSRF-Token"] = self.csrf
        return h


class AuthzTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-authz-")
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}
        cls.env = env
        lines = run_cli("routes", "--data-dir", cls.tmp.name, env=env).stdout.splitlines()
        entries = [json.loads(l) for l in lines]
        cls.role_perms = {e["role"]: set(e["permissions"]) for e in entries if "role" in e}
        cls.routes = [e for e in entries if "pattern" in e]
        cls.s = Server(data_dir=cls.tmp.name, env=env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.demo = json.load(f)
        cls.callers = [Caller("anonymous")]
        for a in cls.demo:
            cls.callers.append(cls.login(a["username"], a["password"], a.get("totp_secret"),
                                         a["role"], a["unit"]))
        # The same roles in a foreign unit, and an auditor of another commune of the province.
        foreign = [(role, FOREIGN_PROVINCE if role in PROVINCE_ROLES else FOREIGN_COMMUNE, role)
                   for role in cls.role_perms if role not in NATIONAL_ROLES]
        foreign.append(("auditor", FOREIGN_COMMUNE, "commune_auditor"))
        for role, unit, label in foreign:
            name, password = f"foreign.{label}", "foreign-password-1"
            r = run_cli("admin", "create", "--data-dir", cls.tmp.name, "--username", name,
                        "--role", role, "--unit", unit, "--password-stdin", input=password + "\n",
                        env=env)
            assert r.returncode == 0, r.stderr
            c = cls.login(name, password, None, role, unit, foreign=True)
            if label != role:
                c.name = f"foreign {label}"
            cls.callers.append(c)
        status, h, body = cls.s.json("POST", "/api/v1/_test/resident-session",
                                     {"subject": "t 1", "id_number": "001099012345",
                                      "name": "Nguyễn Văn A", "level2": True})
        assert status == 201, body
        cls.resident = Caller("resident", "resident", None,
                              h["set-cookie"].split(";")[0], body["csrf"])
        cls.callers.append(cls.resident)
        r = run_cli("admin", "create", "--data-dir", cls.tmp.name, "--username", "victim.user",
                    "--role", "clerk", "--unit", OWN_COMMUNE, "--password-stdin",
                    input="victim-password-1\n", env=env)
        assert r.returncode == 0, r.stderr

    @classmethod
    def login(cls, username, password, secret, role, unit, foreign=False):
        status, h, body = cls.s.json("POST", "/api/v1/sessions",
                                     {"username": username, "password": password,
                                      **({"totp_code": totp(secret)} if secret else {})})
        assert status == 201, (username, body)
        c = Caller(("foreign " if foreign else "") + role, role, unit,
                   h["set-cookie"].split(";")[0], body["csrf"])
        if body.get("needs_totp"):  # enrol the second factor the role requires
            st, _, b = cls.s.json("POST", "/api/v1/me/totp", {}, c.headers())
            assert st == 201, b
            secret = b["otpauth_uri"].split("secret=")[1].split("&")[0]
            st, _, b = cls.s.json("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)},
                                  c.headers())
            assert st == 204, b
        return c

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    def path_for(self, pattern):
        return (pattern.replace("{code}", OWN_COMMUNE).replace("{username}", "victim.user")
                .replace("{path...}", "site.css").replace("{id}", "1").replace("{year}", "2026")
                .replace("{action}", "x").replace("{proc}", "1.001193")
                .replace("{version}", "1").replace("{unit}", OWN_COMMUNE)
                .replace("{counter}", "1").replace("{call}", "1"))

    # Routes whose "signed_in" rule is narrowed by the service to some callers, whatever the
    # body: authorisations are recorded and revoked only by the principal (a resident) or at a
    # reception counter (own or foreign: each records for its own unit).
    HANDLER_RULES = {
        ("POST", "/api/v1/authorisations"): lambda c: c.role not in ("resident", "reception"),
        ("DELETE", "/api/v1/authorisations/{id}"): lambda c: c.role not in ("resident",
                                                                               "reception"),
    }

    # Routes for the queue floor's devices (kiosk, display board, rating terminal): "public" in the
    # route table, refused (403) by the handler to every caller without the device's key
    # (X-Floor-Device), whatever their session; test_floor.py checks the keys' kind and unit.
    DEVICE_ROUTES = {
        ("POST", "/api/v1/units/{code}/floor/tickets"),
        ("GET", "/api/v1/units/{code}/floor/board"),
        ("POST", "/api/v1/units/{code}/floor/ratings"),
        ("GET", "/quay/{unit}/kiosk"), ("POST", "/quay/{unit}/kiosk"),
        ("GET", "/quay/{unit}/bang"), ("GET", "/quay/{unit}/bang/su-kien"),
        ("GET", "/quay/{unit}/loa/{call}.wav"),
        ("GET", "/quay/{unit}/danh-gia"), ("POST", "/quay/{unit}/danh-gia"),
    }

    def expect_refused(self, route, caller):
        rule = route["permission"]
        if (route["method"], route["pattern"]) in self.DEVICE_ROUTES:
            return True
        if rule == "public":
            return False
        if caller.name == "anonymous":
            return True
        narrowed = self.HANDLER_RULES.get((route["method"], route["pattern"]))
        if narrowed:
            return narrowed(caller)
        if rule == "signed_in":
            return False
        if rule == "resident":
            return caller.role != "resident"
        if rule == "officer":
            return caller.role == "resident"
        if rule.startswith("perm:"):
            if caller.role == "resident":
                return True
            perm, _, param = rule[5:].partition("@")
            if perm not in self.role_perms[caller.role]:
                return True
            if param:  # the unit in the request must be covered by the caller's grant
                own = caller.unit in (OWN_COMMUNE, OWN_PROVINCE)
                return not own
            if caller.name.startswith("foreign"):
                return None  # the unit comes from the resource: checked by the handler, and
                             # tested by the resource-specific tests below
            return False
        self.fail(f"route {route['pattern']} has an unknown rule {rule}")

    def test_every_route_refuses_whom_its_rule_excludes(self):
        checked = 0
        problems = []
        # Routes that end the caller's own session are called only where refusal is expected
        # (an allowed call would sign the caller out for the rest of the test).
        ends_session = {"/api/v1/sessions/current", "/api/v1/me/sessions/revoke", "/dang-xuat"}
        for route in self.routes:
            if route["permission"] in ("test", "metrics"):
                continue
            path = self.path_for(route["pattern"])
            for c in self.callers:
                if route["pattern"] in ends_session and not self.expect_refused(route, c):
                    continue
                body = {} if route["method"] in ("POST", "PUT", "PATCH") else None
                status, h, data = self.s.request(route["method"], path, body=body and json.dumps(body),
                                                 headers={**c.headers(),
                                                          "Content-Type": "application/json"})
                refused = status in (401, 403)
                want = self.expect_refused(route, c)
                checked += 1
                if want is not None and refused != want:
                    problems.append(f"{route['method']} {path} as {c.name}: {status}, expected "
                                    f"{'refusal' if want else 'no refusal'}: {data[:200]!r}")
                if refused:
                    self.assertEqual(h["content-type"], "application/problem+json")
                if c.name == "anonymous" and want:
                    device = (route["method"], route["pattern"]) in self.DEVICE_ROUTES
                    self.assertEqual(status, 403 if device else 401, path)
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertGreater(checked, 200)

    def test_state_changes_need_the_csrf_token(self):
        reception = next(c for c in self.callers if c.role == "reception" and c.unit == OWN_COMMUNE)
        status, _, body = self.s.json("POST", "/api/v1/authorisations",
                                      {"for_id_number": "001088000111"},
                                      headers={"Cookie": reception.cookie})
        self.assertEqual(status, 403)
        self.assertIn("security token", body["detail"])

    def test_province_admin_cannot_manage_another_province(self):
        foreign = next(c for c in self.callers if c.name == "foreign province_admin")
        status, _, body = self.s.json("POST", "/api/v1/users", {
            "username": "intruder.made", "password": "long enough password",
            "roles": [{"role": "reception", "unit": OWN_COMMUNE}]}, foreign.headers())
        self.assertEqual(status, 403, body)
        own = next(c for c in self.callers if c.role == "province_admin" and c.unit == OWN_PROVINCE)
        status, _, body = self.s.json("POST", "/api/v1/users", {
            "username": "mc.new", "password": "long enough password",
            "roles": [{"role": "reception", "unit": OWN_COMMUNE}]}, own.headers())
        self.assertEqual(status, 201, body)
        status, _, body = self.s.json("GET", f"/api/v1/units/{OWN_COMMUNE}/users", None,
                                      own.headers())
        self.assertIn("mc.new", [u["username"] for u in body["users"]])
        status, _, _ = self.s.json("GET", f"/api/v1/units/{OWN_COMMUNE}/users", None,
                                   foreign.headers())
        self.assertEqual(status, 403)
        status, _, _ = self.s.json("POST", "/api/v1/users/mc.new/sessions/revoke", {},
                                   foreign.headers())
        self.assertEqual(status, 403)
        status, _, _ = self.s.json("POST", "/api/v1/tokens", {
            "username": "mc.new", "name": "x", "expires_days": 1}, foreign.headers())
        self.assertEqual(status, 403)
        status, _, _ = self.s.json("POST", "/api/v1/users/mc.new/sessions/revoke", {},
                                   own.headers())
        self.assertEqual(status, 204)

    def test_counter_intake_refuses_a_wrong_role_and_a_foreign_unit(self):
        own = next(c for c in self.callers if c.name == "reception" and c.unit == OWN_COMMUNE)
        foreign = next(c for c in self.callers if c.name == "foreign reception")
        specialist = next(c for c in self.callers if c.name == "specialist")

        def unit_dossiers():
            st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1&limit=1000", None, own.headers())
            self.assertEqual(st, 200)
            return len(wl["items"])

        def intake(caller, unit):
            form = urllib.parse.urlencode({
                "_csrf": caller.csrf, "unit": unit, "procedure_code": "1.001193",
                "applicant_kind": "organisation", "org_name": "Công ty TNHH Chè Tô Hiệu",
                "org_code": "5500123456", "comp_name_0": "Giấy đề nghị", "comp_kind_0": "copy"})
            return self.s.request("POST", "/can-bo/tiep-nhan", form,
                                  headers={"Cookie": caller.cookie, "Accept": "text/html",
                                           "Content-Type": "application/x-www-form-urlencoded"})

        before = unit_dossiers()
        status, h, body = intake(specialist, OWN_COMMUNE)  # no dossier.receive
        self.assertEqual(status, 403)
        self.assertTrue(h["content-type"].startswith("text/html"))
        status, h, body = intake(foreign, OWN_COMMUNE)  # receives, but for another commune
        self.assertEqual(status, 403, body[:300])
        self.assertTrue(h["content-type"].startswith("text/html"))
        self.assertEqual(unit_dossiers(), before, "nothing filed")
        status, h, _ = intake(own, OWN_COMMUNE)  # the same form, from the commune's own counter
        self.assertEqual(status, 303)
        self.assertIn("/can-bo/ho-so/", h["location"])
        self.assertEqual(unit_dossiers(), before + 1)

    def test_counter_intake_with_bad_fields_stores_nothing(self):
        own = next(c for c in self.callers if c.name == "reception" and c.unit == OWN_COMMUNE)
        files_dir = os.path.join(self.tmp.name, "files")

        def stored_files():
            return sum(len(f) for _, _, f in os.walk(files_dir))

        boundary = "----motcua-intake"
        fields = {"_csrf": own.csrf, "unit": OWN_COMMUNE, "procedure_code": "1.001193",
                  "applicant_kind": "organisation", "org_name": "HTX Chè Thuận Châu",
                  "org_code": "12345", "has_rep": "1", "rep_full_name": "Lò Văn A",
                  "rep_id_number": "0140880012", "comp_name_0": "Giấy phép", "comp_kind_0": "certified"}
        scan = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
        def send(fields):
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                     for k, v in fields.items()]
            body = "".join(parts).encode() + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="comp_file_0"; '
                f'filename="giay-phep.pdf"\r\nContent-Type: application/pdf\r\n\r\n').encode() + \
                scan + f"\r\n--{boundary}--\r\n".encode()
            return self.s.request(
                "POST", "/can-bo/tiep-nhan", body,
                headers={"Cookie": own.cookie, "Accept": "text/html",
                         "Content-Type": f"multipart/form-data; boundary={boundary}"})

        before = stored_files()
        status, h, page = send(fields)
        self.assertEqual(status, 400)
        html = page.decode()
        self.assertIn('href="#org_code"', html)        # the tax code's shape
        self.assertIn('href="#rep_id_number"', html)   # 10 digits, not 12
        self.assertIn('href="#rep_document_ref"', html)  # the authorisation is required
        self.assertIn("giay-phep.pdf", html)  # "choose it again": the scan was not kept
        self.assertEqual(stored_files(), before, "the scan of a refused form is not stored")
        # Corrected, the same form files the dossier and keeps the scan.
        status, h, _ = send({**fields, "org_code": "5500123456", "rep_id_number": "014088001234",
                             "rep_document_ref": "Giấy ủy quyền số 3/2026"})
        self.assertEqual(status, 303)
        self.assertEqual(stored_files(), before + 1)

    def test_residents_see_their_data_and_the_auditor_sees_the_access(self):
        status, h, body = self.s.request("GET", "/api/v1/me/data", headers=self.resident.headers())
        self.assertEqual(status, 200)
        doc = json.loads(body)
        self.assertEqual(doc["person"]["id_number"], "001099012345")
        status, _, me = self.s.json("GET", "/api/v1/me", None, self.resident.headers())
        self.assertEqual(me["id_number"], "001******345")  # masked even to themselves in lists
        auditor = next(c for c in self.callers if c.role == "auditor" and c.unit == OWN_PROVINCE)
        status, _, log = self.s.json("GET", "/api/v1/audit/access-log", None, auditor.headers())
        self.assertEqual(status, 200)
        self.assertTrue(any(e["purpose"] == "self export" for e in log["entries"]))

    def caller(self, name):
        return next(c for c in self.callers if c.name == name)

    # GET routes that answer with a fixed document, not rows of anyone's units.
    NOT_LISTS = {"/api/v1/me/data"}  # the resident's own export; officers are refused

    def test_list_routes_show_foreign_callers_none_of_the_communes_rows(self):
        """Issue 14, defect 2: every GET route, called by each foreign caller (another province's
        auditor and administrator, another commune's officers and auditor), shows no row of the
        demo commune. The same routes show
        them to the commune's own officers, so the check is not vacuous."""
        reception = self.caller("reception")
        status, _, wl = self.s.json("GET", "/api/v1/worklist?all=1&limit=1000", None,
                                    reception.headers())
        self.assertEqual(status, 200)
        codes = [i["code"] for i in wl["items"]]
        self.assertTrue(codes, "the demo commune has dossiers")
        # Views by the commune's own officers fill its personal-data access log.
        for code in codes[:3]:
            status, _, _ = self.s.json("GET", f"/api/v1/dossiers/{code}", None,
                                       reception.headers())
            self.assertEqual(status, 200)
        # A row of the commune: one of its dossiers, an officer acting there ("reception@03721"
        # in the access log), or its code as a JSON value. (Not the bare code: a hint on a page
        # may quote an example.)
        markers = codes + [f"@{OWN_COMMUNE}", f'"{OWN_COMMUNE}"']
        leaks = []
        for route in self.routes:
            if route["method"] != "GET" or route["permission"] in ("public", "test", "metrics"):
                continue
            if route["pattern"] in self.NOT_LISTS:
                continue
            path = self.path_for(route["pattern"])
            for c in self.callers:
                if not c.name.startswith("foreign"):
                    continue
                for accept in ("application/json", "text/html"):
                    status, _, data = self.s.request("GET", path, headers={**c.headers(),
                                                                            "Accept": accept})
                    if status in (401, 403, 404):
                        continue
                    text = data.decode("utf-8", "replace")
                    seen = [m for m in markers if m in text]
                    if seen:
                        leaks.append(f"GET {path} ({accept}) as {c.name}: {status}, shows {seen[:3]}")
        self.assertEqual(leaks, [], "\n".join(leaks))
        # The control: the commune's own auditor and officers do see those rows.
        auditor = next(c for c in self.callers if c.role == "auditor" and c.unit == OWN_PROVINCE)
        status, _, log = self.s.json("GET", "/api/v1/audit/access-log", None, auditor.headers())
        self.assertEqual(status, 200)
        self.assertTrue(any(e["record"] == f"dossier:{codes[0]}" for e in log["entries"]), log)
        status, _, page = self.page(auditor, "GET", "/quan-tri/nhat-ky-truy-cap")
        self.assertEqual(status, 200)
        self.assertIn(codes[0], page)
        status, _, page = self.page(reception, "GET", "/can-bo?all=1")
        self.assertIn(codes[0], page)
        # Each foreign auditor still reads the log (their own units' part of it).
        for name in ("foreign auditor", "foreign commune_auditor"):
            status, _, log = self.s.json("GET", "/api/v1/audit/access-log", None,
                                         self.caller(name).headers())
            self.assertEqual(status, 200, name)
            self.assertEqual([e for e in log["entries"] if f"@{OWN_COMMUNE}" in e["actor"] or
                              e["record"] in {f"dossier:{c}" for c in codes}], [], name)

    def test_only_the_national_administrator_changes_national_data(self):
        """Issue 14, defect 8: the national procedure records and the year's holiday announcement
        are changed by the national administrator alone; a province administrator, of this or
        any province, changes its own units' offerings, workflows and calendar profiles only."""
        national = self.caller("national_admin")
        own = next(c for c in self.callers if c.role == "province_admin" and c.unit == OWN_PROVINCE)
        foreign = self.caller("foreign province_admin")
        announcement = {"year": 2027, "decision": "Thông báo thử", "decision_date": "2026-12-01",
                        "days_off": [], "working_days": []}
        for admin in (own, foreign):
            status, _, body = self.s.json("PUT", "/api/v1/procedures/1.001193",
                                          {"paper_result_required": False}, admin.headers())
            self.assertEqual(status, 403, (admin.name, body))
            status, _, body = self.s.json("PUT", "/api/v1/calendars/2027/announcement",
                                          announcement, admin.headers())
            self.assertEqual(status, 403, (admin.name, body))
            for method, path, form in [
                    ("GET", "/quan-tri/thu-tuc/1.001193", None),
                    ("POST", "/quan-tri/thu-tuc/1.001193", {"name": "Đổi tên"}),
                    ("GET", "/quan-tri/tu-dong-nghia", None),
                    ("POST", "/quan-tri/tu-dong-nghia", {"phrase": "lấy vợ",
                                                          "means": "đăng ký kết hôn"}),
                    ("GET", "/quan-tri/lich/2027", None),
                    ("POST", "/quan-tri/lich/2027", {"announcement": json.dumps(announcement)})]:
                status, _, _ = self.page(admin, method, path, {**(form or {}), "_csrf": admin.csrf}
                                         if form else None)
                self.assertEqual(status, 403, f"{method} {path} as {admin.name}")
        status, _, cur = self.s.json("GET", "/api/v1/procedures/1.001193")
        self.assertNotEqual(cur["record"].get("name"), "Đổi tên")
        # The national administrator changes national data…
        status, _, body = self.s.json("PUT", "/api/v1/procedures/1.001193",
                                      {"paper_result_required": False}, national.headers())
        self.assertEqual(status, 200, body)
        status, _, body = self.page(national, "GET", "/quan-tri/thu-tuc/1.001193")
        self.assertEqual(status, 200)
        status, _, body = self.page(national, "GET", "/quan-tri/lich/2027")
        self.assertEqual(status, 200)
        # …and nothing of a province: its accounts, offerings, workflows or calendar profiles.
        for method, path, body in [
                ("PUT", f"/api/v1/units/{OWN_COMMUNE}/procedures/1.001193", {"local_days": 1}),
                ("PUT", f"/api/v1/units/{OWN_COMMUNE}/procedures/1.001193/workflow", {}),
                ("PUT", f"/api/v1/calendar-profiles/{OWN_COMMUNE}", {}),
                ("PUT", f"/api/v1/calendar-profiles/{OWN_PROVINCE}", {}),
                ("POST", "/api/v1/users", {"username": "qt.moi", "password": "long enough password",
                                           "roles": [{"role": "national_admin", "unit": "VN"}]}),
                ("GET", f"/api/v1/units/{OWN_COMMUNE}/users", None)]:
            status, _, data = self.s.json(method, path, body, national.headers())
            self.assertEqual(status, 403, f"{method} {path}: {data}")
        # A province administrator cannot make a national one.
        status, _, body = self.s.json("POST", "/api/v1/users", {
            "username": "qt.moi", "password": "long enough password",
            "roles": [{"role": "national_admin", "unit": "VN"}]}, own.headers())
        self.assertIn(status, (400, 403), body)
        # The CLI grants the role on the nation, and on nothing else.
        r = run_cli("admin", "create", "--data-dir", self.tmp.name, "--username", "qt.quocgia",
                    "--role", "national_admin", "--password-stdin",
                    input="national-password-1\n", env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("authenticator", r.stdout)
        r = run_cli("admin", "create", "--data-dir", self.tmp.name, "--username", "qt.tinh",
                    "--role", "national_admin", "--unit", OWN_PROVINCE, "--password-stdin",
                    input="national-password-1\n", env=self.env)
        self.assertEqual(r.returncode, 2, r.stdout)
        r = run_cli("admin", "create", "--data-dir", self.tmp.name, "--username", "qt.tinh",
                    "--role", "province_admin", "--unit", "VN", "--password-stdin",
                    input="national-password-1\n", env=self.env)
        self.assertEqual(r.returncode, 2, r.stdout)

    def test_catalogue_search_edit_versions_and_offering(self):
        status, _, body = self.s.json("GET", "/api/v1/procedures?q=khai%20si&limit=3")
        self.assertEqual(status, 200)
        self.assertEqual(body["procedures"][0]["code"], "1.001193")
        status, _, body = self.s.json("GET", f"/api/v1/procedures?q=ho%20tich&unit={OWN_COMMUNE}")
        self.assertGreater(body["total"], 10)
        self.assertEqual(self.s.json("GET", "/api/v1/procedures?online=sometimes")[0], 400)
        admin = next(c for c in self.callers if c.role == "province_admin" and c.unit == OWN_PROVINCE)
        national = self.caller("national_admin")
        status, _, before = self.s.json("GET", "/api/v1/procedures/1.001193/versions")
        n = len(before["versions"])
        status, _, body = self.s.json("PUT", "/api/v1/procedures/1.001193",
                                      {"paper_result_required": True}, national.headers())
        self.assertEqual(status, 200, body)
        self.assertEqual(body["version"], n + 1)
        status, _, old = self.s.json("GET", f"/api/v1/procedures/1.001193/versions/{n}")
        self.assertEqual(status, 200)
        self.assertIsNone(old["record"]["paper_result_required"])
        status, _, cur = self.s.json("GET", "/api/v1/procedures/1.001193")
        self.assertTrue(cur["record"]["paper_result_required"])
        status, _, body = self.s.json("PUT", f"/api/v1/units/{OWN_COMMUNE}/procedures/1.001193",
                                      {"local_days": 0.5, "local_fee_note": "Miễn phí"},
                                      admin.headers())
        self.assertEqual(status, 200, body)
        status, _, cur = self.s.json("GET", f"/api/v1/procedures/1.001193?unit={OWN_COMMUNE}")
        self.assertEqual(cur["offering"]["local_days"], 0.5)
        foreign = next(c for c in self.callers if c.name == "foreign province_admin")
        status, _, _ = self.s.json("PUT", f"/api/v1/units/{OWN_COMMUNE}/procedures/1.001193",
                                   {"local_days": 1}, foreign.headers())
        self.assertEqual(status, 403)

    def page(self, caller, method, path, form=None):
        """Calls an admin page as `caller` the way a browser does (HTML, a form body)."""
        headers = {**caller.headers(), "Accept": "text/html"}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form)
        status, h, data = self.s.request(method, path, body, headers)
        return status, h, data.decode("utf-8", "replace")

    def test_admin_pages_refuse_a_wrong_role_and_a_foreign_unit(self):
        own = next(c for c in self.callers if c.role == "province_admin" and c.unit == OWN_PROVINCE)
        foreign = next(c for c in self.callers if c.name == "foreign province_admin")
        reception = next(c for c in self.callers
                         if c.role == "reception" and c.unit == OWN_COMMUNE)
        unit = f"/quan-tri/don-vi/{OWN_COMMUNE}"
        workflow = f"{unit}/thu-tuc/1.001193/quy-trinh"
        steps = {"include_receive": "1", "role_receive": "reception", "budget_receive": "0.5"}
        # A wrong role: a reception officer of the very unit reaches none of them.
        for method, path, form in [
                ("GET", "/quan-tri/don-vi", None), ("GET", unit, None),
                ("POST", f"{unit}/thu-tuc", {"procedure": "1.001193", "action": "withdraw"}),
                ("GET", workflow, None), ("POST", workflow, steps),
                ("GET", "/quan-tri/thu-tuc/1.001193", None),
                ("POST", "/quan-tri/thu-tuc/1.001193", {"name": "Đổi tên"}),
                ("GET", "/quan-tri/tu-dong-nghia", None),
                ("POST", "/quan-tri/tu-dong-nghia", {"phrase": "lấy vợ", "means": "kết hôn"}),
                ("GET", "/quan-tri/lich/2026", None),
                ("POST", "/quan-tri/lich/2026", {"announcement": "{}"})]:
            status, _, _ = self.page(reception, method, path, form)
            self.assertEqual(status, 403, f"{method} {path} as reception")
        # A foreign unit: another province's administrator cannot see or change this commune.
        for method, path, form in [
                ("GET", unit, None),
                ("POST", f"{unit}/thu-tuc", {"procedure": "1.001193", "action": "withdraw"}),
                ("GET", workflow, None), ("POST", workflow, steps)]:
            status, _, body = self.page(foreign, method, path, form)
            self.assertEqual(status, 403, f"{method} {path} as a foreign administrator")
            self.assertIn("<html", body)  # a page, not problem+json, for a browser
        status, _, body = self.page(foreign, "GET", f"/quan-tri/don-vi?q={OWN_COMMUNE}")
        self.assertEqual(status, 200)
        self.assertNotIn(f"{unit}\"", body)
        # Nothing changed: the offering is still there and no workflow was saved…
        status, _, off = self.s.json("GET", f"/api/v1/procedures/1.001193?unit={OWN_COMMUNE}")
        self.assertIsNotNone(off["offering"])
        status, _, body = self.page(own, "GET", workflow)
        self.assertEqual(status, 200)
        self.assertIn("quy trình mặc định", body)
        # …and the unit's own administrator may (the control that makes the refusals mean
        # something): a workflow saved, then a bad one refused with a plain message.
        status, h, _ = self.page(own, "POST", workflow, {**steps, "payment_pauses_clock": "1"})
        self.assertEqual(status, 303)
        status, _, body = self.page(own, "GET", workflow)
        self.assertIn("Đơn vị đã có quy trình riêng", body)
        status, _, body = self.page(own, "POST", workflow, {**steps, "budget_receive": "-1"})
        self.assertEqual(status, 400)
        self.assertIn('href="#budget_receive"', body)
        self.assertNotIn("problem+json", h.get("content-type", ""))

    def test_api_token_from_cli(self):
        r = run_cli("token", "create", "--data-dir", self.tmp.name, "--username", "demo.auditor",
                    "--expires", "1d", env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        token = r.stdout.strip()
        status, _, body = self.s.json("GET", "/api/v1/audit/access-log", None,
                                      {"Authorization": "Bearer " + token})
        self.assertEqual(status, 200, body)
        status, _, _ = self.s.json("GET", "/api/v1/audit/access-log", None,
                                   {"Authorization": "Bearer " + token + "x"})
        self.assertEqual(status, 401)
        r = run_cli("token", "create", "--data-dir", self.tmp.name, "--username", "nobody",
                    "--expires", "1d", env=self.env)
        self.assertEqual(r.returncode, 2)
        r = run_cli("token", "create", "--data-dir", self.tmp.name, "--username", "demo.auditor",
                    "--expires", "soon", env=self.env)
        self.assertEqual(r.returncode, 2)

    def test_logout_ends_the_session(self):
        status, h, body = self.s.json("POST", "/api/v1/_test/resident-session",
                                      {"subject": "t 2", "id_number": "001099099999",
                                       "name": "Lò Văn B"})
        c = Caller("r2", "resident", None, h["set-cookie"].split(";")[0], body["csrf"])
        self.assertEqual(self.s.json("GET", "/api/v1/me", None, c.headers())[0], 200)
        self.assertEqual(self.s.json("DELETE", "/api/v1/sessions/current", None, c.headers())[0], 204)
        self.assertEqual(self.s.json("GET", "/api/v1/me", None, c.headers())[0], 401)


if __name__ == "__main__":
    unittest.main()


class LoginPageTest(unittest.TestCase):
    """The officer sign-in form: CSRF (double submit), plain messages, redirect to the desk."""

    def test_sign_in_and_out_through_the_form(self):
        with tempfile.TemporaryDirectory(prefix="motcua-login-") as d:
            s = Server(data_dir=d, env={"MOTCUA_PASSWORD_HASH_MIB": "8"}).start()
            try:
                accounts = json.load(open(os.path.join(d, "demo-accounts.json")))
                rec = next(a for a in accounts if a["role"] == "reception")
                status, h, body = s.request("GET", "/dang-nhap", headers={"Accept": "text/html"})
                self.assertEqual(status, 200)
                html = body.decode()
                token = html.split('name="_csrf" value="')[1].split('"')[0]
                pre = cookie(h, "motcua_precsrf")
                self.assertIn('<label for="username">', html)
                form = "application/x-www-form-urlencoded"
                # Missing the pre-session token: refused with a plain message.
                status, _, body = s.request("POST", "/dang-nhap",
                                            f"_csrf={token}&username=x&password=y",
                                            {"Content-Type": form})
                self.assertEqual(status, 400)
                self.assertIn("hết hạn", body.decode())
                status, _, body = s.request("POST", "/dang-nhap",
                                            f"_csrf={token}&username={rec['username']}&password=wrong",
                                            {"Content-Type": form, "Cookie": pre})
                self.assertEqual(status, 401)
                self.assertIn("Sai tên đăng nhập hoặc mật khẩu", body.decode())
                self.assertIn('href="#password"', body.decode())
                status, h, _ = s.request(
                    "POST", "/dang-nhap",
                    f"_csrf={token}&username={rec['username']}&password={rec['password']}",
                    {"Content-Type": form, "Cookie": pre})
                self.assertEqual(status, 303, _)
                self.assertEqual(h["location"], "/can-bo")
                session = cookie(h, "motcua_session")
                self.assertIn("HttpOnly", h["set-cookie"])
                status, _, body = s.request("GET", "/can-bo", headers={"Cookie": session,
                                                                        "Accept": "text/html"})
                self.assertEqual(status, 200)
                desk = body.decode()
                self.assertIn("demo.reception", desk)
                self.assertIn("Tiếp nhận và trả kết quả", desk)
                csrf = desk.split('name="_csrf" value="')[1].split('"')[0]
                status, h, _ = s.request("POST", "/dang-xuat", f"_csrf={csrf}",
                                         {"Content-Type": form, "Cookie": session})
                self.assertEqual(status, 303)
                status, h, _ = s.request("GET", "/can-bo", headers={"Cookie": session,
                                                                     "Accept": "text/html"})
                self.assertEqual(status, 303)
                self.assertTrue(h["location"].startswith("/dang-nhap"))
            finally:
                s.cleanup()

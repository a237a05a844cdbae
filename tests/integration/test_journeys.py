"""Issue 23 (the journeys, round two) over HTTP on the real binary, without a browser: the public
lookup reads a code as people type it (lower case, spaces, a trailing space or line break from a
copied SMS, no dots and dashes) and finds one's dossiers by ID number plus phone (rate-limited,
the public minimum only); procedure search ranks by matched words and reads the synonym list,
which the national administrator edits (a wrong role and a province administrator are refused).
The browser journeys are tests/e2e/journeys."""
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

from harness import Server

UNIT = "03721"
PROC = "1.001193"
ID_NUMBER = "014190001234"


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


class JourneysTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-journeys-")
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true",
               "MOTCUA_LOOKUP_PER_MINUTE": "600"}
        cls.s = Server(data_dir=cls.tmp.name, env=env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        cls.officers = {r: cls.login(cls.accounts[r])
                        for r in ("reception", "national_admin", "province_admin", "signer",
                                  "specialist", "unit_head", "clerk")}
        st, h, b = cls.s.json("POST", "/api/v1/_test/resident-session",
                              {"subject": "sub-" + ID_NUMBER, "id_number": ID_NUMBER,
                               "name": "Lò Thị Mai", "level2": True})
        assert st == 201, b
        cls.resident = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        body = {"unit": UNIT, "procedure_code": PROC, "channel": "counter",
                "applicant": {"full_name": "Lò Thị Mai", "id_number": ID_NUMBER,
                              "phone": "0912 345 678", "email": "", "address": "Bản Nà Lĩu"},
                "components": [{"name": "Tờ khai", "original": True}]}
        st, _, b = cls.s.json("POST", "/api/v1/dossiers", body, cls.officers["reception"])
        assert st == 201, b
        cls.code = b["code"]

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    @classmethod
    def login(cls, a):
        body = {"username": a["username"], "password": a["password"]}
        if a.get("totp_secret"):
            body["totp_code"] = totp(a["totp_secret"])
        st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
        assert st == 201, b
        c = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        if b.get("needs_totp"):
            st, _, t = cls.s.json("POST", "/api/v1/me/totp", {}, c)
            assert st == 201, t
            secret = t["otpauth_uri"].split("secret=")[1].split("&")[0]
            st, _, t = cls.s.json("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)}, c)
            assert st == 204, t
        return c

    def page(self, method, path, form=None, who=None):
        headers = {"Accept": "text/html"}
        if who:
            headers["Cookie"] = who["Cookie"]
        body = None
        if form is not None:
            if who:
                form = {"_csrf": who["X-CSRF-Token"], **form}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        st, h, data = self.s.request(method, path, body, headers)
        return st, h, data.decode("utf-8", "replace")

    # Point 5: the code as people type it.
    def test_lookup_reads_the_code_as_people_type_it(self):
        code = self.code
        compact = code.replace(".", "").replace("-", "")
        for typed in (code.lower(), f"  {code} ", f"{code}\n", code.replace("-", " - "),
                      compact, compact.lower(), code.replace("-", "\u2013")):
            st, h, _ = self.page("GET", "/tra-cuu?code=" + urllib.parse.quote(typed))
            self.assertEqual(st, 303, repr(typed))
            self.assertEqual(h["location"], "/tra-cuu/" + code, repr(typed))
            # The page of a code written otherwise redirects to the code itself …
            st, h, _ = self.page("GET", "/tra-cuu/" + urllib.parse.quote(typed))
            self.assertEqual((st, h.get("location")), (303, "/tra-cuu/" + code), repr(typed))
            # … and the API answers it.
            st, _, b = self.s.json("GET", "/api/v1/lookup/" + urllib.parse.quote(typed, safe=""))
            self.assertEqual((st, b.get("code")), (200, code), repr(typed))
        st, _, body = self.page("GET", "/tra-cuu/" + code)
        self.assertEqual(st, 200)
        self.assertIn('class="code-line"', body)  # kept on one line on a phone
        # Still not found: another sequence, a code of an agency that issues none here.
        for wrong in (code[:-1] + ("2" if code[-1] != "2" else "3"), "H99" + compact[3:]):
            st, _, body = self.page("GET", "/tra-cuu/" + urllib.parse.quote(wrong))
            self.assertEqual(st, 404, wrong)
            self.assertIn('role="alert"', body)

    def test_lookup_by_id_number_and_phone_answers_the_minimum(self):
        st, _, body = self.page("POST", "/tra-cuu", {"id_number": "014 190 001 234",
                                                     "phone": "+84 912-345-678"})
        self.assertEqual(st, 200, body)
        self.assertIn(self.code, body)
        self.assertIn(f'href="/tra-cuu/{self.code}"', body)
        self.assertNotIn("Lò Thị Mai", body)   # no name …
        self.assertNotIn("Nà Lĩu", body)       # … no address
        # Both must match: the right ID with another phone, or the phone with another ID, finds
        # nothing, and says so alike.
        st1, _, b1 = self.page("POST", "/tra-cuu", {"id_number": ID_NUMBER, "phone": "0912345679"})
        st2, _, b2 = self.page("POST", "/tra-cuu", {"id_number": "014190001235",
                                                    "phone": "0912345678"})
        self.assertEqual((st1, st2), (404, 404))
        self.assertNotIn(self.code, b1 + b2)
        self.assertIn('id="person-message"', b1)
        # A signed-in officer's form carries the CSRF token; without it the POST is refused.
        who = self.officers["reception"]
        st, _, body = self.page("GET", "/tra-cuu", who=who)
        self.assertIn('name="_csrf"', body)
        st, _, _ = self.page("POST", "/tra-cuu", {"id_number": ID_NUMBER, "phone": "0912345678"},
                             who=who)
        self.assertEqual(st, 200)

    def test_lookup_by_person_is_rate_limited(self):
        limited = Server(env={"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_LOOKUP_PER_MINUTE": "20"})
        limited.start()
        try:
            statuses = []
            for _ in range(60):
                st, _, _ = limited.request(
                    "POST", "/tra-cuu", urllib.parse.urlencode(
                        {"id_number": ID_NUMBER, "phone": "0912345678"}),
                    {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
                statuses.append(st)
            self.assertIn(429, statuses)
            self.assertEqual(set(statuses) - {404, 429}, set())
        finally:
            limited.cleanup()

    # Point 6: search by matched words, with synonyms.
    def search(self, q):
        st, _, body = self.page("GET", "/thu-tuc?q=" + urllib.parse.quote(q))
        self.assertEqual(st, 200)
        return re.findall(r'href="/procedures/([0-9.A-Z]+)"', body)

    def test_search_finds_what_people_type(self):
        self.assertEqual(self.search("giay khai sinh")[0], PROC)
        self.assertEqual(self.search("lam giay khai sinh cho con")[0], PROC)
        self.assertEqual(self.search("doc than")[0], "1.004873")
        self.assertEqual(self.search("Độc thân")[0], "1.004873")

    def test_the_national_administrator_edits_the_synonyms(self):
        national = self.officers["national_admin"]
        st, _, body = self.page("GET", "/quan-tri/tu-dong-nghia", who=national)
        self.assertEqual(st, 200)
        self.assertIn("độc thân", body)
        self.assertEqual(self.search("lay vo"), [])
        st, h, _ = self.page("POST", "/quan-tri/tu-dong-nghia",
                             {"phrase": "lấy vợ", "means": "đăng ký kết hôn", "action": "set"},
                             who=national)
        self.assertIn(st, (302, 303))
        self.assertEqual(h.get("location"), "/quan-tri/tu-dong-nghia?da-luu=1")
        self.assertEqual(self.search("lay vo")[0], "1.000894")
        # A refused one names its field.
        st, _, body = self.page("POST", "/quan-tri/tu-dong-nghia",
                                {"phrase": "", "means": "đăng ký kết hôn", "action": "set"},
                                who=national)
        self.assertEqual(st, 400)
        self.assertIn('href="#phrase"', body)
        st, h, _ = self.page("POST", "/quan-tri/tu-dong-nghia",
                             {"phrase": "lấy vợ", "action": "remove"}, who=national)
        self.assertIn(st, (302, 303))
        self.assertEqual(self.search("lay vo"), [])
        # A wrong role (reception) and a province administrator are refused, and change nothing.
        for role in ("reception", "province_admin"):
            who = self.officers[role]
            st, _, _ = self.page("GET", "/quan-tri/tu-dong-nghia", who=who)
            self.assertEqual(st, 403, role)
            st, _, _ = self.page("POST", "/quan-tri/tu-dong-nghia",
                                 {"phrase": "lấy chồng", "means": "đăng ký kết hôn",
                                  "action": "set"}, who=who)
            self.assertEqual(st, 403, role)
        self.assertEqual(self.search("lay chong"), [])
        st, _, _ = self.page("GET", "/quan-tri/tu-dong-nghia")
        self.assertIn(st, (303, 401))  # an anonymous visitor is sent to sign in

    # Points 1 and 3: the result reaches the resident; the papers to bring are listed.
    def act(self, code, role, action, args=None):
        who = self.officers[role] if isinstance(role, str) else role
        st, h, _ = self.s.request("GET", f"/api/v1/dossiers/{code}", headers=who)
        etag = h["etag"]
        st, _, d = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/{action}", args or {},
                               {**who, "If-Match": etag})
        self.assertEqual(st, 200, (action, d))
        return d

    def multipart_post(self, path, who, fields, files):
        boundary = "----journeys" + os.urandom(8).hex()
        body = b""
        for k, v in fields.items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                     f"{v}\r\n").encode()
        for k, name, data in files:
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     ).encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        st, h, data = self.s.request("POST", path, body, {
            "Cookie": who["Cookie"], "Accept": "text/html",
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        return st, h, data.decode("utf-8", "replace")

    def test_the_online_result_reaches_the_resident_and_paper_to_bring_is_listed(self):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        st, _, f = self.s.request("POST", "/api/v1/files", pdf, {
            **self.resident, "Content-Type": "application/octet-stream",
            "X-File-Name": "to-khai.pdf"})
        self.assertEqual(st, 201, f)
        file_id = json.loads(f)["id"]
        body = {"unit": UNIT, "procedure_code": PROC, "channel": "online",
                "result_delivery": "online",
                "applicant": {"full_name": "Lò Thị Mai", "id_number": ID_NUMBER,
                              "phone": "0912345678", "email": "", "address": "Bản Nà Lĩu"},
                "components": [{"name": "Tờ khai đăng ký khai sinh", "file": file_id},
                               {"name": "Giấy chứng sinh", "original": True, "file": ""}]}
        st, _, d = self.s.json("POST", "/api/v1/dossiers", body, self.resident)
        self.assertEqual(st, 201, d)
        code = d["code"]
        # Point 3: the skipped paper is listed for the resident and for the officer.
        st, _, page = self.page("GET", f"/ho-so-cua-toi/{code}", who=self.resident)
        self.assertEqual(st, 200)
        to_bring = page[page.index('id="to-bring"'):]
        self.assertIn("Giấy chứng sinh", to_bring[:to_bring.index("</section>")])
        self.assertNotIn("Tờ khai đăng ký khai sinh", to_bring[:to_bring.index("</section>")])
        self.act(code, "reception", "accept")
        st, _, desk = self.page("GET", f"/can-bo/ho-so/{code}", who=self.officers["reception"])
        self.assertEqual(st, 200)
        self.assertRegex(desk, r"Giấy chứng sinh[^<]*<span[^>]*>[^<]*</span>\s*<strong "
                               r'class="tag to-bring">')
        self.assertIn('id="result-delivery"', desk)
        st, _, receipt = self.s.request("GET", f"/api/v1/dossiers/{code}/forms/01.pdf",
                                        headers=self.officers["reception"])
        self.assertEqual(st, 200)
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=receipt,
                              capture_output=True, check=True).stdout.decode()
        self.assertIn("Bạn cần mang đến quầy", text)
        self.assertIn("Giấy chứng sinh", text.split("Bạn cần mang đến quầy")[1])
        # Through to the clerk, who numbers the result and attaches its file in the desk.
        self.act(code, "signer", "assign", {"handler": self.accounts["specialist"]["username"]})
        self.act(code, "specialist", "appraise", {"opinion": "Đủ điều kiện"})
        self.act(code, "unit_head", "review", {"opinion": "Đồng ý"})
        self.act(code, "signer", "sign")
        clerk = self.officers["clerk"]
        st, _, desk = self.page("GET", f"/can-bo/ho-so/{code}", who=clerk)
        self.assertIn('enctype="multipart/form-data"', desk)
        self.assertIn('id="act-number-result_file"', desk)
        version = re.search(r'action="/can-bo/ho-so/[^"]+/number".*?name="version" value="(\d+)"',
                            desk, re.S).group(1)
        result = b"%PDF-1.4\n% trich luc khai sinh\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        # A text file is refused, in words, and nothing is numbered.
        st, _, refused = self.multipart_post(
            f"/can-bo/ho-so/{code}/number", clerk,
            {"_csrf": clerk["X-CSRF-Token"], "version": version, "document_number": "21/TLKS"},
            [("result_file", "ket-qua.txt", b"just text\n")])
        self.assertIn(st, (400, 422), refused)
        self.assertIn('href="#act-number-result_file"', refused)
        self.assertIn("tệp văn bản (.txt)", refused)  # the kind of file, in words
        self.assertIn('id="error-summary" autofocus', refused)  # focus goes to the summary
        st, h, _ = self.multipart_post(
            f"/can-bo/ho-so/{code}/number", clerk,
            {"_csrf": clerk["X-CSRF-Token"], "version": version, "document_number": "21/TLKS"},
            [("result_file", "trich-luc.pdf", result)])
        self.assertEqual(st, 303)
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, clerk)
        self.assertTrue(d.get("result_file"), d)
        self.act(code, "clerk", "mark-ready")
        # The return form preselects where the applicant asked for the result (online).
        st, _, desk = self.page("GET", f"/can-bo/ho-so/{code}", who=self.officers["reception"])
        select = re.search(r'<select id="act-return-channel".*?</select>', desk, re.S).group(0)
        self.assertRegex(select, r'<option value="online" selected>')
        self.assertIn('id="result-file"', desk)
        # The resident's page offers the file, and it is the clerk's.
        st, _, page = self.page("GET", f"/ho-so-cua-toi/{code}", who=self.resident)
        href = re.search(r'id="result-download" href="([^"]+)"', page).group(1)
        st, _, got = self.s.request("GET", href, headers={"Cookie": self.resident["Cookie"]})
        self.assertEqual((st, got), (200, result))

    # Point 9: the work list's search box.
    def worklist_codes(self, q, who=None):
        st, _, body = self.page("GET", "/can-bo?all=1&q=" + urllib.parse.quote(q),
                                who=who or self.officers["reception"])
        self.assertEqual(st, 200)
        items = body[body.index('id="worklist-items"'):]
        return re.findall(r'<strong>([^<]+)</strong></a>', items[:items.index("</ul>")])

    def test_the_work_list_finds_by_code_name_id_number_and_phone(self):
        code = self.code
        for q in (code, code.lower() + " ", code.replace(".", "").replace("-", ""),
                  "lo thi mai", "Lò Thị", "mai", "014 190 001 234", "0912.345.678",
                  "+84 912 345 678"):
            self.assertIn(code, self.worklist_codes(q), q)
        for q in ("Nguyễn Văn B", "0999999999", "014190009999", code[:-1] + "9"):
            self.assertNotIn(code, self.worklist_codes(q), q)
        # The search stays within the caller's units: the national administrator reads none.
        st, _, body = self.page("GET", "/can-bo?all=1&q=" + urllib.parse.quote(code),
                                who=self.officers["national_admin"])
        self.assertNotIn(code + "</strong>", body)
        # A new online dossier says since when it waits for reception.
        st, _, d = self.s.json("POST", "/api/v1/dossiers", {
            "unit": UNIT, "procedure_code": PROC, "channel": "online",
            "applicant": {"full_name": "Lò Thị Mai", "id_number": ID_NUMBER,
                          "phone": "0912345678", "email": "", "address": "Bản Nà Lĩu"},
            "components": [{"name": "Giấy chứng sinh", "file": ""}]}, self.resident)
        self.assertEqual(st, 201, d)
        st, _, body = self.page("GET", "/can-bo?all=1&q=" + urllib.parse.quote(d["code"]) +
                                "&lang=en", who=self.officers["reception"])
        self.assertIn('class="waiting">Waiting for reception since', body)

    # Point 7: the procedure page opens with a summary; point 11: "1 procedure found".
    def test_the_procedure_page_opens_with_a_summary(self):
        st, _, body = self.page("GET", f"/procedures/{PROC}?lang=en")
        self.assertEqual(st, 200)
        summary = body[body.index('id="summary"'):]
        summary = summary[:summary.index("</section>")]
        self.assertIn('id="sum-time"><strong>1 working day</strong>', summary)
        self.assertIn('id="sum-fee"><strong>Free</strong>', summary)
        self.assertIn('<ul id="sum-papers"><li>', summary)
        self.assertIn('href="/nop-ho-so?thu_tuc=1.001193"', summary)
        # It comes before every paper, which are collapsed below.
        self.assertLess(body.index('id="summary"'), body.index('<details class="panel" id="all-papers">'))
        st, _, body = self.page("GET", f"/procedures/{PROC}?lang=vi")
        self.assertIn('id="sum-time"><strong>1 ngày làm việc</strong>', body)
        st, _, body = self.page("GET", "/procedures?q=1.001193&lang=en")
        self.assertIn("1 procedure found.", body)
        self.assertNotIn("1 procedures found", body)

    # Point 10: residents have their own sign-in page; the browser's language wins.
    def test_residents_sign_in_on_their_own_page(self):
        st, h, _ = self.page("GET", "/ho-so-cua-toi")
        self.assertEqual((st, h.get("location")), (303, "/dang-nhap-cong-dan?next=%2Fho-so-cua-toi"))
        st, _, body = self.page("GET", "/dang-nhap-cong-dan?next=%2Fho-so-cua-toi")
        self.assertEqual(st, 200)
        self.assertIn('href="/auth/oidc/start?return_to=%2Fho-so-cua-toi"', body)
        self.assertNotIn('name="password"', body)  # VNeID only
        # Officers' pages still lead to the officers' sign-in.
        st, h, _ = self.page("GET", "/can-bo")
        self.assertTrue(h.get("location", "").startswith("/dang-nhap?next="))
        # A resident already signed in goes on.
        st, h, _ = self.page("GET", "/dang-nhap-cong-dan?next=%2Fho-so-cua-toi", who=self.resident)
        self.assertEqual((st, h.get("location")), (303, "/ho-so-cua-toi"))

    def test_the_language_chosen_in_the_browser_wins_at_sign_in(self):
        a = self.accounts["centre_director"]  # no second factor: signs in twice in a window
        # The account remembers Vietnamese …
        who = self.login(a)
        st, _, _ = self.s.request("GET", "/can-bo?lang=vi", headers={"Cookie": who["Cookie"],
                                                                    "Accept": "text/html"})
        # … the browser chose English before signing in: it stays English, and is remembered.
        st, h, body = self.s.request("GET", "/dang-nhap", headers={
            "Accept": "text/html", "Cookie": "motcua_lang=en"})
        csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', body.decode()).group(1)
        pre = [c for c in h["set-cookie"].split("\n")
               if c.startswith("motcua_precsrf=")][0].split(";")[0]
        form = {"_csrf": csrf, "username": a["username"], "password": a["password"]}
        if a.get("totp_secret"):
            form["totp_code"] = totp(a["totp_secret"])
        st, h, _ = self.s.request("POST", "/dang-nhap", urllib.parse.urlencode(form), {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html",
            "Cookie": f"motcua_lang=en; {pre}"})
        self.assertEqual(st, 303)
        cookies = h.get("set-cookie", "").split("\n")
        self.assertFalse([c for c in cookies if c.startswith("motcua_lang=vi")], cookies)
        session = [c for c in cookies if c.startswith("motcua_session=")][0].split(";")[0]
        # Another browser, no language chosen: the account now says English.
        st, _, body = self.s.request("GET", "/can-bo", headers={"Cookie": session,
                                                               "Accept": "text/html"})
        self.assertIn('<html lang="en">', body.decode())


if __name__ == "__main__":
    unittest.main()

"""The resident portal's forms over HTTP, without a browser: the wizard carries its answers in
hidden fields and files the dossier once (a resent last step shows the same code), multipart forms
need the session's CSRF token, a refused upload names its sniffed type, a stale version asks to
reload, and another resident's dossier is not found. A refusal shows its reason and Mẫu 03 to the
applicant only: another resident, an officer of the unit and one of a foreign unit are refused.
The browser journeys are tests/e2e/portal and resident_outcomes."""
import html.parser
import json
import os
import re
import unittest
import uuid

from harness import Server, run_cli

PROC = "1.001193"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Hidden(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value") or ""


def hidden(page):
    h = Hidden()
    h.feed(page.decode())
    return h.fields


def multipart(fields, files=()):
    b = "----motcua" + uuid.uuid4().hex
    body = b""
    for k, v in fields.items():
        v = v if isinstance(v, bytes) else str(v).encode()  # bytes: sent as they are
        body += f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v + \
            b"\r\n"
    for k, name, data in files:
        body += (f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{b}--\r\n".encode()
    return body, f"multipart/form-data; boundary={b}"


class PortalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(env={"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}).start()
        cls.me = cls.resident("001099012345", "Nguyễn Văn A")

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()

    @classmethod
    def resident(cls, id_number, name):
        st, h, b = cls.s.json("POST", "/api/v1/_test/resident-session",
                              {"subject": "sub-" + id_number, "id_number": id_number, "name": name,
                               "level2": True})
        assert st == 201, b
        return {"Cookie": h["set-cookie"].split(";")[0], "csrf": b["csrf"]}

    def get(self, path, who):
        return self.s.request("GET", path, headers={"Cookie": who["Cookie"], "Accept": "text/html"})

    def post(self, path, who, fields, files=(), csrf=True):
        if csrf:
            fields = {"_csrf": who["csrf"], **fields}
        body, ct = multipart(fields, files)
        return self.s.request("POST", path, body, {"Cookie": who["Cookie"], "Content-Type": ct,
                                                    "Accept": "text/html"})

    def file_dossier(self):
        st, _, page = self.get(f"/nop-ho-so?thu_tuc={PROC}", self.me)
        self.assertEqual(st, 200)
        a = hidden(page)
        self.assertIn('value="Nguyễn Văn A"', page.decode())  # prefilled from the sign-in
        steps = [{"ho_ten": "Nguyễn Văn A", "so_dinh_danh": "001099012345", "dia_chi": "Bản Nà Lĩu",
                  "di": "tiep"}, {"dien_thoai": "0912345678", "di": "tiep"}]
        for extra in steps:
            st, _, page = self.post("/nop-ho-so", self.me, {**a, **extra})
            self.assertEqual(st, 200, page[:2000])
            a = hidden(page)
        st, _, page = self.post("/nop-ho-so", self.me, {**a, "di": "tiep"},
                                [("tep", "a.pdf", b"MZ\x90\x00\x03binary")])
        self.assertEqual(st, 422)
        self.assertIn('href="#tep"', page.decode())
        st, _, page = self.post("/nop-ho-so", self.me, {**hidden(page), "di": "tiep"},
                                [("tep", "a.pdf", PDF)])
        self.assertEqual(st, 200)
        a = hidden(page)
        while b'name="nhan_kq"' not in page:
            st, _, page = self.post("/nop-ho-so", self.me, {**a, "di": "bo_qua"})
            a = hidden(page)
        st, _, page = self.post("/nop-ho-so", self.me, {**a, "nhan_kq": "online", "di": "tiep"})
        a = hidden(page)
        st, h, _ = self.post("/nop-ho-so", self.me, {**a, "di": "nop"})
        self.assertEqual(st, 303)
        again = self.post("/nop-ho-so", self.me, {**a, "di": "nop"})
        self.assertEqual((again[0], again[1]["location"]), (303, h["location"]))  # filed once
        return h["location"].split("?")[0].rsplit("/", 1)[1]

    def test_wizard_files_once_and_the_dossier_page_works(self):
        code = self.file_dossier()
        st, _, page = self.get(f"/ho-so-cua-toi/{code}?moi=1", self.me)
        self.assertEqual(st, 200)
        self.assertIn(code, page.decode())
        self.assertIn(b"<svg", page)
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, {"Cookie": self.me["Cookie"]})
        self.assertEqual(d["status"], 1)
        self.assertEqual(len([c for c in d["components"] if c.get("file")]), 1, d)
        # Someone else sees nothing.
        other = self.resident("001088000111", "Trần Thị B")
        self.assertEqual(self.get(f"/ho-so-cua-toi/{code}", other)[0], 404)
        self.assertNotIn(code.encode(), self.get("/ho-so-cua-toi", other)[2])

    def officer(self, username, password):
        st, h, b = self.s.json("POST", "/api/v1/sessions",
                               {"username": username, "password": password})
        self.assertEqual(st, 201, b)
        return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}

    def test_the_applicant_can_withdraw_from_the_portal_once_confirmed(self):
        code = self.file_dossier()
        path = f"/ho-so-cua-toi/{code}"
        st, _, page = self.get(path, self.me)
        self.assertEqual(st, 200)
        self.assertIn('name="hanh_dong" value="withdraw"', page.decode())
        version = page.decode().split('name="phien_ban" value="')[1].split('"')[0]
        # Without the tick nothing happens, and the page says why.
        st, _, page = self.post(path, self.me, {"hanh_dong": "withdraw", "phien_ban": version,
                                                "ly_do_rut": "Nộp nhầm thủ tục"})
        self.assertEqual(st, 422)
        self.assertIn("xac_nhan_rut-error", page.decode())
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, {"Cookie": self.me["Cookie"]})
        self.assertEqual(d["status"], 1)
        # Another resident cannot.
        other = self.resident("001066000333", "Lường Văn D")
        st, _, _ = self.post(path, other, {"hanh_dong": "withdraw", "phien_ban": version,
                                           "xac_nhan_rut": "1"})
        self.assertEqual(st, 404)
        st, h, _ = self.post(path, self.me, {"hanh_dong": "withdraw", "phien_ban": version,
                                             "ly_do_rut": "Nộp nhầm thủ tục", "xac_nhan_rut": "1"})
        self.assertEqual(st, 303)
        self.assertIn("xong=withdraw", h["location"])
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, {"Cookie": self.me["Cookie"]})
        self.assertEqual(d["status"], 7)
        st, _, page = self.get(path, self.me)
        self.assertNotIn('value="withdraw"', page.decode(), "asked once")
        # Reception stops it; the stop notice (Mẫu 05) is then the applicant's.
        with open(os.path.join(self.s.data_dir, "demo-accounts.json")) as f:
            reception = next(a for a in json.load(f) if a["role"] == "reception")
        staff = self.officer(reception["username"], reception["password"])
        st, _, d = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/stop", {},
                               {**staff, "If-Match": '"%d"' % d["version"]})
        self.assertEqual((st, d.get("status")), (200, 8), d)
        st, _, page = self.get(path, self.me)
        self.assertIn(f'href="{path}/mau/05.pdf"', page.decode())

    def test_text_that_is_not_utf8_is_the_fields_error_and_nothing_is_stored(self):
        """Issue 14, defect 6: a withdrawal whose reason is not UTF-8 answered 503 (the event's
        JSON threw inside the store's transaction, unlogged). It is the field's error now."""
        code = self.file_dossier()
        path = f"/ho-so-cua-toi/{code}"
        st, _, page = self.get(path, self.me)
        version = page.decode().split('name="phien_ban" value="')[1].split('"')[0]
        st, _, page = self.post(path, self.me, {"hanh_dong": "withdraw", "phien_ban": version,
                                                "ly_do_rut": b"N\xf4p nh\xe2m \xff",
                                                "xac_nhan_rut": "1"})
        self.assertEqual(st, 422, page[-2000:])
        self.assertIn('id="ly_do_rut-error"', page.decode())
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, {"Cookie": self.me["Cookie"]})
        self.assertEqual((d["status"], str(d["version"])), (1, version), "nothing was stored")
        # The wizard's first answer, likewise.
        st, _, page = self.get(f"/nop-ho-so?thu_tuc={PROC}", self.me)
        a = hidden(page)
        a.update({"buoc": "0", "ho_ten": b"Nguy\xe1n V\xff", "so_dinh_danh": "001099012345",
                  "dia_chi": "Hà Nội"})
        st, _, page = self.post("/nop-ho-so", self.me, a)
        self.assertEqual(st, 422, page[-2000:])
        self.assertIn('href="#ho_ten"', page.decode())
        self.assertNotIn("threw", self.s.output())

    def test_a_refusal_is_shown_to_the_applicant_only(self):
        code = self.file_dossier()
        with open(os.path.join(self.s.data_dir, "demo-accounts.json")) as f:
            reception = next(a for a in json.load(f) if a["role"] == "reception")
        staff = self.officer(reception["username"], reception["password"])
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, staff)
        st, _, d = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/refuse",
                               {"reason": "Không thuộc thẩm quyền của xã"},
                               {**staff, "If-Match": '"%d"' % d["version"]})
        self.assertEqual(st, 200, d)
        st, _, page = self.get(f"/ho-so-cua-toi/{code}", self.me)
        self.assertEqual(st, 200)
        self.assertIn('id="refusal"', page.decode())
        self.assertIn("Không thuộc thẩm quyền của xã", page.decode())
        form = f"/ho-so-cua-toi/{code}/mau/03.pdf"
        self.assertIn(f'href="{form}"', page.decode())
        st, h, pdf = self.get(form, self.me)
        self.assertEqual((st, h["content-type"]), (200, "application/pdf"))
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Nobody else: another resident does not find it; officers, of this unit (a wrong role
        # for the resident's pages) or of a foreign unit, are refused.
        other = self.resident("001077000222", "Vì Văn C")
        for path in (f"/ho-so-cua-toi/{code}", form):
            st, _, body = self.get(path, other)
            self.assertEqual(st, 404, path)
            self.assertNotIn("Không thuộc thẩm quyền".encode(), body)
        r = run_cli("admin", "create", "--data-dir", self.s.data_dir, "--username",
                    "foreign.reception", "--role", "reception", "--unit", "03646",
                    "--password-stdin", input="foreign-password-1\n",
                    env={"MOTCUA_PASSWORD_HASH_MIB": "8"})
        self.assertEqual(r.returncode, 0, r.stderr)
        foreign = self.officer("foreign.reception", "foreign-password-1")
        for who in (staff, foreign):
            for path in (f"/ho-so-cua-toi/{code}", form):
                st, _, body = self.get(path, who)
                self.assertEqual(st, 403, path)
                self.assertNotIn("Không thuộc thẩm quyền".encode(), body)

    def test_forms_need_the_csrf_token_and_fresh_versions(self):
        code = self.file_dossier()
        body, ct = multipart({"hanh_dong": "rate", "phien_ban": "1", "_csrf": "stale"})
        st, _, _ = self.s.request("POST", f"/ho-so-cua-toi/{code}", body,
                                  {"Cookie": self.me["Cookie"], "Content-Type": ct})
        self.assertEqual(st, 403)  # a wrong token in the multipart body
        st, _, page = self.post(f"/ho-so-cua-toi/{code}", self.me, {"hanh_dong": "rate", "phien_ban": "1"},
                                csrf=False)
        self.assertEqual(st, 403)
        # A rating before the result: not now; a stale version: reload.
        st, _, page = self.post(f"/ho-so-cua-toi/{code}", self.me,
                                {"hanh_dong": "rate", "phien_ban": "1", "diem": "5"})
        self.assertEqual(st, 409)
        st, _, page = self.post(f"/ho-so-cua-toi/{code}", self.me,
                                {"hanh_dong": "resubmit", "phien_ban": "0"})
        self.assertEqual(st, 409)
        st, _, page = self.post("/nop-ho-so", self.me, {"thu_tuc": PROC, "buoc": "0"},
                                csrf=False)
        self.assertEqual(st, 403)

    def test_the_start_page_explains_sign_in_to_visitors(self):
        st, _, page = self.s.request("GET", f"/nop-ho-so?thu_tuc={PROC}", headers={"Accept": "text/html"})
        self.assertEqual(st, 200)
        self.assertRegex(page.decode(), r'href="/auth/oidc/start\?return_to=%2Fnop-ho-so%3Fthu_tuc%3D1\.001193"')
        st, h, _ = self.s.request("GET", "/ho-so-cua-toi", headers={"Accept": "text/html"})
        self.assertEqual(st, 303)
        st, _, page = self.s.request("GET", h["location"], headers={"Accept": "text/html"})
        self.assertIn(b"/auth/oidc/start?return_to=%2Fho-so-cua-toi", page)


if __name__ == "__main__":
    unittest.main()

"""The printed forms (Mẫu 01–06) of walked dossiers, read back with pdftotext: one row per form and
state. Every form carries the two headings, the place and date in words, its number (01–05), the
officers' names and titles (never an account id), the note on the digital signature, and no empty
date (1970); the receipt prints the appointment issued at reception and its log-book line; a paused
dossier's sheet says the clock is paused and how much working time is left; an apology and a
refusal after appraisal are signed by the head of the agency; a stop notice states its ground."""
import base64
import datetime
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

from harness import Server

UNIT = "03721"
PROC = "1.001193"  # a procedure counted in working days
# The demo officers' names (cli/demo.cc) and the titles of their roles.
NAMES = {"reception": "Lò Văn Đức", "specialist": "Cầm Thị Hương", "unit_head": "Quàng Văn Minh",
         "signer": "Lường Văn Thắng", "clerk": "Tòng Thị Hoa"}
APPLICANT = "Hà Thị Nguyệt"
VN = datetime.timezone(datetime.timedelta(hours=7))

# Every form: the headings (the unit in capitals over the centre; the national name and motto),
# the place and date in words, the note on the digital signature.
COMMON = ["UBND XÃ THUẬN CHÂU", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          re.compile(r"Thuận Châu, ngày \d{2} tháng \d{2} năm \d{4}")]
SIGNED = [re.compile(r"ký số nếu là biểu mẫu điện tử")]
NUMBERED = {"01": "GTN", "02": "PBS", "03": "PTC", "04": "PXL", "05": "TB"}


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def pdftotext(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdftotext", "-raw", f.name, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def instant(rfc3339):
    return datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))


def form_time(t):
    """The way the forms print an instant: "10 giờ 30 phút, ngày 05/12/2026" (Vietnam time)."""
    t = t.astimezone(VN)
    return f"{t.hour:02d} giờ {t.minute:02d} phút, ngày {t.day:02d}/{t.month:02d}/{t.year}"


# The walks: (name, channel, steps). A step is (role, action, args); args may be a function of the
# test (for dates computed from the dossier).
ASSIGN = ("signer", "assign", {"handler": "demo.specialist"})
WALKS = {
    "received": ("counter", []),
    "supplementation": ("counter", [ASSIGN, ("specialist", "request-supplementation",
                                             {"missing": ["Giấy xác nhận cư trú"],
                                              "reason": "Thiếu giấy xác nhận"})]),
    "apologised": ("counter", [ASSIGN, ("unit_head", "apologise", "apology")]),
    "refused_after_appraisal": ("counter", [ASSIGN,
                                            ("specialist", "appraise", {"opinion": "Không đủ"}),
                                            ("signer", "refuse", {"reason": "Không đủ điều kiện"})]),
    "refused_at_reception": ("online", [("reception", "refuse",
                                         {"reason": "Không thuộc thẩm quyền"})]),
    "stopped_on_request": ("counter", [("resident", "request-withdrawal",
                                        {"reason": "Chuyển nơi cư trú"}),
                                       ("reception", "stop", {})]),
    "stopped_other_ground": ("counter", [ASSIGN, ("reception", "stop",
                                                  {"ground": "other",
                                                   "reason": "Người nộp hồ sơ không liên lạc được"})]),
    "returned": ("counter", [ASSIGN, ("specialist", "appraise", {"opinion": "Đủ điều kiện"}),
                             ("unit_head", "review", {"opinion": "Đồng ý"}),
                             ("signer", "sign", {}),
                             ("clerk", "number", {"document_number": "7/TLKS"}),
                             ("clerk", "mark-ready", {}),
                             ("reception", "return", {"channel": "counter"})]),
}

# One row per form and state: what the form must say beyond COMMON (texts or patterns), and what
# it must not. "{receipt_due}" stands for the appointment computed at reception.
ROWS = [
    ("received", "01", ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", APPLICANT, NAMES["reception"],
                        "Công chức Bộ phận Một cửa", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
                        re.compile(r"theo quy định là: \d+ ngày làm việc"),
                        "Thời gian trả kết quả giải quyết hồ sơ: {receipt_due}",
                        re.compile(r"Vào Sổ theo dõi hồ sơ, Quyển số 01/\d{4}, Số thứ tự \d+")], []),
    ("received", "06", ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Bên giao hồ sơ",
                        "Bên nhận hồ sơ", "Tiếp nhận hồ sơ", NAMES["reception"], APPLICANT,
                        "Thời gian hẹn trả kết quả: {receipt_due}"], []),
    ("supplementation", "01", ["Thời gian trả kết quả giải quyết hồ sơ: {receipt_due}"], []),
    ("supplementation", "02", ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy xác nhận cư trú",
                               "NGƯỜI HƯỚNG DẪN", NAMES["specialist"], "Công chức chuyên môn"], []),
    ("supplementation", "06", ["Đang tạm dừng tính thời gian giải quyết",
                               "chờ tổ chức, cá nhân bổ sung",
                               re.compile(r"thời gian giải quyết còn lại: (\d+ ngày )?(\d+ giờ )?"
                                          r"(\d+ phút )?làm việc"),
                               "Phân công xử lý: giao " + NAMES["specialist"],
                               NAMES["signer"], "Yêu cầu bổ sung"], ["demo.specialist"]),
    ("apologised", "04", ["PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                          "THỦ TRƯỞNG CƠ QUAN", NAMES["signer"], "Lãnh đạo Ủy ban nhân dân",
                          "Thời gian hẹn trả kết quả: {receipt_due}",
                          "hẹn lại thời gian trả kết quả: {new_due}"], [NAMES["unit_head"]]),
    ("apologised", "06", ["Thời gian hẹn trả kết quả: {new_due}"], []),
    ("refused_after_appraisal", "03", ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                                       "Không đủ điều kiện", "THỦ TRƯỞNG CƠ QUAN",
                                       NAMES["signer"]], [NAMES["reception"]]),
    ("refused_at_reception", "03", ["Không thuộc thẩm quyền", "NGƯỜI NỘP HỒ SƠ",
                                    "NGƯỜI TIẾP NHẬN HỒ SƠ", NAMES["reception"], APPLICANT],
     ["THỦ TRƯỞNG CƠ QUAN"]),
    ("stopped_on_request", "05", ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
                                  re.compile(r"Theo đề nghị của tổ chức, cá nhân ngày "
                                             r"\d{2}/\d{2}/\d{4}"),
                                  "Chuyển nơi cư trú", NAMES["reception"]], ["vì lý do sau"]),
    ("stopped_other_ground", "05", ["vì lý do sau: Người nộp hồ sơ không liên lạc được",
                                    NAMES["reception"]], ["Theo đề nghị"]),
    ("returned", "01", ["Thời gian trả kết quả giải quyết hồ sơ: {receipt_due}"], []),
    ("returned", "06", ["Thẩm định hồ sơ", "Xem xét, trình ký", "Ký duyệt kết quả",
                        "Vào số, đóng dấu, phát hành", "Trả kết quả", NAMES["specialist"],
                        NAMES["unit_head"], NAMES["signer"], NAMES["clerk"]], ["appraise"]),
]


class FormsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-forms-")
        cls.s = Server(data_dir=cls.tmp.name,
                       env={"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            accounts = {a["role"]: a for a in json.load(f)}
        cls.who = {}
        for role in NAMES:
            a = accounts[role]
            body = {"username": a["username"], "password": a["password"]}
            if a.get("totp_secret"):
                body["totp_code"] = totp(a["totp_secret"])
            st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
            assert st == 201, b
            cls.who[role] = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        st, h, b = cls.s.json("POST", "/api/v1/_test/resident-session",
                              {"subject": "sub-forms", "id_number": "014190005555",
                               "name": APPLICANT, "level2": True})
        assert st == 201, b
        cls.who["resident"] = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        cls.dossiers = {}  # walk name → (code, facts for the placeholders)
        for name, (channel, steps) in WALKS.items():
            cls.dossiers[name] = cls.walk(channel, steps)

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    @classmethod
    def get(cls, code):
        st, _, d = cls.s.json("GET", f"/api/v1/dossiers/{code}", None, cls.who["reception"])
        assert st == 200, d
        return d

    @classmethod
    def walk(cls, channel, steps):
        body = {"unit": UNIT, "procedure_code": PROC, "channel": channel,
                "applicant": {"full_name": APPLICANT, "id_number": "014190005555",
                              "phone": "0912345678", "address": "Bản Nà Lĩu"},
                "components": [{"name": "Tờ khai", "original": True}]}
        who = cls.who["resident" if channel == "online" else "reception"]
        st, _, d = cls.s.json("POST", "/api/v1/dossiers", body, who)
        assert st == 201, d
        code = d["code"]
        facts = {}
        if d.get("due_at"):
            facts["receipt_due"] = form_time(instant(d["due_at"]))
        for role, action, args in steps:
            if args == "apology":
                due = instant(cls.get(code)["due_at"])
                st, _, b = cls.s.json("POST", "/api/v1/deadlines", {
                    "start": due.isoformat(), "amount": 3, "unit": "working_days"})
                assert st == 200, b
                facts["new_due"] = form_time(instant(b["due"]))
                args = {"reason": "Chờ xác minh nguồn gốc", "new_due": b["due"]}
            h = {**cls.who[role], "If-Match": f'"{cls.get(code)["version"]}"'}
            st, _, b = cls.s.json("POST", f"/api/v1/dossiers/{code}/actions/{action}", args, h)
            assert st == 200, (action, b)
        return code, facts

    def form(self, code, form):
        st, h, pdf = self.s.request("GET", f"/api/v1/dossiers/{code}/forms/{form}.pdf",
                                    headers=self.who["reception"])
        self.assertEqual(st, 200, (code, form, pdf[:300]))
        self.assertEqual(h["content-type"], "application/pdf")
        return pdftotext(pdf)

    def test_every_form_of_every_state(self):
        for walk, form, must, must_not in ROWS:
            with self.subTest(walk=walk, form=form):
                code, facts = self.dossiers[walk]
                text = self.form(code, form)
                self.assertIn(code, text)
                for want in COMMON + SIGNED * (form != "06") + must:
                    if isinstance(want, str):
                        self.assertIn(want.format(**facts), text)
                    else:
                        self.assertRegex(text, want)
                for unwanted in must_not + ["user:", "resident:", "1970", "Demo "]:
                    self.assertNotIn(unwanted, text)
                if form in NUMBERED:
                    self.assertRegex(text, r"Số: \d{2,}/" + NUMBERED[form] + "-TTPVHCC")

    def test_numbers_are_issued_once_gapless_per_unit_and_year(self):
        # Each document keeps its number however often it is printed.
        numbers = []
        for walk, form in [("received", "01"), ("supplementation", "02"), ("apologised", "04"),
                           ("refused_after_appraisal", "03"), ("stopped_on_request", "05")]:
            code, _ = self.dossiers[walk]
            first = re.search(r"Số: (\d+)/", self.form(code, form)).group(1)
            again = re.search(r"Số: (\d+)/", self.form(code, form)).group(1)
            self.assertEqual(first, again)
            numbers.append(int(first))
        self.assertEqual(len(set(numbers)), len(numbers), numbers)
        # The documents of this unit this year are numbered 1, 2, 3 … without a gap: every receipt
        # and notice issued in setUpClass (the demo's own dossiers included) took one number.
        self.assertGreaterEqual(min(numbers), 1)
        # The receipt's log serials are distinct too.
        serials = {int(re.search(r"Số thứ tự (\d+)", self.form(self.dossiers[w][0], "01")).group(1))
                   for w in ("received", "supplementation", "apologised", "returned")}
        self.assertEqual(len(serials), 4)

    def test_a_stop_with_an_unknown_ground_is_refused(self):
        code, _ = self.walk("counter", [])
        h = {**self.who["reception"], "If-Match": f'"{self.get(code)["version"]}"'}
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/stop",
                               {"ground": "boredom", "reason": "x"}, h)
        self.assertEqual(st, 422, b)
        self.assertEqual(b["errors"][0]["field"], "ground")
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{code}/actions/stop",
                               {"ground": "other"}, h)
        self.assertEqual(st, 422, b)
        self.assertEqual(b["errors"][0]["field"], "reason")


if __name__ == "__main__":
    unittest.main()

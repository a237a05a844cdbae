"""Community digital technology groups on the real binary: groups and members set up by the
commune, households and visits scoped to the member's village (a member of another village, a
wrong role and a foreign commune are refused), consent (missing consent refused; a drawn signature
or a one-time code), assisted filing with the member as agent, the tablet's sync (a resent batch
files once, a refusal in plain words, provisional codes mapped to dossier codes), revoking a lost
tablet, and the dashboard's counts from a generated commune."""
import base64
import hashlib
import hmac
import io
import json
import os
import random
import struct
import tempfile
import time
import unittest
import zipfile
import zlib

from harness import Server, run_cli

UNIT, FOREIGN = "03721", "03646"
PROC = "1.001193"  # offered online at the demo commune


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def png(width=24, height=8, seed=0):
    """A small real PNG (a 'photo' or a drawn signature): libmagic sniffs it as image/png."""
    rng = random.Random(seed)
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3))
                   for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def b64(data):
    return base64.b64encode(data).decode()


def person(name, id_number, phone="0912000111"):
    return {"full_name": name, "id_number": id_number, "phone": phone, "address": "Bản Nà Lĩu"}


class CommunityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-community-")
        env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}
        cls.env = env
        cls.s = Server(data_dir=cls.tmp.name, env=env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        cls.admin = cls.login_demo("province_admin")
        cls.director = cls.login_demo("centre_director")
        cls.reception = cls.login_demo("reception")
        cls.specialist = cls.login_demo("specialist")
        for name, unit in (("member.a", UNIT), ("member.b", UNIT), ("member.c", UNIT),
                           ("member.far", FOREIGN)):
            r = run_cli("admin", "create", "--data-dir", cls.tmp.name, "--username", name,
                        "--role", "community_member", "--unit", unit, "--password-stdin",
                        input="member-password-1\n", env=env)
            assert r.returncode == 0, r.stderr
        cls.a = cls.login("member.a", "member-password-1")
        cls.b = cls.login("member.b", "member-password-1")
        cls.far = cls.login("member.far", "member-password-1")
        # Two villages: the groups and their members, set up by the commune.
        cls.group_a = cls.make_group("Bản Nà Lĩu", 40, ["member.a"])
        cls.group_b = cls.make_group("Bản Co Muông", 20, ["member.b", "member.c"])

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    @classmethod
    def login(cls, username, password, secret=None):
        body = {"username": username, "password": password}
        if secret:
            body["totp_code"] = totp(secret)
        st, h, b = cls.s.json("POST", "/api/v1/sessions", body)
        assert st == 201, b
        headers = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        if b.get("needs_totp"):
            st, _, t = cls.s.json("POST", "/api/v1/me/totp", {}, headers)
            assert st == 201, t
            sec = t["otpauth_uri"].split("secret=")[1].split("&")[0]
            st, _, t = cls.s.json("POST", "/api/v1/me/totp/confirm", {"code": totp(sec)}, headers)
            assert st == 204, t
        return headers

    @classmethod
    def login_demo(cls, role):
        a = cls.accounts[role]
        return cls.login(a["username"], a["password"], a.get("totp_secret"))

    @classmethod
    def make_group(cls, village, population, members):
        st, _, g = cls.s.json("POST", f"/api/v1/units/{UNIT}/community/groups",
                              {"village": village, "village_kind": "ban",
                               "population": population}, cls.admin)
        assert st == 201, g
        for i, m in enumerate(members):
            st, _, g = cls.s.json("POST", f"/api/v1/units/{UNIT}/community/groups/{g['id']}/members",
                                  {"username": m, "is_head": i == 0}, cls.admin)
            assert st == 200, g
        return g["id"]

    def household(self, who, group, persons):
        return self.s.json("POST", f"/api/v1/units/{UNIT}/community/households",
                           {"group_id": group, "head_name": persons[0]["full_name"],
                            "address": "Bản", "persons": persons}, who)

    def count_unit_dossiers(self):
        st, _, wl = self.s.json("GET", "/api/v1/worklist?all=1&limit=1000", None, self.reception)
        self.assertEqual(st, 200, wl)
        return len(wl["items"])

    def consent(self, who, resident, method="signature", **extra):
        body = {"resident": resident, "method": method, **extra}
        if method == "signature":
            body.setdefault("signature", "data:image/png;base64," + b64(png(seed=7)))
        return self.s.json("POST", f"/api/v1/units/{UNIT}/community/consents", body, who)

    def file(self, who, key, resident, consent_id=None, proc=PROC):
        body = {"client_key": key, "procedure_code": proc, "applicant": resident,
                "components": [{"name": "Tờ khai", "original": True}]}
        if consent_id:
            body["consent_id"] = consent_id
        return self.s.json("POST", f"/api/v1/units/{UNIT}/community/dossiers", body, who)

    # ---- set-up and scoping ----------------------------------------------------------------

    def test_groups_are_set_up_by_the_commune_only(self):
        st, _, g = self.s.json("GET", f"/api/v1/units/{UNIT}/community/groups", None, self.a)
        self.assertEqual(st, 200, g)
        villages = {x["village"]: [m["username"] for m in x["members"]] for x in g["groups"]}
        self.assertEqual(villages["Bản Co Muông"], ["member.b", "member.c"])
        st, _, _ = self.s.json("POST", f"/api/v1/units/{UNIT}/community/groups",
                               {"village": "Bản X"}, self.a)  # a member: wrong role
        self.assertEqual(st, 403)
        st, _, _ = self.s.json("POST", f"/api/v1/units/{UNIT}/community/groups",
                               {"village": "Bản Nà Lĩu"}, self.admin)
        self.assertEqual(st, 409)
        st, _, b = self.s.json("POST", f"/api/v1/units/{UNIT}/community/groups/{self.group_a}/members",
                               {"username": "demo.specialist"}, self.admin)
        self.assertEqual(st, 422, b)  # not a community_member
        st, _, _ = self.s.json("GET", f"/api/v1/units/{UNIT}/community/groups", None, self.far)
        self.assertEqual(st, 403)  # a foreign commune's member

    def test_a_member_of_another_village_is_refused_the_household(self):
        st, _, h = self.household(self.a, self.group_a,
                                  [{"full_name": "Lò Văn Panh", "birth_year": 1950,
                                    "flags": ["elderly", "ethnic_language"]}])
        self.assertEqual(st, 201, h)
        path = f"/api/v1/units/{UNIT}/community/households/{h['id']}"
        st, _, got = self.s.json("GET", path, None, self.a)
        self.assertEqual(st, 200, got)
        self.assertEqual(got["persons"][0]["flags"], "elderly ethnic_language")
        # The member of Bản Co Muông: refused, told which village it is and which is theirs.
        st, _, p = self.s.json("GET", path, None, self.b)
        self.assertEqual(st, 403, p)
        self.assertIn("Bản Nà Lĩu", p["detail"])
        self.assertIn("Bản Co Muông", p["detail"])
        st, _, _ = self.s.json("POST", path + "/visits", {"note": "x"}, self.b)
        self.assertEqual(st, 403)
        st, _, _ = self.household(self.b, self.group_a, [{"full_name": "Kẻ lạ"}])
        self.assertEqual(st, 403)
        # A wrong role and a foreign commune's member are refused by the route's rule.
        self.assertEqual(self.s.json("GET", path, None, self.specialist)[0], 403)
        self.assertEqual(self.s.json("GET", path, None, self.far)[0], 403)
        self.assertEqual(self.s.json("GET", f"/api/v1/units/{FOREIGN}/community/households/{h['id']}",
                                     None, self.far)[0], 404)
        # The household view is a personal-data view: logged.
        auditor = self.login_demo("auditor")
        st, _, log = self.s.json("GET", f"/api/v1/audit/access-log?record=community-household:{h['id']}",
                                 None, auditor)
        self.assertEqual(st, 200, log)
        self.assertGreaterEqual(len(log["entries"]), 1)

    def test_visits_record_help_from_the_communes_list(self):
        st, _, h = self.household(self.a, self.group_a, [{"full_name": "Quàng Thị Xuân"}])
        self.assertEqual(st, 201, h)
        pid = h["persons"][0]["id"]
        path = f"/api/v1/units/{UNIT}/community/households/{h['id']}/visits"
        st, _, bad = self.s.json("POST", path, {"help": [{"person_id": pid, "kinds": ["flying"]}]},
                                 self.a)
        self.assertEqual(st, 422, bad)
        st, _, v = self.s.json("POST", path, {"help": [{"person_id": pid,
                                                        "kinds": ["vneid_installed"]}]}, self.a)
        self.assertEqual(st, 201, v)
        st, _, got = self.s.json("GET", f"/api/v1/units/{UNIT}/community/households/{h['id']}",
                                 None, self.a)
        self.assertEqual(got["helped"] if "helped" in got else got["persons"][0]["helped"],
                         ["vneid_installed"])

    # ---- consent and assisted filing -------------------------------------------------------

    def test_missing_consent_is_refused_and_nothing_is_filed(self):
        before = self.count_unit_dossiers()
        resident = person("Lường Văn Dũng", "014190007001")
        st, _, r = self.file(self.a, "no-consent-0001", resident)
        self.assertEqual(st, 422, r)
        self.assertEqual(r["outcome"], "refused")
        self.assertEqual(r["reason"], "consent_missing")
        self.assertIn("đồng ý", r["message_vi"])
        # A consent without the drawn signature is refused when captured.
        st, _, c = self.s.json("POST", f"/api/v1/units/{UNIT}/community/consents",
                               {"resident": resident, "method": "signature"}, self.a)
        self.assertEqual(st, 422, c)
        # Another member's consent does not let this one file.
        st, _, c = self.consent(self.b, resident)
        self.assertEqual(st, 201, c)
        st, _, r = self.file(self.a, "others-consent-1", resident, c["id"])
        self.assertEqual((st, r["reason"]), (422, "consent_missing"), r)
        # Another person's consent does not cover this applicant.
        st, _, c = self.consent(self.a, person("Người Khác", "014190007999"))
        st, _, r = self.file(self.a, "wrong-person-01", resident, c["id"])
        self.assertEqual((st, r["outcome"]), (422, "refused"), r)
        self.assertEqual(self.count_unit_dossiers(), before)
        # The same refused item sent again gets the same answer.
        st, _, again = self.file(self.a, "no-consent-0001", resident)
        self.assertEqual((st, again["outcome"]), (422, "refused"))

    def test_assisted_filing_with_a_drawn_signature_names_the_member_as_agent(self):
        resident = person("Cầm Thị Hoa", "014190007002")
        st, _, c = self.consent(self.a, resident)
        self.assertEqual(st, 201, c)
        self.assertTrue(c["confirmed"])
        self.assertGreater(c["authorisation_id"], 0)
        before = self.count_unit_dossiers()
        st, _, r = self.file(self.a, "assisted-000001", resident, c["id"])
        self.assertEqual(st, 201, r)
        code = r["dossier_code"]
        st, _, again = self.file(self.a, "assisted-000001", resident, c["id"])
        self.assertEqual((st, again["dossier_code"], again["replayed"]), (200, code, True))
        self.assertEqual(self.count_unit_dossiers(), before + 1)
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{code}", None, self.reception)
        self.assertEqual(st, 200, d)
        self.assertEqual(d["channel"], "online")
        st, _, ev = self.s.json("GET", f"/api/v1/dossiers/{code}/events", None, self.reception)
        first = ev["events"][0]
        self.assertTrue(first["actor"].startswith("user:"), first)
        self.assertEqual(first["on_behalf_of"], "id:014190007002")
        # The resident can follow it by its code.
        self.assertEqual(self.s.json("GET", f"/api/v1/lookup/{code}")[0], 200)

    def test_one_time_code_consent(self):
        resident = person("Hà Văn Tiến", "014190007003", phone="0987654321")
        st, _, c = self.consent(self.a, resident, method="otp")
        self.assertEqual(st, 201, c)
        self.assertFalse(c["confirmed"])
        st, _, r = self.file(self.a, "otp-unconfirmed1", resident, c["id"])
        self.assertEqual((st, r["outcome"]), (422, "refused"), r)
        wrong = "000000" if c["test_code"] != "000000" else "111111"
        path = f"/api/v1/units/{UNIT}/community/consents/{c['id']}/confirm"
        self.assertEqual(self.s.json("POST", path, {"code": wrong}, self.a)[0], 422)
        self.assertEqual(self.s.json("POST", path, {"code": c["test_code"]}, self.b)[0], 404)
        st, _, ok = self.s.json("POST", path, {"code": c["test_code"]}, self.a)
        self.assertEqual(st, 200, ok)
        st, _, r = self.file(self.a, "otp-confirmed-01", resident, c["id"])
        self.assertEqual(st, 201, r)

    # ---- the tablet's sync -----------------------------------------------------------------

    def sync_item(self, key, provisional, resident, proc=PROC, signature=True):
        item = {"client_key": key, "provisional_code": provisional, "procedure_code": proc,
                "applicant": resident,
                "components": [{"name": "Tờ khai", "original": True}],
                "photos": [{"name": "giay-to.png", "component": "Giấy khai sinh (ảnh)",
                            "data": b64(png(64, 32, seed=hash(key) & 0xFFFF))}]}
        if signature:
            item["consent"] = {"method": "signature", "signature": b64(png(seed=3))}
        return item

    def test_a_resent_batch_files_once_and_refusals_are_told(self):
        st, _, offline = self.s.json("GET", f"/api/v1/procedures?unit={UNIT}&online=none&limit=1",
                                     None)
        not_online = offline["procedures"][0]["code"]
        batch = {"batch_id": "tablet-7-batch-1", "items": [
            self.sync_item("tablet7-item-0001", "TAM-7-0001", person("Lò Thị Mai", "014190008001")),
            self.sync_item("tablet7-item-0002", "TAM-7-0002", person("Lò Văn Ún", "014190008002")),
            self.sync_item("tablet7-item-0003", "TAM-7-0003", person("Tòng Thị Ín", "014190008003"),
                           proc=not_online),
            self.sync_item("tablet7-item-0004", "TAM-7-0004", person("Vì Văn Ón", "014190008004"),
                           signature=False),
        ]}
        before = self.count_unit_dossiers()
        st, _, first = self.s.json("POST", f"/api/v1/units/{UNIT}/community/sync", batch, self.b)
        self.assertEqual(st, 200, first)
        outcomes = [r["outcome"] for r in first["results"]]
        self.assertEqual(outcomes, ["filed", "filed", "refused", "refused"], first)
        self.assertEqual(first["results"][2]["reason"], "not_offered_online")
        self.assertIn("trực tuyến", first["results"][2]["message_vi"])
        self.assertEqual(first["results"][3]["reason"], "consent_missing")
        codes = [r.get("dossier_code") for r in first["results"][:2]]
        self.assertEqual(self.count_unit_dossiers(), before + 2)
        # The network dropped before the tablet saw the answer: it sends the batch again.
        st, _, second = self.s.json("POST", f"/api/v1/units/{UNIT}/community/sync", batch, self.b)
        self.assertEqual(st, 200, second)
        self.assertEqual([r.get("dossier_code") for r in second["results"][:2]], codes)
        self.assertTrue(all(r["replayed"] for r in second["results"]))
        self.assertEqual([r["outcome"] for r in second["results"]], outcomes)
        self.assertEqual(self.count_unit_dossiers(), before + 2, "a resent batch files once")
        # The provisional codes are linked to the real ones.
        st, _, mine = self.s.json("GET", "/api/v1/me/community/filings", None, self.b)
        linked = {f["provisional_code"]: f.get("dossier_code") for f in mine["filings"]}
        self.assertEqual(linked["TAM-7-0001"], codes[0])
        self.assertEqual(linked["TAM-7-0002"], codes[1])
        self.assertIsNone(linked["TAM-7-0003"])
        # The desk sees the photo as a component and the member as the agent.
        st, _, d = self.s.json("GET", f"/api/v1/dossiers/{codes[0]}", None, self.reception)
        self.assertIn("Giấy khai sinh (ảnh)", [c["name"] for c in d["components"]])
        st, _, ev = self.s.json("GET", f"/api/v1/dossiers/{codes[0]}/events", None, self.reception)
        self.assertEqual(ev["events"][0]["on_behalf_of"], "id:014190008001")
        # A wrong role and a foreign commune's member cannot sync here.
        self.assertEqual(self.s.json("POST", f"/api/v1/units/{UNIT}/community/sync", batch,
                                     self.specialist)[0], 403)
        self.assertEqual(self.s.json("POST", f"/api/v1/units/{UNIT}/community/sync", batch,
                                     self.far)[0], 403)

    def test_a_lost_tablets_account_is_revoked(self):
        c = self.login("member.c", "member-password-1")
        self.assertEqual(self.s.json("GET", "/api/v1/me", None, c)[0], 200)
        self.assertEqual(self.s.json("POST", f"/api/v1/units/{UNIT}/community/members/member.c/revoke",
                                     {}, self.a)[0], 403)
        st, _, b = self.s.json("POST", f"/api/v1/units/{UNIT}/community/members/member.c/revoke",
                               {}, self.admin)
        self.assertEqual(st, 204, b)
        self.assertEqual(self.s.json("GET", "/api/v1/me", None, c)[0], 401)
        st, _, _ = self.s.json("POST", f"/api/v1/units/{UNIT}/community/sync",
                               {"items": []}, c)
        self.assertEqual(st, 401)

    # ---- the dashboard ---------------------------------------------------------------------

    def test_dashboard_counts_from_a_generated_commune(self):
        # A fresh server: only what this test generates is counted.
        tmp = tempfile.TemporaryDirectory(prefix="motcua-community-dash-")
        s = Server(data_dir=tmp.name, env=self.env).start()
        try:
            with open(os.path.join(tmp.name, "demo-accounts.json")) as f:
                accounts = {a["role"]: a for a in json.load(f)}

            def login(role=None, user=None):
                a = accounts[role] if role else {"username": user, "password": "member-password-1"}
                body = {"username": a["username"], "password": a["password"]}
                if a.get("totp_secret"):
                    body["totp_code"] = totp(a["totp_secret"])
                st, h, b = s.json("POST", "/api/v1/sessions", body)
                assert st == 201, b
                return {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
            admin, director = login("province_admin"), login("centre_director")
            rng = random.Random(22)
            expect = {"households": 0, "reached": 0, "visits": 0, "vneid2": 0, "persons": 0,
                      "records": 0}
            groups = []
            for v, pop in (("Thôn Một", 30), ("Thôn Hai", 25), ("Thôn Ba", 45)):
                st, _, g = s.json("POST", f"/api/v1/units/{UNIT}/community/groups",
                                  {"village": v, "village_kind": "thon", "population": pop}, admin)
                assert st == 201, g
                name = "gen." + str(g["id"])
                r = run_cli("admin", "create", "--data-dir", tmp.name, "--username", name,
                            "--role", "community_member", "--unit", UNIT, "--password-stdin",
                            input="member-password-1\n", env=self.env)
                assert r.returncode == 0, r.stderr
                st, _, _ = s.json("POST", f"/api/v1/units/{UNIT}/community/groups/{g['id']}/members",
                                  {"username": name}, admin)
                groups.append((g["id"], login(user=name)))
            for gid, member in groups:
                for _ in range(rng.randint(3, 6)):
                    n = rng.randint(1, 4)
                    st, _, h = s.json("POST", f"/api/v1/units/{UNIT}/community/households",
                                      {"group_id": gid, "head_name": "Chủ hộ", "persons": [
                                          {"full_name": f"Người {i}"} for i in range(n)]}, member)
                    assert st == 201, h
                    expect["households"] += 1
                    visits = rng.randint(0, 2)
                    if visits:
                        expect["reached"] += 1
                    helped_l2, helped = set(), set()
                    for _ in range(visits):
                        help_ = []
                        for p in h["persons"]:
                            kinds = rng.sample(["vneid_installed", "vneid_level2", "online_service"],
                                               rng.randint(0, 2))
                            if kinds:
                                help_.append({"person_id": p["id"], "kinds": kinds})
                                expect["records"] += len(kinds)
                                helped.add(p["id"])
                                if "vneid_level2" in kinds:
                                    helped_l2.add(p["id"])
                        st, _, _ = s.json("POST", f"/api/v1/units/{UNIT}/community/households/"
                                          f"{h['id']}/visits", {"help": help_}, member)
                        assert st == 201
                        expect["visits"] += 1
                    expect["vneid2"] += len(helped_l2)
                    expect["persons"] += len(helped)
            st, _, t = s.json("PUT", f"/api/v1/units/{UNIT}/community/targets", {"targets": [
                {"key": "vneid2", "label_vi": "Định danh mức 2", "label_en": "Level-2 VNeID",
                 "kind": "vneid_level2", "target_pct": 87}]}, admin)
            self.assertEqual(st, 200, t)
            st, _, d = s.json("GET", f"/api/v1/units/{UNIT}/community/dashboard", None, director)
            self.assertEqual(st, 200, d)
            c = d["commune"]
            self.assertEqual(c["households"], expect["households"])
            self.assertEqual(c["households_reached"], expect["reached"])
            self.assertEqual(c["visits"], expect["visits"])
            self.assertEqual(c["help_records"], expect["records"])
            self.assertEqual(c["persons_helped"], expect["persons"])
            self.assertEqual(c["persons_by_kind"].get("vneid_level2", 0), expect["vneid2"])
            self.assertEqual(c["population"], 100)
            self.assertEqual(c["vneid_level2_pct"], round(1000 * expect["vneid2"] / 100) / 10)
            self.assertEqual(sum(v["visits"] for v in d["villages"]), expect["visits"])
            self.assertEqual(d["targets"][0]["current_pct"], c["vneid_level2_pct"])
            self.assertEqual(d["targets"][0]["met"], c["vneid_level2_pct"] >= 87)
            self.assertEqual(sum(m["help_records"] for m in d["trend"]), expect["records"])
            # The same figures as a workbook (read with the standard library: an XLSX is a zip).
            st, h, xlsx = s.request("GET", f"/api/v1/units/{UNIT}/community/dashboard.xlsx?lang=vi",
                                    None, director)
            self.assertEqual(st, 200, xlsx[:300])
            self.assertTrue(h["content-type"].startswith("application/vnd.openxmlformats"))
            with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
                strings = z.read("xl/sharedStrings.xml").decode()
                sheet = z.read("xl/worksheets/sheet1.xml").decode()
            for label in ("Thôn Một", "Thôn Hai", "Thôn Ba", "Hộ được đến"):
                self.assertIn(label, strings)
            self.assertEqual(sheet.count("<row "), 1 + 3 + 1)  # header, villages, commune
            self.assertIn(f"<v>{expect['visits']}</v>", sheet)
            self.assertEqual(s.request("GET", f"/api/v1/units/{UNIT}/community/dashboard.xlsx", None,
                                       login("specialist"))[0], 403)
            # A wrong role, and a village without a population leaves the rate missing.
            self.assertEqual(s.json("GET", f"/api/v1/units/{UNIT}/community/dashboard", None,
                                    login("specialist"))[0], 403)
            st, _, _ = s.json("POST", f"/api/v1/units/{UNIT}/community/groups",
                              {"village": "Thôn Bốn", "village_kind": "thon"}, admin)
            st, _, d = s.json("GET", f"/api/v1/units/{UNIT}/community/dashboard", None, director)
            self.assertIsNone(d["commune"]["population"])
            self.assertIsNone(d["commune"]["vneid_level2_pct"])
        finally:
            s.cleanup()
            tmp.cleanup()

    def test_dashboard_refuses_a_foreign_commune(self):
        st, _, _ = self.s.json("GET", f"/api/v1/units/{FOREIGN}/community/dashboard", None,
                               self.director)
        self.assertEqual(st, 403)


if __name__ == "__main__":
    unittest.main()

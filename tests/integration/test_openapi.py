"""The API contract (issue 15, item 7): GET /api/v1/openapi.json lists every API route of the
router and nothing else, and the requests it gives as examples (`x-motcua-examples`) answer what it
says when replayed against a real demo server. Its validity as OpenAPI 3.1 is checked by the pinned
npm validator in tests/e2e/openapi.test.mjs."""
import base64
import hashlib
import hmac
import json
import os
import struct
import tempfile
import time
import unittest

from harness import Server, run_cli

# The prefixes of the API's routes (api/routes.cc); every other route is a page (web/).
API_PREFIXES = ("/api/", "/auth/", "/healthz", "/readyz", "/metrics")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def totp(secret_b32):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    msg = struct.pack(">Q", int(time.time()) // 30)
    h = hmac.new(key, msg, hashlib.sha1).digest()
    o = h[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def template(pattern):
    """The router's pattern as the document writes it ("{path...}" → "{path}")."""
    return pattern.replace("...}", "}")


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="motcua-openapi-")
        cls.env = {"MOTCUA_PASSWORD_HASH_MIB": "8", "MOTCUA_TEST_ENDPOINTS": "true"}
        # The router's own list, before the server holds the database.
        lines = run_cli("routes", "--data-dir", cls.tmp.name, env=cls.env).stdout.splitlines()
        cls.routes = [r for r in map(json.loads, lines) if "pattern" in r]
        cls.s = Server(data_dir=cls.tmp.name, env=cls.env).start()
        with open(os.path.join(cls.tmp.name, "demo-accounts.json")) as f:
            cls.accounts = {a["role"]: a for a in json.load(f)}
        st, h, cls.doc = cls.s.json("GET", "/api/v1/openapi.json")
        assert st == 200, cls.doc
        cls.sessions = {}

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.tmp.cleanup()

    def operations(self):
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in METHODS:
                    yield method.upper(), path, op

    def test_every_api_route_is_documented_and_nothing_else(self):
        routed = {(r["method"], template(r["pattern"])) for r in self.routes
                  if r["pattern"].startswith(API_PREFIXES)}
        documented = {(m, p) for m, p, _ in self.operations()}
        self.assertEqual(documented - routed, set(), "documented but not routed")
        self.assertEqual(routed - documented, set(), "routed but not documented")
        # The pages are not API routes, and the split above is not vacuous.
        self.assertGreater(len(self.routes), len(routed))
        self.assertIn(("GET", "/api/v1/openapi.json"), documented)
        self.assertIn(("POST", "/api/v1/dossiers/{id}/actions/{action}"), documented)
        # The document states each route's permission rule as the router has it.
        rules = {(r["method"], template(r["pattern"])): r["permission"] for r in self.routes}
        for m, p, op in self.operations():
            self.assertEqual(op["x-motcua-permission"], rules[(m, p)], (m, p))

    def test_every_refusable_route_documents_its_refusals(self):
        for m, p, op in self.operations():
            rule = op["x-motcua-permission"]
            if rule not in ("public", "metrics", "test"):
                self.assertIn("401", op["responses"], (m, p))
                self.assertIn("403", op["responses"], (m, p))
            if m != "GET":
                self.assertIn("403", op["responses"], (m, p))  # a cookie without its CSRF token
            self.assertTrue(any(s.startswith("2") or s.startswith("3") for s in op["responses"]),
                            (m, p))

    def test_actions_come_from_the_action_table(self):
        op = self.doc["paths"]["/api/v1/dossiers/{id}/actions/{action}"]["post"]
        action = next(x for x in op["parameters"] if x["name"] == "action")
        names = action["schema"]["enum"]
        schemas = self.doc["components"]["schemas"]
        self.assertIn("assign", names)
        self.assertIn("apologise", names)
        self.assertEqual({r["$ref"].rsplit("/", 1)[1] for r in schemas["ActionBody"]["anyOf"]},
                         {"Action-" + n for n in names})
        self.assertIn("new_due", schemas["Action-apologise"]["required"])
        self.assertEqual(schemas["Action-apologise"]["properties"]["new_due"]["format"], "date-time")
        self.assertEqual(schemas["Action-rate"]["properties"]["score"]["maximum"], 5)
        # The server knows every documented action: an unknown one is 404, these are not.
        for n in names:
            st, _, b = self.s.json("POST", f"/api/v1/dossiers/X/actions/{n}", {},
                                   self.session("reception"))
            self.assertNotEqual((st, b.get("title")), (404, "Unknown action"), n)

    def test_problem_types_are_listed(self):
        types = {(t["status"], t["type"].rsplit("/", 1)[1]) for t in self.doc["x-problem-types"]}
        for want in [(412, "precondition_failed"), (401, "totp_required"),
                     (415, "unsupported_media_type"), (422, "invalid_argument"),
                     (409, "conflict"), (409, "failed_precondition"), (429, "resource_exhausted")]:
            self.assertIn(want, types)
        schemes = self.doc["components"]["securitySchemes"]
        self.assertEqual(schemes["session"], {**schemes["session"], "type": "apiKey", "in": "cookie",
                                              "name": "motcua_session"})
        self.assertEqual(schemes["csrf"]["name"], "X-CSRF-Token")
        self.assertEqual(schemes["bearer"]["scheme"], "bearer")

    def session(self, role):
        if role not in self.sessions:
            a = self.accounts[role]
            body = {"username": a["username"], "password": a["password"]}
            if a.get("totp_secret"):
                body["totp_code"] = totp(a["totp_secret"])
            st, h, b = self.s.json("POST", "/api/v1/sessions", body)
            self.assertEqual(st, 201, b)
            self.sessions[role] = {"Cookie": h["set-cookie"].split(";")[0], "X-CSRF-Token": b["csrf"]}
        return self.sessions[role]

    def test_examples_answer_what_the_document_says(self):
        replayed = 0
        last = {}  # the dossier the replay filed last: "{dossier}", "{version}"
        for m, p, op in self.operations():
            for ex in op.get("x-motcua-examples", []):
                fill = lambda s: s.replace("{dossier}", last.get("code", "")).replace(
                    "{version}", str(last.get("version", "")))
                path = fill(ex["path"])
                self.assertNotIn("{", path, (m, p, ex["name"], "needs a dossier filed before it"))
                body = ex.get("body")
                if p == "/api/v1/sessions" and body and body["password"].startswith("demo-"):
                    # The document cannot know the demo's random password: the replay fills it in.
                    a = next(a for a in self.accounts.values() if a["username"] == body["username"])
                    body = {**body, "password": a["password"]}
                    if a.get("totp_secret"):
                        body["totp_code"] = totp(a["totp_secret"])
                headers = dict(self.session(ex["actor"])) if ex.get("actor") else {}
                if ex.get("if_match"):
                    headers["If-Match"] = fill(ex["if_match"])
                st, h, data = self.s.request(m, path, body, headers)
                what = (m, path, ex["name"], data[:500])
                self.assertIn(str(st), op["responses"], what)
                self.assertEqual(st, ex["status"], what)
                ctype = h.get("content-type", "")
                if st >= 400:
                    self.assertEqual(ctype, "application/problem+json", what)
                    self.assertEqual(json.loads(data)["status"], st, what)
                else:
                    documented = op["responses"][str(st)].get("content", {})
                    if documented:
                        self.assertIn(ctype.split(";")[0], documented, what)
                if ctype.startswith("application/json"):
                    j = json.loads(data)
                    if isinstance(j, dict) and "code" in j and "version" in j:
                        last = j
                replayed += 1
        self.assertGreaterEqual(replayed, 15)

    def test_the_readme_sign_ins_work(self):
        """The two ways the README and the document give an API client: the session cookie with
        the CSRF header, and a bearer token without either."""
        who = self.session("reception")
        ex = self.doc["paths"]["/api/v1/dossiers"]["post"]["x-motcua-examples"][0]
        st, _, b = self.s.json("POST", "/api/v1/dossiers", ex["body"], {"Cookie": who["Cookie"]})
        self.assertEqual((st, b["type"]), (403, "https://motcua.dev/problems/permission_denied"))
        r = run_cli("token", "create", "--data-dir", self.tmp.name, "--username", "demo.reception",
                    "--expires", "1d", "--name", "openapi test", env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        bearer = {"Authorization": "Bearer " + r.stdout.strip()}
        st, _, b = self.s.json("POST", "/api/v1/dossiers", ex["body"], bearer)
        self.assertEqual(st, 201, b)
        st, _, b = self.s.json("GET", "/api/v1/worklist?all=1", None, bearer)
        self.assertEqual(st, 200, b)

    def test_stale_if_match_is_412_and_a_state_conflict_stays_409(self):
        who = self.session("reception")
        ex = self.doc["paths"]["/api/v1/dossiers"]["post"]["x-motcua-examples"][0]
        st, _, d = self.s.json("POST", "/api/v1/dossiers", ex["body"], who)
        self.assertEqual(st, 201, d)
        signer = self.session("signer")
        path = f"/api/v1/dossiers/{d['code']}/actions/assign"
        st, _, b = self.s.json("POST", path, {"handler": "demo.specialist"},
                               {**signer, "If-Match": '"7"'})
        self.assertEqual((st, b["type"]), (412, "https://motcua.dev/problems/precondition_failed"))
        st, _, b = self.s.json("POST", f"/api/v1/dossiers/{d['code']}/actions/sign", {},
                               {**signer, "If-Match": f'"{d["version"]}"'})
        self.assertEqual((st, b["type"]), (409, "https://motcua.dev/problems/failed_precondition"))

    def test_sign_in_without_the_authenticator_code_is_401_totp_required(self):
        a = next((a for a in self.accounts.values() if a.get("totp_secret")), None)
        self.assertIsNotNone(a, "the demo has an account with an authenticator")
        st, h, b = self.s.json("POST", "/api/v1/sessions",
                               {"username": a["username"], "password": a["password"]})
        self.assertEqual(st, 401, b)
        self.assertEqual(b["type"], "https://motcua.dev/problems/totp_required")
        self.assertEqual(b["errors"][0]["field"], "totp_code")
        self.assertNotIn("set-cookie", h)
        # A wrong password stays the plain 401, whatever the account.
        st, _, b = self.s.json("POST", "/api/v1/sessions",
                               {"username": a["username"], "password": "wrong wrong wrong"})
        self.assertEqual((st, b["type"]), (401, "https://motcua.dev/problems/unauthenticated"))


if __name__ == "__main__":
    unittest.main()

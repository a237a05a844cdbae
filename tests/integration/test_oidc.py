"""Resident sign-in against a real OpenID Connect provider: LemonLDAP::NG from Debian's packages,
behind a private nginx on 127.0.0.1, reached as auth.example.com (its cookie is bound to that
domain). The test registers motcua as a client, adds a resident whose ID-number claim is `cccd`,
then signs in without a browser: start → provider login form → code → callback → session.
Also: a replayed state is refused, and the resident sees their verified identity.

The provider runs from a private configuration (LLNG_DEFAULTCONFFILE) under a temporary folder,
so the machine's own LemonLDAP::NG set-up is left alone. Needs root (it runs the portal as
www-data), as `make test` does."""
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from harness import Server, free_port

CLI = "/usr/share/lemonldap-ng/bin/lemonldap-ng-cli"
FCGI = "/usr/sbin/llng-fastcgi-server"
HOST = "auth.example.com"


class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""


class Provider:
    def __init__(self, redirect_uri):
        self.w = tempfile.mkdtemp(prefix="motcua-llng-")
        os.chmod(self.w, 0o755)
        self.port = free_port()
        self.portal = f"http://{HOST}:{self.port}/"
        self.env = dict(os.environ, LLNG_DEFAULTCONFFILE=os.path.join(self.w, "lemonldap-ng.ini"))
        self.procs = []
        self.redirect_uri = redirect_uri

    def sh(self, *args, **kw):
        r = subprocess.run(args, capture_output=True, text=True, env=self.env, **kw)
        if r.returncode != 0:
            raise AssertionError(f"{args}: {r.stdout}{r.stderr}")
        return r.stdout

    def start(self):
        w = self.w
        for d in ("conf", "sessions/lock", "psessions/lock", "cache", "nginx-tmp"):
            os.makedirs(os.path.join(w, d), exist_ok=True)
        ini = open("/etc/lemonldap-ng/lemonldap-ng.ini").read()
        ini = ini.replace("dirName = /var/lib/lemonldap-ng/conf", f"dirName = {w}/conf")
        ini = ini.replace("/var/lib/lemonldap-ng/cache", f"{w}/cache")
        open(os.path.join(w, "lemonldap-ng.ini"), "w").write(ini)
        shutil.copy("/var/lib/lemonldap-ng/conf/lmConf-1.json", os.path.join(w, "conf"))
        self.sh("openssl", "genrsa", "-out", f"{w}/sig.key", "2048")
        self.sh("openssl", "rsa", "-in", f"{w}/sig.key", "-pubout", "-out", f"{w}/sig.pub")
        self.sh("sqlite3", f"{w}/users.db",
                "create table users(login text primary key, password text, name text, mail text, "
                "cccd text); insert into users values('citizen1','Citizen#2026','Nguyễn Văn A',"
                "'citizen1@example.test','001099012345');")
        conf = {
            "portal": self.portal,
            "domain": "example.com",
            "globalStorageOptions": {"Directory": f"{w}/sessions",
                                     "LockDirectory": f"{w}/sessions/lock", "generateModule":
                                     "Lemonldap::NG::Common::Apache::Session::Generate::SHA256"},
            "persistentStorageOptions": {"Directory": f"{w}/psessions",
                                         "LockDirectory": f"{w}/psessions/lock"},
            "issuerDBOpenIDConnectActivation": 1,
            "oidcServicePrivateKeySig": open(f"{w}/sig.key").read(),
            "oidcServicePublicKeySig": open(f"{w}/sig.pub").read(),
            "oidcServiceKeyIdSig": "test-key-1",
            "oidcRPMetaDataOptions": {"motcua": {
                "oidcRPMetaDataOptionsClientID": "motcua",
                "oidcRPMetaDataOptionsClientSecret": "motcua-secret",
                "oidcRPMetaDataOptionsRedirectUris": self.redirect_uri,
                "oidcRPMetaDataOptionsIDTokenSignAlg": "RS256",
                "oidcRPMetaDataOptionsBypassConsent": 1}},
            "oidcRPMetaDataExportedVars": {"motcua": {"name": "cn", "preferred_username": "uid",
                                                      "cccd": "cccd"}},
            "authentication": "DBI", "userDB": "Same", "passwordDB": "DBI",
            "dbiAuthChain": f"dbi:SQLite:dbname={w}/users.db", "dbiAuthUser": "",
            "dbiAuthPassword": "", "dbiAuthTable": "users", "dbiAuthLoginCol": "login",
            "dbiAuthPasswordCol": "password", "dbiAuthPasswordHash": "",
            "dbiExportedVars": {"cn": "name", "mail": "mail", "uid": "login", "cccd": "cccd"},
        }
        with open(f"{w}/conf.json", "w") as f:
            json.dump(conf, f)
        # The CLI and the portal run as www-data.
        subprocess.run(["chown", "-R", "www-data:www-data", w], check=True)
        # The merge tries to tell a local server to reload; that message is harmless.
        subprocess.run([CLI, "-yes", "1", "merge", f"{w}/conf.json"], capture_output=True,
                       text=True, env=self.env)
        out = self.sh(CLI, "get", "portal")
        assert self.portal in out, out
        subprocess.run(["chown", "-R", "www-data:www-data", w], check=True)
        self.procs.append(subprocess.Popen(
            [FCGI, "-u", "www-data", "-g", "www-data", "-s", f"{w}/llng.sock", "-p",
             f"{w}/llng.pid", "-n", "2"], env=self.env, stdout=open(f"{w}/fcgi.log", "ab"),
            stderr=subprocess.STDOUT))
        nginx = f"""
pid {w}/nginx.pid;
error_log {w}/nginx-error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
  access_log {w}/nginx-access.log;
  client_body_temp_path {w}/nginx-tmp/body;
  fastcgi_temp_path {w}/nginx-tmp/fastcgi;
  proxy_temp_path {w}/nginx-tmp/proxy;
  uwsgi_temp_path {w}/nginx-tmp/uwsgi;
  scgi_temp_path {w}/nginx-tmp/scgi;
  include /etc/nginx/mime.types;
  server {{
    listen 127.0.0.1:{self.port};
    server_name {HOST};
    root /usr/share/lemonldap-ng/portal/htdocs/;
    if ($uri !~ ^/((static|javascript)/|.*\\.psgi)) {{ rewrite ^/(.*)$ /index.psgi/$1 break; }}
    location ~ ^(?<sc>/.*\\.psgi)(?:$|/) {{
      include /etc/nginx/fastcgi_params;
      fastcgi_pass unix:{w}/llng.sock;
      fastcgi_param LLTYPE psgi;
      fastcgi_param SCRIPT_FILENAME $document_root$sc;
      fastcgi_param HTTP_HOST $http_host;
      fastcgi_split_path_info ^(.*\\.psgi)(/.*)$;
      fastcgi_param PATH_INFO $fastcgi_path_info;
    }}
    location /static/ {{ alias /usr/share/lemonldap-ng/portal/htdocs/static/; }}
    location /javascript/ {{ alias /usr/share/javascript/; }}
  }}
}}
"""
        with open(f"{w}/nginx.conf", "w") as f:
            f.write(nginx)
        self.procs.append(subprocess.Popen(["nginx", "-c", f"{w}/nginx.conf"],
                                           stdout=open(f"{w}/nginx.log", "ab"),
                                           stderr=subprocess.STDOUT))
        deadline = time.time() + float(os.environ.get("LLNG_WAIT", "60"))
        while True:
            try:
                status, _, body = self.request("GET", "/.well-known/openid-configuration",
                                               headers={"Accept": "application/json"})
                if status == 200:
                    return json.loads(body)
            except OSError:
                pass
            if time.time() > deadline:
                raise AssertionError("the provider did not start: " + self.logs())
            time.sleep(0.3)

    def logs(self):
        out = ""
        for name in ("fcgi.log", "nginx-error.log", "nginx.log"):
            p = os.path.join(self.w, name)
            if os.path.exists(p):
                out += f"--- {name}\n" + open(p, errors="replace").read()[-3000:]
        return out

    def request(self, method, url, body=None, headers=None, cookies=None):
        u = urllib.parse.urlsplit(url if url.startswith("http") else self.portal.rstrip("/") + url)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": f"{HOST}:{self.port}", "Accept": "text/html"}
        h.update(headers or {})
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        if cookies is not None:
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, value = v.split(";")[0].partition("=")
                    cookies[name.strip()] = value
        headers = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        return r.status, headers, data

    def get(self, path):
        return self.request("GET", path)

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        pid = os.path.join(self.w, "llng.pid")
        if os.path.exists(pid):  # the FastCGI server's workers
            try:
                os.killpg(int(open(pid).read().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
        subprocess.run(["pkill", "-f", f"{self.w}/llng.sock"], capture_output=True)
        shutil.rmtree(self.w, ignore_errors=True)


class OidcSignInTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(env={"MOTCUA_PASSWORD_HASH_MIB": "8"})
        redirect = f"http://127.0.0.1:{cls.s.port}/auth/callback"
        cls.p = Provider(redirect)
        try:
            cls.discovery = cls.p.start()
        except Exception:
            cls.p.stop()
            raise
        cls.s.env.update({
            "MOTCUA_OIDC_ISSUER": cls.p.portal.rstrip("/"),
            "MOTCUA_OIDC_CLIENT_ID": "motcua",
            "MOTCUA_OIDC_CLIENT_SECRET": "motcua-secret",
            "MOTCUA_OIDC_REDIRECT_URI": redirect,
            "MOTCUA_OIDC_ID_CLAIM": "cccd",
            "MOTCUA_OIDC_RESOLVE": f"{HOST}:{cls.p.port}:127.0.0.1",
        })
        cls.s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        cls.p.stop()

    def sign_in(self, password="Citizen#2026", return_to="/ho-so"):
        status, h, _ = self.s.request("GET", "/auth/oidc/start?return_to=" + return_to)
        self.assertEqual(status, 302)
        authorize = h["location"]
        self.assertTrue(authorize.startswith(self.discovery["authorization_endpoint"]), authorize)
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize).query)
        self.assertEqual(q["code_challenge_method"], ["S256"])
        self.assertTrue(q["state"][0] and q["nonce"][0])
        cookies = {}
        status, _, page = self.p.request("GET", authorize, cookies=cookies)
        self.assertEqual(status, 200, page[:500])
        form = Form()
        form.feed(page.decode("utf-8", "replace"))
        fields = {k: v for k, v in form.fields.items() if k in ("url", "token", "skin")}
        fields.update({"user": "citizen1", "password": password})
        status, h, page = self.p.request(
            "POST", authorize, body=urllib.parse.urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"}, cookies=cookies)
        hops = 0
        while status in (302, 303) and not h["location"].startswith(self.p.redirect_uri):
            status, h, page = self.p.request("GET", h["location"], cookies=cookies)
            hops += 1
            self.assertLess(hops, 6)
        return status, h, page

    def test_full_sign_in(self):
        status, h, page = self.sign_in()
        self.assertEqual(status, 302, page[:800])
        callback = h["location"]
        self.assertIn("code=", callback)
        u = urllib.parse.urlsplit(callback)
        status, h, body = self.s.request("GET", u.path + "?" + u.query)
        self.assertEqual(status, 302, body)
        self.assertEqual(h["location"], "/ho-so")
        session = h["set-cookie"].split(";")[0]
        self.assertIn("HttpOnly", h["set-cookie"])
        status, _, me = self.s.json("GET", "/api/v1/me", None, {"Cookie": session})
        self.assertEqual(status, 200, me)
        self.assertEqual(me["id_number"], "001******345")
        status, _, data = self.s.json("GET", "/api/v1/me/data", None, {"Cookie": session})
        self.assertEqual(status, 200, data)
        self.assertEqual(data["person"]["id_number"], "001099012345")
        self.assertEqual(data["person"]["name"], "Nguyễn Văn A")
        self.assertTrue(data["person"]["identity_level2"], data)
        # The same state and code again: refused, and no session is made.
        status, h, body = self.s.request("GET", u.path + "?" + u.query)
        self.assertEqual(status, 400, body)
        self.assertNotIn("set-cookie", h)
        self.assertIn(b"already used", body)

    def test_return_to_never_leaves_the_site(self):
        # Issue 14, defect 4: "/\\host", tab and CR/LF variants passed the local-path check.
        for bad in ["/%5Cevil.example/x", "//evil.example", "/%09/evil.example",
                    "/%0D%0AX-Injected:%201"]:
            status, h, page = self.sign_in(return_to=bad)
            self.assertEqual(status, 302, page[:800])
            u = urllib.parse.urlsplit(h["location"])
            status, h, body = self.s.request("GET", u.path + "?" + u.query)
            self.assertEqual(status, 302, body)
            self.assertEqual(h["location"], "/", bad)
            self.assertNotIn("x-injected", h)

    def callback(self):
        status, h, page = self.sign_in()
        self.assertEqual(status, 302, page[:800])
        u = urllib.parse.urlsplit(h["location"])
        status, h, body = self.s.request("GET", u.path + "?" + u.query)
        self.assertEqual(status, 302, body)
        return h

    def test_language_chosen_once_returns_at_the_next_sign_in(self):
        h = self.callback()
        session = h["set-cookie"].split(";")[0]
        status, _, page = self.s.request("GET", "/ho-so-cua-toi?lang=en",
                                         headers={"Cookie": session, "Accept": "text/html"})
        self.assertEqual(status, 200)
        self.assertIn(b'lang="en"', page)
        # Another browser: nothing but the new session; the account's language comes back.
        h = self.callback()
        self.assertIn("motcua_lang=en;", h["set-cookie"])
        session = [l for l in h["set-cookie"].split("\n") if l.startswith("motcua_session=")][0]
        status, _, page = self.s.request("GET", "/ho-so-cua-toi",
                                         headers={"Cookie": session.split(";")[0],
                                                  "Accept": "text/html"})
        self.assertIn(b'lang="en"', page)
        # Back to Vietnamese for the other tests.
        self.s.request("GET", "/ho-so-cua-toi?lang=vi",
                       headers={"Cookie": session.split(";")[0], "Accept": "text/html"})

    def test_wrong_password_gives_no_code(self):
        status, h, page = self.sign_in(password="wrong")
        self.assertFalse(status in (302, 303) and "code=" in h.get("location", ""))

    def test_forged_callbacks_are_refused(self):
        for query in ["state=made-up&code=x", "code=x", "error=access_denied"]:
            status, h, _ = self.s.request("GET", "/auth/callback?" + query)
            self.assertEqual(status, 400, query)
            self.assertNotIn("set-cookie", h)


if __name__ == "__main__":
    unittest.main()

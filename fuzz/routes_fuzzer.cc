// Fuzzes every route of the server in-process: the input is one HTTP request, sent through the
// whole pipeline (routing, authorisation, the handler, the catch-all that turns an exception into
// a 500) with http::Server::TEST_Handle over the demo commune of `motcua serve --demo`, in a
// temporary data directory. An answer of 500 or more (but 503, "not available") is a bug: the
// target aborts and libFuzzer keeps the input.
//
// Input, HTTP-like so that seeds are readable:
//   POST /api/v1/dossiers/{id}/actions/{action}?action=accept&id=%232
//   if-match: auto
//   content-type: application/json
//   <empty line>
//   {"note": "…"}
// The first line names a route by method and pattern; a first line that names none picks a route
// by its hash. Path parameters take the value of the query parameter of the same name, else a
// default that exists in the demo (the commune, an offered procedure, a seeded dossier); "#N"
// names the Nth seeded dossier. Header "if-match: auto" sends the dossier's current version.
// Header "x-fuzz-as: officer|resident|anonymous" picks who calls; without it the request is sent
// as an officer holding every role (an API token) and as a resident (a session cookie with its
// CSRF token). Requests change the store, so an input's outcome can depend on the ones before it:
// reproduce a finding with the inputs of the run, or reduce it to a seed. With MOTCUA_FUZZ_VERBOSE
// set, each answer's status and the start of its body are printed (to check what seeds reach).
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/auth.h"
#include "base/quietly_for_test.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "fuzz_util.h"
#include "http/server.h"
#include "http/url.h"
#include "json_mutator.h"

namespace {

using namespace motcua;

struct World {
  std::filesystem::path dir;
  std::unique_ptr<cli::App> app;
  http::Router router;
  std::unique_ptr<http::Server> server;
  service::Site site;
  std::vector<std::string> dossiers;  // seeded dossier codes
  std::string procedure;              // a procedure the commune offers
  std::string officer_token;
  std::string resident_cookie, resident_csrf;
  int officers_made = 0;
};

void Check(const Status& st, const char* what) {
  if (!st.ok()) fuzz::Fail(std::string(what) + ": " + st.ToString());
}

// Makes (again, when a request revoked or disabled it) the officer's token and the resident's
// session.
void EnsurePrincipals(World& w) {
  service::IdentityService& id = *w.app->identity;
  if (w.officer_token.empty() || !id.AuthenticateBearer(w.officer_token).ok()) {
    std::string name = "fuzz.officer" + std::to_string(w.officers_made);
    auto token = id.CreateApiToken(name, "fuzz", std::nullopt, {"*"}, 365LL * 86400000, "fuzz");
    if (!token.ok()) {  // first time, or the account was disabled: a new account
      name = "fuzz.officer" + std::to_string(++w.officers_made);
      std::vector<std::pair<authz::Role, std::string>> roles;
      for (authz::Role r : authz::kAllRoles) {
        bool province = r == authz::Role::kProvinceAdmin || r == authz::Role::kAuditor;
        roles.emplace_back(r, authz::IsNationalRole(r) ? std::string(authz::kNationUnit)
                              : province               ? w.site.province_code
                                                       : w.site.unit_code);
      }
      Check(id.CreateUser(name, "Fuzz Officer", "fuzz-password-0", roles, "fuzz").status(),
            "create the officer");
      token = id.CreateApiToken(name, "fuzz", std::nullopt, {"*"}, 365LL * 86400000, "fuzz");
    }
    Check(token.status(), "create the officer's token");
    w.officer_token = *token;
  }
  if (w.resident_cookie.empty() || !id.Authenticate(w.resident_cookie).ok()) {
    auto s = id.SignInResident("fuzz-subject", "001088000111", "Nguyễn Văn Thử", true);
    Check(s.status(), "sign the resident in");
    w.resident_cookie = s->token;
    w.resident_csrf = s->csrf;
  }
}

World& TheWorld() {
  static World* w = [] {
    spdlog::set_level(spdlog::level::off);  // the 500s are reported by the target itself
    auto* w = new World;
    w->dir =
        std::filesystem::temp_directory_path() / ("motcua-fuzz-routes-" + std::to_string(getpid()));
    std::filesystem::remove_all(w->dir);
    std::filesystem::create_directories(w->dir);
    cli::Options o;
    o.data_dir = w->dir.string();
    o.demo = true;
    o.password_hash_mib = 1;
    o.lookup_per_minute = 1000000;
    o.reference_dir = std::string(MOTCUA_SOURCE_DIR) + "/data";
    auto app = cli::OpenApp(o, Env::Default(), /*migrate=*/true);
    Check(app.status(), "open the app");
    w->app = std::move(*app);
    Check(Quietly([&] { return cli::LoadDemo(*w->app); }), "load the demo");
    Check(Quietly([&] { return cli::SeedDemoDossiers(*w->app, 1); }), "seed dossiers");
    Check(cli::BuildRouter(*w->app, w->router), "build the router");
    api::AuthDeps auth{w->app->identity.get(), false, false};
    w->server =
        std::make_unique<http::Server>(http::ServerOptions{}, w->router, Env::Default(),
                                       [auth](http::Request& req, const http::Route& route) {
                                         return api::Authorize(auth, req, route);
                                       });
    auto site = w->app->site->Get();
    Check(site.status(), "read the site");
    w->site = *site;
    Check(w->app->store->Read([&](store::ReadTx& tx) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Query("SELECT code FROM dossiers ORDER BY code", {},
                   [&](const store::Row& r) { w->dossiers.push_back(r.Text(0)); }));
      return tx.Query("SELECT procedure_code FROM unit_procedures WHERE unit_code = ? LIMIT 1",
                      {w->site.unit_code}, [&](const store::Row& r) { w->procedure = r.Text(0); });
    }),
          "read the demo");
    if (w->dossiers.empty()) fuzz::Fail("the demo has no dossiers");
    std::atexit([] {
      World& w = TheWorld();
      w.server.reset();
      w.app.reset();
      std::filesystem::remove_all(w.dir);
    });
    return w;
  }();
  return *w;
}

int64_t DossierVersion(World& w, const std::string& code) {
  int64_t version = 0;
  (void)w.app->store->Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT version FROM dossiers WHERE code = ?", {code},
                    [&](const store::Row& r) { version = r.Int(0); });
  });
  return version;
}

std::string DefaultParam(World& w, const std::string& name, const std::string& pattern) {
  const bool dossier = pattern.find("ho-so") != std::string::npos ||
                       pattern.find("lookup") != std::string::npos ||
                       pattern.find("tra-cuu") != std::string::npos;
  if (name == "code" && dossier) return w.dossiers[0];
  if (name == "code" && pattern.starts_with("/api/v1/procedures/")) return w.procedure;
  if (name == "code" || name == "unit") return w.site.unit_code;
  if (name == "proc") return w.procedure;
  if (name == "id") return pattern.find("/dossiers/") != std::string::npos ? w.dossiers[0] : "1";
  if (name == "action") return "accept";
  if (name == "year" || name == "year.ics") return "2026";
  if (name == "form") return "01";
  if (name == "username") return "demo.reception";
  return "x";
}

struct Parsed {
  std::string method_and_pattern;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

Parsed ParseInput(std::string_view text) {
  Parsed p;
  std::string_view line;
  text = fuzz::SplitFirst(text, '\n', &line);
  if (size_t q = line.find('?'); q != std::string_view::npos) {
    p.query = std::string(line.substr(q + 1));
    line = line.substr(0, q);
  }
  p.method_and_pattern = std::string(line);
  while (!text.empty()) {
    text = fuzz::SplitFirst(text, '\n', &line);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    p.headers.emplace_back(name, std::string(value));
  }
  p.body = std::string(text);
  return p;
}

// Fills the pattern's parameters. A parameter with a literal prefix or suffix ("{year}.ics")
// keeps them.
std::string BuildPath(World& w, const std::string& pattern,
                      const std::multimap<std::string, std::string>& query) {
  std::string path;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t open = pattern.find('{', i);
    if (open == std::string::npos) {
      path += pattern.substr(i);
      break;
    }
    size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    path += pattern.substr(i, open - i);
    std::string name = pattern.substr(open + 1, close - open - 1);
    if (name.ends_with("...")) name.resize(name.size() - 3);
    std::string value;
    if (auto it = query.find(name); it != query.end())
      value = it->second;
    else
      value = DefaultParam(w, name, pattern);
    if (value.starts_with("#")) {
      size_t n = std::strtoul(value.c_str() + 1, nullptr, 10);
      value = w.dossiers[n % w.dossiers.size()];
    }
    path += http::PercentEncode(value);
    i = close + 1;
  }
  return path;
}

void Send(World& w, const http::Route& route, const Parsed& in, const std::string& as) {
  http::Request req;
  req.method = route.method;
  req.raw_query = in.query;
  req.query = http::ParseQuery(in.query);
  std::string raw_path = BuildPath(w, route.pattern, req.query);
  auto decoded = http::PercentDecode(raw_path, false);
  req.path = decoded ? *decoded : raw_path;
  req.remote_ip = "127.0.0.1";
  req.request_id = "fuzz";
  bool has_type = false;
  for (const auto& [name, value] : in.headers) {
    if (name == "x-fuzz-as") continue;
    if (name == "if-match" && value == "auto") {
      auto it = req.query.find("id");
      std::string code = w.dossiers[0];
      if (it != req.query.end()) code = it->second;
      if (code.starts_with("#"))
        code = w.dossiers[std::strtoul(code.c_str() + 1, nullptr, 10) % w.dossiers.size()];
      req.headers.emplace_back(name, "\"" + std::to_string(DossierVersion(w, code)) + "\"");
      continue;
    }
    has_type |= name == "content-type";
    req.headers.emplace_back(name, value);
  }
  if (!has_type) req.headers.emplace_back("content-type", "application/json");
  req.headers.emplace_back("accept",
                           route.pattern.starts_with("/api/") ? "application/json" : "text/html");
  if (as == "officer") {
    req.headers.emplace_back("authorization", "Bearer " + w.officer_token);
  } else if (as == "resident") {
    req.headers.emplace_back("cookie", std::string(api::kSessionCookie) + "=" + w.resident_cookie);
    req.headers.emplace_back("x-csrf-token", w.resident_csrf);
  }
  req.body = in.body;

  http::Response r = w.server->TEST_Handle(req);
  static const bool verbose = std::getenv("MOTCUA_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "%d %s %s as %s: %s\n", r.status,
                 std::string(http::MethodName(route.method)).c_str(), raw_path.c_str(), as.c_str(),
                 r.body.substr(0, 160).c_str());
  }
  // 503 is the deliberate answer for a feature that is off (resident sign-in without a provider)
  // or a dependency that is down; everything else from 500 up is a bug.
  if (r.status >= 500 && r.status != 503) {
    fuzz::Fail("HTTP " + std::to_string(r.status) + " from " +
               std::string(http::MethodName(route.method)) + " " + raw_path + " as " + as + ": " +
               r.body.substr(0, 2000));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  EnsurePrincipals(w);
  Parsed in = ParseInput(fuzz::AsText(data, size));
  const auto& routes = w.router.routes();
  const http::Route* route = nullptr;
  for (const auto& r : routes) {
    if (std::string(http::MethodName(r.method)) + " " + r.pattern == in.method_and_pattern) {
      route = &r;
      break;
    }
  }
  if (!route) route = &routes[std::hash<std::string>()(in.method_and_pattern) % routes.size()];
  // Routes that end the caller's sign-in are sent, then the sign-in is made again next time.
  std::string as;
  for (const auto& [name, value] : in.headers)
    if (name == "x-fuzz-as") as = value;
  if (as == "officer" || as == "resident" || as == "anonymous") {
    Send(w, *route, in, as);
  } else {
    Send(w, *route, in, "officer");
    EnsurePrincipals(w);
    Send(w, *route, in, "resident");
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned seed) {
  // The body, after the request line and headers.
  return motcua::fuzz::MutateJsonPart(data, size, max_size, seed,
                                      motcua::fuzz::AfterBlankLine(data, size), size);
}

// bench/pages: renders each page that exists, many times, in-process through the server's whole
// request pipeline (routing, authorisation, the handler, the templates, security headers, gzip)
// without sockets (http::Server::TEST_Handle), over the demo commune of `motcua serve --demo`.
// The access log is off. Each request asks for Vietnamese and accepts gzip, as a browser does.
//
// Usage: bench_pages [iterations per page, default 2000] [page name: only that page, for profiling]
// Prints p50/p99/max in milliseconds and the bytes sent per page; docs/performance.md records
// the figures (target: p99 under 5 ms).
#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/auth.h"
#include "base/quietly_for_test.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "http/server.h"
#include "http/url.h"
#include "web/pages.h"

using namespace motcua;

namespace {

struct PageCase {
  const char* name;
  const char* target;  // path and query
  bool signed_in;
};

constexpr PageCase kPages[] = {
    {"home", "/", false},
    {"procedures", "/procedures", false},
    {"procedures-search", "/procedures?q=khai%20sinh", false},
    {"procedure", "/procedures/1.001193", false},
    {"sign-in", "/dang-nhap", false},
    {"not-found", "/khong-co-trang-nay", false},
    {"desk", "/can-bo", true},
    {"desk-all", "/can-bo?all=1", true},         // the whole unit's work list
    {"desk-intake", "/can-bo/tiep-nhan", true},  // counter intake: every offered procedure
};

http::Request MakeRequest(const std::string& target, const std::string& cookie) {
  http::Request r;
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    r.raw_query = target.substr(q + 1);
    r.query = http::ParseQuery(r.raw_query);
  }
  r.headers = {{"accept", "text/html,application/xhtml+xml"},
               {"accept-encoding", "gzip, deflate, br"},
               {"cookie", "motcua_lang=vi" + (cookie.empty() ? "" : "; " + cookie)}};
  r.remote_ip = "127.0.0.1";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  const std::string only = argc > 2 ? argv[2] : "";
  auto dir =
      std::filesystem::temp_directory_path() / fmt::format("motcua-bench-pages-{}", getpid());
  std::filesystem::create_directories(dir);
  cli::Options o;
  o.data_dir = dir.string();
  o.demo = true;
  o.password_hash_mib = 8;
  o.reference_dir = std::string(MOTCUA_SOURCE_DIR) + "/data";
  auto app = cli::OpenApp(o, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    fmt::print(stderr, "bench_pages: {}\n", app.status().ToString());
    return 1;
  }
  Status st = Quietly([&] { return cli::LoadDemo(**app); });
  http::Router router;
  if (st.ok()) st = cli::BuildRouter(**app, router);
  if (!st.ok()) {
    fmt::print(stderr, "bench_pages: {}\n", st.ToString());
    return 1;
  }
  web::WebDeps web_deps{(*app)->site.get(), "vi", (*app)->identity.get(), false,
                        (*app)->procedures.get()};
  api::AuthDeps auth{(*app)->identity.get(), false, false};
  http::Server server(http::ServerOptions{}, router, Env::Default(),
                      [auth](http::Request& req, const http::Route& route) {
                        return api::Authorize(auth, req, route);
                      });
  server.SetNotFoundHandler(
      [web_deps](http::Request& req) { return web::NotFoundPage(req, web_deps); });

  // An officer's session for the desk.
  std::string cookie;
  {
    std::ifstream in(dir / "demo-accounts.json");
    for (const auto& a : nlohmann::json::parse(in)) {
      if (a.value("role", "") != "reception") continue;
      auto s = (*app)->identity->Login({a["username"], a["password"], "", "127.0.0.1"});
      if (!s.ok()) {
        fmt::print(stderr, "bench_pages: cannot sign in: {}\n", s.status().ToString());
        return 1;
      }
      cookie = "motcua_session=" + s->token;
    }
  }

  fmt::print("pages rendered in-process, {} times each after {} warm-up (ms)\n", iterations,
             iterations / 10);
  fmt::print("| page | target | status | bytes (gzip) | p50 ms | p99 ms | max ms |\n");
  fmt::print("|---|---|---:|---:|---:|---:|---:|\n");
  double worst_p99 = 0;
  for (const auto& page : kPages) {
    if (!only.empty() && only != page.name) continue;
    std::vector<double> ms;
    int status = 0;
    size_t bytes = 0;
    for (int i = -iterations / 10; i < iterations; ++i) {
      http::Request req = MakeRequest(page.target, page.signed_in ? cookie : "");
      auto a = std::chrono::steady_clock::now();
      http::Response r = server.TEST_Handle(req);
      double t =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
      if (i >= 0) ms.push_back(t);
      status = r.status;
      bytes = r.body.size();
    }
    std::sort(ms.begin(), ms.end());
    double p99 = ms[ms.size() * 99 / 100];
    worst_p99 = std::max(worst_p99, p99);
    fmt::print("| {} | {} | {} | {} | {:.3f} | {:.3f} | {:.3f} |\n", page.name, page.target, status,
               bytes, ms[ms.size() / 2], p99, ms.back());
  }
  fmt::print("worst p99: {:.3f} ms (target: under 5 ms)\n", worst_p99);
  (*app)->store->Close();
  app->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

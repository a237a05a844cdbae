// motcua serve: opens the store, seeds the demo when asked, and serves HTTP until SIGTERM/SIGINT,
// then drains in-flight requests and closes the store cleanly.
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include "api/routes.h"
#include "base/log.h"
#include "cli/commands.h"
#include "http/problem.h"
#include "http/server.h"
#include "web/pages.h"

namespace motcua::cli {

namespace {

// The permission rules the foundation knows. A route whose rule is not listed here is refused
// (fail closed) until the identity layer defines it.
std::optional<http::Response> Authorize(const Options& o, http::Request& req,
                                        const http::Route& route) {
  if (route.permission == "public" || route.permission == "metrics") return std::nullopt;
  if (route.permission == "test" && o.test_endpoints) return std::nullopt;
  return http::ProblemFromStatus(Status::PermissionDenied("this action is not permitted"));
}

bool WantsHtml(const http::Request& req) {
  auto accept = req.Header("accept");
  return accept && accept->find("text/html") != std::string_view::npos &&
         !req.path.starts_with("/api/");
}

}  // namespace

int RunServe(const CommonArgs& args) {
  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua serve: {}\n", options.status().message());
    return 2;
  }
  const Options& o = *options;
  InitLogging(LogOptions{o.log_level, o.log_json});
  auto app = OpenApp(o, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    spdlog::error("motcua serve: {}", app.status().message());
    return 1;
  }
  if (o.demo) {
    Status st = (*app)->site->EnsureDemo();
    if (!st.ok()) {
      spdlog::error("motcua serve: cannot load the demo commune: {}", st.message());
      return 1;
    }
  }

  http::Router router;
  api::ApiDeps api_deps{(*app)->system.get(), (*app)->site.get(), o.metrics_token,
                        o.test_endpoints};
  web::WebDeps web_deps{(*app)->site.get(), o.default_lang};
  Status st = api::RegisterApiRoutes(router, api_deps);
  if (st.ok()) st = web::RegisterWebRoutes(router, web_deps);
  if (!st.ok()) {
    spdlog::error("motcua serve: route table: {}", st.message());
    return 1;
  }

  http::ServerOptions so;
  (void)SplitListen(o.listen, &so.host, &so.port);
  so.io_threads = o.io_threads;
  so.worker_threads = o.worker_threads;
  so.max_body_bytes = static_cast<uint64_t>(o.max_body_bytes);
  so.read_timeout_s = o.read_timeout_s;
  so.shutdown_grace_s = o.shutdown_grace_s;
  http::Server server(so, router, Env::Default(),
                      [&o](http::Request& req, const http::Route& route) {
                        return Authorize(o, req, route);
                      });
  server.SetNotFoundHandler([web_deps](http::Request& req) {
    if (WantsHtml(req)) return web::NotFoundPage(req, web_deps);
    return http::Problem(404, "Not found", "There is nothing at " + req.path + ".");
  });
  st = server.Start();
  if (!st.ok()) {
    spdlog::error("motcua serve: {}; is another server using the port? Choose another with "
                  "--listen HOST:PORT",
                  st.message());
    return 1;
  }
  auto site = (*app)->site->Get();
  spdlog::info("motcua {} serving {} at http://{} (data in {}){}", service::BinaryVersion(),
               site.ok() ? site->unit_name + ", " + site->province_name : "no unit yet",
               o.listen, o.data_dir, o.demo ? " [demo]" : "");

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("motcua serve: {} received; finishing {} in-flight requests", strsignal(sig),
               server.InFlight());
  server.Shutdown();
  (*app)->store->Close();
  spdlog::info("motcua serve: stopped cleanly");
  return 0;
}

}  // namespace motcua::cli

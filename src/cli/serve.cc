// motcua serve: opens the store, seeds the demo when asked, and serves HTTP until SIGTERM/SIGINT,
// then drains in-flight requests and closes the store cleanly.
#include <fmt/format.h>
#include <signal.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <spdlog/spdlog.h>

#include "api/routes.h"
#include "base/log.h"
#include "api/auth.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "http/problem.h"
#include "http/server.h"
#include "base/civil_time.h"
#include "service/operations/backup.h"
#include "service/operations/checkpoints.h"
#include "service/platform/outbox.h"
#include "service/platform/system_service.h"
#include "web/kit/i18n.h"
#include "web/pages.h"

namespace motcua::cli {

namespace {

// The next instant, after `now_ms`, at which the Vietnam clock reads `hh_mm` ("02:30").
int64_t NextDailyAt(int64_t now_ms, const std::string& hh_mm) {
  const int minute = std::stoi(hh_mm.substr(0, 2)) * 60 + std::stoi(hh_mm.substr(3, 2));
  const auto today = ToVietnam(now_ms).date;
  int64_t at = FromVietnam(today, minute);
  if (at <= now_ms) {
    at = FromVietnam(std::chrono::sys_days(today) + std::chrono::days(1), minute);
  }
  return at;
}

bool WantsHtml(const http::Request& req) {
  auto accept = req.Header("accept");
  return accept && accept->find("text/html") != std::string_view::npos &&
         !req.path.starts_with("/api/");
}

}  // namespace

Status BuildRouter(App& app, http::Router& router) {
  const Options& o = app.options;
  const bool tls = o.tls || !o.tls_cert.empty();
  api::AuthDeps auth{app.identity.get(), tls, o.test_endpoints};
  api::ApiDeps api_deps{app.system.get(), app.site.get(), o.metrics_token, o.test_endpoints,
                        api::IdentityDeps{auth, app.audit.get()}, app.units.get(),
                        app.calendar.get(), app.oidc.get(), app.procedures.get(),
                        app.dossiers.get(), o.lookup_per_minute, app.files.get(),
                        app.test_clock.get()};
  api_deps.floor = app.floor.get();
  api_deps.community = app.community.get();
  web::WebDeps web_deps{app.site.get(),       o.default_lang,
                        app.identity.get(),   tls,
                        app.procedures.get(), app.dossiers.get(),
                        std::make_shared<http::RateLimiter>(
                            o.lookup_per_minute, std::max(10, o.lookup_per_minute / 4)),
                        app.files.get(),      app.audit.get(),
                        app.calendar.get(),   app.units.get(),
                        app.worklist_watch.get()};
  web_deps.max_body_bytes = o.max_body_bytes;
  api_deps.digitise = app.digitise.get();
  web_deps.digitise = app.digitise.get();
  web_deps.floor = app.floor.get();
  web_deps.floor_watch = app.floor_watch.get();
  web_deps.floor_voice = app.floor_voice.get();
  web_deps.public_url = o.public_url;
  web_deps.lodging = app.lodging.get();
  web_deps.community = app.community.get();
  MOTCUA_RETURN_IF_ERROR(EnsureCalendars(app));
  MOTCUA_RETURN_IF_ERROR(api::RegisterApiRoutes(router, api_deps));
  return web::RegisterWebRoutes(router, web_deps);
}

int RunRoutes(const CommonArgs& args) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua routes: {}\n", options.status().message());
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    fmt::print(stderr, "motcua routes: {}\n", app.status().message());
    return 1;
  }
  http::Router router;
  Status st = BuildRouter(**app, router);
  if (!st.ok()) {
    fmt::print(stderr, "motcua routes: {}\n", st.message());
    return 1;
  }
  for (authz::Role role : authz::kAllRoles) {
    std::string perms;
    for (auto p : authz::PermissionsOf(role)) perms += (perms.empty() ? "\"" : ",\"") + std::string(p) + "\"";
    fmt::print("{{\"role\":\"{}\",\"permissions\":[{}]}}\n", authz::RoleName(role), perms);
  }
  for (const auto& r : router.routes()) {
    fmt::print("{{\"method\":\"{}\",\"pattern\":\"{}\",\"permission\":\"{}\"}}\n",
               http::MethodName(r.method), JsonEscape(r.pattern), JsonEscape(r.permission));
  }
  return 0;
}

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
  web::Catalog::SetPseudoLocaleEnabled(o.pseudo_locale);
  auto app = OpenApp(o, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    spdlog::error("motcua serve: {}", app.status().message());
    return 1;
  }
  if (o.demo) {
    Status st = LoadDemo(**app);
    if (st.ok()) st = EnsureCalendars(**app);
    if (st.ok()) st = SeedDemoDossiers(**app);
    if (!st.ok()) {
      spdlog::error("motcua serve: cannot load the demo commune: {}", st.message());
      return 1;
    }
  }

  http::Router router;
  Status st = BuildRouter(**app, router);
  if (!st.ok()) {
    spdlog::error("motcua serve: route table: {}", st.message());
    return 1;
  }
  const bool tls = o.tls || !o.tls_cert.empty();
  web::WebDeps web_deps{(*app)->site.get(), o.default_lang, (*app)->identity.get(), tls,
                        (*app)->procedures.get(), (*app)->dossiers.get()};
  web_deps.files = (*app)->files.get();  // the upload limit, for the too-large page
  web_deps.max_body_bytes = o.max_body_bytes;
  api::AuthDeps auth{(*app)->identity.get(), tls, o.test_endpoints};

  http::ServerOptions so;
  (void)SplitListen(o.listen, &so.host, &so.port);
  so.io_threads = o.io_threads;
  so.worker_threads = o.worker_threads;
  so.max_body_bytes = static_cast<uint64_t>(o.max_body_bytes);
  so.read_timeout_s = o.read_timeout_s;
  so.shutdown_grace_s = o.shutdown_grace_s;
  so.tls = tls;
  so.tls_cert_file = o.tls_cert;
  so.tls_key_file = o.tls_key;
  http::Server server(so, router, Env::Default(),
                      [auth, web_deps](http::Request& req, const http::Route& route) {
                        auto refusal = api::Authorize(auth, req, route);
                        if (refusal && refusal->status >= 400 && WantsHtml(req)) {
                          return std::optional(web::RefusalPage(req, web_deps, refusal->status));
                        }
                        return refusal;
                      });
  // A page (not the API) sent a form too large: a page saying so, not the API's problem.
  server.SetTooLargeHandler([web_deps](const http::Request& req, uint64_t limit) {
    if (req.path.starts_with("/api/")) return std::optional<http::Response>();
    return std::optional(web::TooLargePage(req, web_deps, limit));
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
  spdlog::info("motcua {} serving {} at {}://{} (data in {}){}", service::BinaryVersion(),
               site.ok() ? site->unit_name + ", " + site->province_name : "no unit yet",
               o.tls_cert.empty() ? "http" : "https", o.listen, o.data_dir, o.demo ? " [demo]" : "");
  if (o.test_clock) {
    spdlog::warn("motcua serve: test_clock is on: anyone can move the dossiers' clock through "
                 "POST /api/v1/_test/clock; never run a real centre like this");
  }

  (*app)->worklist_watch->Start();
  (*app)->floor_watch->Start();
  // Stored due times follow calendar changes (and finish a pass an earlier process left).
  (*app)->due_recomputer->Start();
  // Notifications leave only after commit, from the outbox, with retries.
  std::unique_ptr<service::OutboxDelivery> outbox;
  if (!o.smtp_url.empty()) {
    outbox = std::make_unique<service::OutboxDelivery>(
        Env::Default(), *(*app)->store, service::MakeSmtpMailer(o.smtp_url, o.smtp_from));
    outbox->Start();
    (*app)->dossiers->SetOutbox(outbox.get());
  }
  // Escalations: due soon (due_soon_working_days), overdue — raised once per dossier and threshold.
  std::mutex esc_mu;
  std::condition_variable esc_cv;
  bool esc_stop = false;
  std::thread escalations([&] {
    std::unique_lock<std::mutex> lock(esc_mu);
    while (!esc_stop) {
      lock.unlock();
      auto n = (*app)->dossiers->jobs.RunEscalations(o.notify_email);
      if (!n.ok()) spdlog::warn("escalations: {}", n.status().message());
      else if (*n > 0) spdlog::info("escalations: {} raised", *n);
      // Accommodation notices: guests' particulars past their commune's retention are erased.
      auto erased = (*app)->lodging->EraseExpired();
      if (!erased.ok()) spdlog::warn("lodging retention: {}", erased.status().message());
      else if (*erased > 0) spdlog::info("lodging retention: {} stays erased", *erased);
      lock.lock();
      esc_cv.wait_for(lock, std::chrono::seconds(o.escalation_interval_s), [&] { return esc_stop; });
    }
  });

  // The daily backup (backup_time, backup_dir): a consistent copy while serving, then retention.
  std::thread backups;
  if (!o.backup_time.empty()) {
    backups = std::thread([&] {
      std::unique_lock<std::mutex> lock(esc_mu);
      while (!esc_stop) {
        const int64_t now = Env::Default().NowMs();
        const int64_t at = NextDailyAt(now, o.backup_time);
        spdlog::info("backup: the next daily backup into {} is at {} (Vietnam time)", o.backup_dir,
                     o.backup_time);
        if (esc_cv.wait_for(lock, std::chrono::milliseconds(at - now), [&] { return esc_stop; })) {
          break;
        }
        lock.unlock();
        service::BackupOptions bo;
        bo.root = o.backup_dir;
        bo.files_dir = (std::filesystem::path(o.data_dir) / "files").string();
        bo.keep_daily = o.backup_keep_daily;
        bo.keep_monthly = o.backup_keep_monthly;
        auto r = service::Backup(Env::Default(), *(*app)->store, bo, service::BinaryVersion(),
                                 nullptr);
        if (!r.ok()) {
          spdlog::error("backup: the daily backup failed: {}; run 'motcua backup' by hand and "
                        "check the backup disk", r.status().message());
        } else {
          spdlog::info("backup: {} written ({} files); {} older removed", r->dir,
                       r->manifest.files.size(), r->pruned.size());
        }
        lock.lock();
      }
    });
  }

  // Signed checkpoints every checkpoint_interval_h hours (checkpoint_unit), appended to the file.
  std::thread checkpoints;
  if (!o.checkpoint_unit.empty()) {
    checkpoints = std::thread([&] {
      const std::string file = o.checkpoint_file.empty()
                                   ? (std::filesystem::path(o.data_dir) / "checkpoints.jsonl").string()
                                   : o.checkpoint_file;
      std::unique_lock<std::mutex> lock(esc_mu);
      while (!esc_stop) {
        if (esc_cv.wait_for(lock, std::chrono::hours(o.checkpoint_interval_h),
                            [&] { return esc_stop; })) {
          break;
        }
        lock.unlock();
        auto r = service::MakeCheckpoint(Env::Default(), *(*app)->store, *(*app)->unit_keys,
                                         o.checkpoint_unit);
        Status st = r.ok() ? service::AppendCheckpoints(file, *r) : r.status();
        if (!st.ok()) {
          spdlog::error("checkpoint: the scheduled checkpoint failed: {}; run 'motcua checkpoint' "
                        "by hand", st.message());
        } else {
          spdlog::info("checkpoint: {} chain head(s) signed by unit {}, appended to {}", r->size(),
                       o.checkpoint_unit, file);
        }
        lock.lock();
      }
    });
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("motcua serve: {} received; finishing {} in-flight requests", strsignal(sig),
               server.InFlight());
  (*app)->worklist_watch->Stop();  // answers the waiting desks, so the drain is not held up
  (*app)->floor_watch->Stop();     // and the waiting display boards
  server.Shutdown();
  {
    std::lock_guard<std::mutex> lock(esc_mu);
    esc_stop = true;
  }
  esc_cv.notify_all();
  escalations.join();
  if (backups.joinable()) backups.join();
  if (checkpoints.joinable()) checkpoints.join();
  (*app)->due_recomputer->Stop();
  if (outbox) outbox->Stop();
  (*app)->store->Close();
  spdlog::info("motcua serve: stopped cleanly");
  return 0;
}

}  // namespace motcua::cli

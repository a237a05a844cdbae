// motcua backup | restore (service/operations/backup.h says what a backup holds).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "base/log.h"
#include "base/progress.h"
#include "cli/commands.h"
#include "service/operations/backup.h"
#include "service/platform/system_service.h"

namespace motcua::cli {

namespace {

// One progress bar per phase of the work, replaced when the phase changes.
class PhasedProgress {
 public:
  void operator()(const std::string& phase, int64_t done, int64_t total) {
    if (phase != phase_) {
      if (bar_) bar_->Finish();
      phase_ = phase;
      bar_ = std::make_unique<Progress>(phase, total, phase == "verify" ? "events" : "files");
    }
    bar_->SetTotal(total);
    bar_->Update(done);
  }
  void Finish() {
    if (bar_) bar_->Finish();
    bar_.reset();
  }

 private:
  std::string phase_;
  std::unique_ptr<Progress> bar_;
};

std::string Size(int64_t bytes) {
  if (bytes >= (int64_t{1} << 30)) return fmt::format("{:.2f} GiB", bytes / double(1 << 30));
  if (bytes >= (1 << 20)) return fmt::format("{:.1f} MiB", bytes / double(1 << 20));
  return fmt::format("{:.1f} KiB", bytes / 1024.0);
}

}  // namespace

int RunBackup(const CommonArgs& args, const BackupArgs& a) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua backup: {}\n", options.status().message());
    return 2;
  }
  service::BackupOptions bo;
  bo.root = a.to.empty() ? options->backup_dir : a.to;
  if (bo.root.empty()) {
    fmt::print(stderr, "motcua backup: say where the backup goes: --to DIR (or backup_dir in the "
                       "config file)\n");
    return 2;
  }
  bo.files_dir = (std::filesystem::path(options->data_dir) / "files").string();
  bo.keep_daily = a.keep_daily >= 0 ? a.keep_daily : options->backup_keep_daily;
  bo.keep_monthly = a.keep_monthly >= 0 ? a.keep_monthly : options->backup_keep_monthly;
  if (!std::filesystem::exists(std::filesystem::path(options->data_dir) / "motcua.db")) {
    fmt::print(stderr, "motcua backup: {} holds no motcua database; name the data directory "
                       "with --data-dir\n", options->data_dir);
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/false);
  if (!app.ok()) {
    fmt::print(stderr, "motcua backup: {}\n", app.status().message());
    return 1;
  }
  PhasedProgress progress;
  auto report = service::Backup(Env::Default(), *(*app)->store, bo, service::BinaryVersion(),
                                std::ref(progress));
  progress.Finish();
  if (!report.ok()) {
    fmt::print(stderr, "motcua backup: no backup was made: {}\n", report.status().message());
    return 1;
  }
  int64_t events = 0;
  for (const auto& [p, h] : report->manifest.chains) events += h.length;
  fmt::print("motcua backup: done — {} ({}): {} events in {} province chains (verified), {} "
             "tables, {} files.\n",
             report->dir, Size(report->bytes), events, report->manifest.chains.size(),
             report->manifest.tables.size(), report->manifest.files.size());
  for (const auto& p : report->pruned) fmt::print("  removed the older backup {}\n", p);
  fmt::print("Keep a copy away from this machine (a USB disk, another server). Restore with: "
             "motcua restore --from {} --data-dir NEW_EMPTY_DIR\n", report->dir);
  return 0;
}

int RunRestore(const CommonArgs& args, const std::string& from) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua restore: {}\n", options.status().message());
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  PhasedProgress progress;
  auto report = service::Restore(Env::Default(), from, options->data_dir, std::ref(progress));
  progress.Finish();
  if (!report.ok()) {
    fmt::print(stderr, "motcua restore: {}\n", report.status().message());
    return report.status().code() == Code::kNotFound ? 2 : 1;
  }
  fmt::print("motcua restore: done — {} holds the backup of {} ({} events, every chain intact and "
             "as the manifest says; {} files). Start the server on it: motcua serve --data-dir "
             "{}\n",
             options->data_dir, from, report->events, report->files, options->data_dir);
  return 0;
}

}  // namespace motcua::cli

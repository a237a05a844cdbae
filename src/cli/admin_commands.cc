// motcua migrate | config | version | verify.
#include <fmt/format.h>
#include <unistd.h>

#include "base/log.h"
#include "base/progress.h"
#include "cli/commands.h"
#include "service/platform/system_service.h"

namespace motcua::cli {

int RunMigrate(const CommonArgs& args) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua migrate: {}\n", options.status().message());
    return 2;
  }
  InitLogging(LogOptions{options->log_level, options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    fmt::print(stderr, "motcua migrate: {}\n", app.status().message());
    return 1;
  }
  auto v = (*app)->store->SchemaVersion();
  fmt::print("motcua migrate: the database in {} is at schema version {} (current).\n",
             options->data_dir, v.ok() ? *v : -1);
  return 0;
}

int RunConfig(const CommonArgs& args) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua config: {}\n", options.status().message());
    return 2;
  }
  fmt::print("# Effective motcua options (defaults < config file < MOTCUA_* < flags)\n{}",
             Describe(*options));
  return 0;
}

int RunVersion() {
  fmt::print("motcua {}\n", service::BinaryVersion());
  return 0;
}

int RunVerify(const CommonArgs& args) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", options.status().message());
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/false);
  if (!app.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", app.status().message());
    return 1;
  }
  Progress progress("verify", 0, "events");
  auto report = (*app)->store->Verify([&](int64_t done, int64_t total) {
    progress.SetTotal(total);
    progress.Update(done);
  });
  progress.Finish();
  if (!report.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", report.status().message());
    return 1;
  }
  if (!report->ok) {
    fmt::print(stderr, "motcua verify: BROKEN — {} of {} event chains are damaged:\n",
               report->problems.size(), report->provinces);
    for (const auto& p : report->problems) fmt::print(stderr, "  {}\n", p);
    fmt::print(stderr,
               "The history was changed outside motcua. Keep this data directory as evidence "
               "and restore the last good backup.\n");
    return 1;
  }
  fmt::print("motcua verify: OK — {} events in {} province chains, every link intact.\n",
             report->events, report->provinces);
  return 0;
}

}  // namespace motcua::cli

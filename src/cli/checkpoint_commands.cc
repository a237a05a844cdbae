// motcua checkpoint --unit CODE [--out FILE] | motcua verify --checkpoints FILE (issue 24;
// service/operations/checkpoints.h says what a checkpoint is).
#include <fmt/format.h>

#include <fstream>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/progress.h"
#include "cli/commands.h"
#include "service/operations/checkpoints.h"

namespace motcua::cli {

int RunCheckpoint(const CommonArgs& args, const std::string& unit, const std::string& out) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua checkpoint: {}\n", options.status().message());
    return 2;
  }
  if (unit.empty()) {
    fmt::print(stderr, "motcua checkpoint: name the unit whose key signs: --unit CODE\n");
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/false);
  if (!app.ok()) {
    fmt::print(stderr, "motcua checkpoint: {}\n", app.status().message());
    return 1;
  }
  auto records = service::MakeCheckpoint(Env::Default(), *(*app)->store, *(*app)->unit_keys, unit);
  if (!records.ok()) {
    fmt::print(stderr, "motcua checkpoint: no checkpoint was made: {}\n",
               records.status().message());
    return 1;
  }
  std::string lines;
  for (const auto& r : *records) lines += service::CheckpointToJson(r) + "\n";
  if (out.empty()) {
    fmt::print("{}", lines);
  } else {
    if (!service::AppendCheckpoints(out, *records).ok()) {
      fmt::print(stderr, "motcua checkpoint: the checkpoint is in the store but {} could not be "
                         "written; print it with `motcua checkpoint` without --out\n", out);
      return 1;
    }
  }
  fmt::print(stderr, "motcua checkpoint: {} province chain head(s) signed by unit {}{}.\n",
             records->size(), unit, out.empty() ? "" : ", appended to " + out);
  return 0;
}

int RunVerifyCheckpoints(const CommonArgs& args, const std::string& file) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", options.status().message());
    return 2;
  }
  std::ifstream f(file, std::ios::binary);
  if (!f) {
    fmt::print(stderr, "motcua verify: cannot read {}\n", file);
    return 2;
  }
  std::vector<service::CheckpointRecord> records;
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto r = service::CheckpointFromJson(line);
    if (!r.ok()) {
      fmt::print(stderr, "motcua verify: {} line {}: {}\n", file, n, r.status().message());
      return 2;
    }
    records.push_back(std::move(*r));
  }
  if (records.empty()) {
    fmt::print(stderr, "motcua verify: {} holds no checkpoints\n", file);
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/false);
  if (!app.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", app.status().message());
    return 1;
  }
  Progress progress("verify checkpoints", 0, "events");
  auto verdict = service::VerifyCheckpoints(*(*app)->store, records, [&](int64_t d, int64_t t) {
    progress.SetTotal(t);
    progress.Update(d);
  });
  progress.Finish();
  if (!verdict.ok()) {
    fmt::print(stderr, "motcua verify: {}\n", verdict.status().message());
    return 1;
  }
  if (!verdict->ok) {
    fmt::print(stderr, "motcua verify: CONTRADICTED — {}\n", verdict->first_problem);
    fmt::print(stderr, "The history was changed after that checkpoint was signed. Keep this data "
                       "directory as evidence and restore the last good backup.\n");
    return 1;
  }
  fmt::print("motcua verify: OK — {} checkpoint(s) signed and the history up to each unchanged.\n",
             verdict->checked);
  return 0;
}

}  // namespace motcua::cli

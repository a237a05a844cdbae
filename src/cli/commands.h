// The subcommands. Each returns the process exit code: 0 success, 1 failure while working,
// 2 bad options or arguments. Messages say what happened and what to do next.
#pragma once

#include <string>

#include "cli/app.h"

namespace motcua::cli {

struct CommonArgs {
  std::string config_path;
  FlagValues flags;
};

int RunServe(const CommonArgs& args);
int RunMigrate(const CommonArgs& args);
int RunConfig(const CommonArgs& args);
int RunVersion();
int RunVerify(const CommonArgs& args);

}  // namespace motcua::cli

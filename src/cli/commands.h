// The subcommands. Each returns the process exit code: 0 success, 1 failure while working,
// 2 bad options or arguments. Messages say what happened and what to do next.
#pragma once

#include <string>

#include "cli/app.h"
#include "http/router.h"

namespace motcua::cli {

struct CommonArgs {
  std::string config_path;
  FlagValues flags;
};

struct AdminCreateArgs {
  std::string username, display_name, role, unit;
  bool password_stdin = false;
};
struct TokenCreateArgs {
  std::string username, expires, name, unit, permissions;
};
struct DemoDossiersArgs {
  int64_t count = 0;
  int days = 0;      // 0: received now; D: spread over the D weekdays before today
  int threads = 64;  // concurrent writers (group commit batches them)
  std::string procedure = "1.001193";
};

struct BackupArgs {
  std::string to;         // the backup root; "" = backup_dir from the options
  int keep_daily = -1;    // -1: backup_keep_daily from the options
  int keep_monthly = -1;  // -1: backup_keep_monthly
};

// motcua keys create|import|revoke|list (issue 17).
struct KeysArgs {
  std::string subcommand;  // "create" | "import" | "revoke" | "list"
  std::string unit;
  std::string common_name, organisation, out;  // create
  std::string cert, chain;                     // import
  int64_t key_id = 0;                          // revoke
  std::string at, reason;                      // revoke: RFC 3339 time (default now)
};

// Loads options and opens the app for a subcommand; on failure prints why and sets *exit_code
// (2 for bad options, 1 otherwise).
Result<std::unique_ptr<App>> OpenForCommand(const CommonArgs& args, const char* name, int* exit_code);
// Adds every API and page route over `app`'s services to `router` (what `serve` serves; also used
// by bench/pages).
Status BuildRouter(App& app, http::Router& router);
// Loads the shipped announcements (data/calendars/*.json) for years the store has none for, then
// compiles the calendars.
Status EnsureCalendars(App& app);

int RunServe(const CommonArgs& args);
int RunCalendarImport(const CommonArgs& args, const std::string& file);
int RunAdminCreate(const CommonArgs& args, const AdminCreateArgs& a);
int RunTokenCreate(const CommonArgs& args, const TokenCreateArgs& a);
int RunUnitsImport(const CommonArgs& args, const std::string& dir);
// motcua procedures import FILE: load a portal export (one transaction); exit 1 on a bad line.
int RunProceduresImport(const CommonArgs& args, const std::string& file);
// Prints every route with its method and permission rule as JSON lines (for audits and the
// generated authorisation test).
int RunRoutes(const CommonArgs& args);
// motcua demo dossiers --count N: loads the demo commune if needed, then stores N counter-intake
// dossiers through DossierService::Intake from many threads, with a progress bar.
int RunDemoDossiers(const CommonArgs& args, const DemoDossiersArgs& a);
int RunMigrate(const CommonArgs& args);
int RunConfig(const CommonArgs& args);
int RunVersion();
int RunVerify(const CommonArgs& args);
// motcua backup --to DIR: a consistent copy of the store and files while the server runs, with a
// manifest; then retention. motcua restore --from BACKUP: into an empty data directory, checked.
int RunBackup(const CommonArgs& args, const BackupArgs& a);
// motcua checkpoint --unit CODE [--out FILE]: signs every province chain's head with the unit's key,
// records it as an event and prints (or appends to FILE) one JSON line per province.
// motcua verify --checkpoints FILE: checks the signatures and that the history up to each is
// unchanged; exit 1 naming the first checkpoint contradicted.
int RunCheckpoint(const CommonArgs& args, const std::string& unit, const std::string& out);
int RunVerifyCheckpoints(const CommonArgs& args, const std::string& file);
int RunRestore(const CommonArgs& args, const std::string& from);
int RunKeys(const CommonArgs& args, const KeysArgs& a);
// motcua migrate-data --from sqlite:PATH --to postgres://…
int RunMigrateData(const std::string& from, const std::string& to);

}  // namespace motcua::cli

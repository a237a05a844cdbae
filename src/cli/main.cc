// motcua: the one binary. Subcommands are parsed with CLI11; each lives in its own file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace {

using motcua::cli::CommonArgs;

// Adds --config and the flags shared by store-using subcommands to `cmd`.
void AddCommon(CLI::App* cmd, CommonArgs& args, std::map<std::string, std::string>& raw) {
  cmd->add_option("--config", args.config_path, "TOML file with options (see 'motcua config')");
  cmd->add_option("--data-dir", raw["data_dir"], "directory holding the database");
  cmd->add_option("--database", raw["database"],
                  "PostgreSQL URI (postgres://user@host/db); default: SQLite in the data dir");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"motcua — electronic one-stop system for commune public administrative service "
               "centres"};
  app.require_subcommand(1);
  CommonArgs args;
  std::map<std::string, std::string> raw;
  bool demo = false;

  CLI::App* serve = app.add_subcommand("serve", "serve the web pages and the API");
  AddCommon(serve, args, raw);
  serve->add_option("--listen", raw["listen"], "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_flag("--demo", demo, "load and serve the demo commune");
  serve->add_option("--log-level", raw["log_level"], "trace, debug, info, warn, error, off");

  CLI::App* migrate = app.add_subcommand("migrate", "apply pending database migrations");
  AddCommon(migrate, args, raw);
  CLI::App* config = app.add_subcommand("config", "print the effective options, secrets masked");
  AddCommon(config, args, raw);
  config->add_option("--listen", raw["listen"], "HOST:PORT");
  CLI::App* version = app.add_subcommand("version", "print the version");
  CLI::App* verify = app.add_subcommand("verify", "re-walk the event hash chains");
  AddCommon(verify, args, raw);
  std::string checkpoints_file;
  verify->add_option("--checkpoints", checkpoints_file,
                     "check the signed checkpoints in FILE against the history instead");
  std::string checkpoint_unit, checkpoint_out;
  CLI::App* checkpoint = app.add_subcommand(
      "checkpoint", "sign the head of every province's event chain with a unit's key");
  AddCommon(checkpoint, args, raw);
  checkpoint->add_option("--unit", checkpoint_unit, "the unit whose active key signs")->required();
  checkpoint->add_option("--out", checkpoint_out, "append the checkpoint lines to FILE");

  motcua::cli::AdminCreateArgs admin_args;
  CLI::App* admin = app.add_subcommand("admin", "manage officer accounts");
  admin->require_subcommand(1);
  CLI::App* admin_create = admin->add_subcommand("create", "create an officer account");
  AddCommon(admin_create, args, raw);
  admin_create->add_option("--username", admin_args.username, "sign-in name")->required();
  admin_create->add_option("--display-name", admin_args.display_name, "full name");
  admin_create
      ->add_option("--role", admin_args.role,
                   "reception, specialist, unit_head, signer, "
                   "clerk, centre_director, police, community_member, province_admin, "
                   "auditor, national_admin")
      ->required();
  admin_create->add_option("--unit", admin_args.unit,
                           "commune or province code (2025); required for every role but "
                           "national_admin, which is granted on the nation (VN)");
  admin_create->add_flag("--password-stdin", admin_args.password_stdin,
                         "read the password from standard input");

  motcua::cli::TokenCreateArgs token_args;
  CLI::App* token = app.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  CLI::App* token_create = token->add_subcommand("create", "create an API token for a user");
  AddCommon(token_create, args, raw);
  token_create->add_option("--username", token_args.username, "whose roles it carries")->required();
  token_create->add_option("--expires", token_args.expires, "lifetime: 30d, 12h, 90m")->required();
  token_create->add_option("--name", token_args.name, "what the token is for");
  token_create->add_option("--unit", token_args.unit, "limit it to one unit");
  token_create->add_option("--permissions", token_args.permissions,
                           "comma-separated permissions (default: all of the user's)");

  std::string units_dir;
  CLI::App* units = app.add_subcommand("units", "administrative units");
  units->require_subcommand(1);
  CLI::App* units_import = units->add_subcommand("import", "load the 2025 official unit lists");
  AddCommon(units_import, args, raw);
  units_import->add_option("--from", units_dir, "units data directory (units-2025-official/, units-2025/, units-pre2025/, units-mapping-2025/)");

  std::string calendar_file;
  CLI::App* cal = app.add_subcommand("calendar", "working calendars");
  cal->require_subcommand(1);
  CLI::App* cal_import =
      cal->add_subcommand("import", "load a year's official announcement of days off (JSON)");
  AddCommon(cal_import, args, raw);
  cal_import->add_option("FILE", calendar_file, "announcement file (docs/calendars.md)")->required();
  std::string procedures_file;
  CLI::App* procedures = app.add_subcommand("procedures", "the procedure catalogue");
  procedures->require_subcommand(1);
  CLI::App* procedures_import =
      procedures->add_subcommand("import", "load a portal export file (procedures.jsonl)");
  AddCommon(procedures_import, args, raw);
  procedures_import->add_option("file", procedures_file, "the export, one JSON object per line")
      ->required();

  motcua::cli::DemoDossiersArgs demo_args;
  CLI::App* demo_cmd = app.add_subcommand("demo", "the demo commune");
  demo_cmd->require_subcommand(1);
  CLI::App* demo_dossiers = demo_cmd->add_subcommand(
      "dossiers", "store N counter-intake dossiers for the demo commune (loads the demo if needed)");
  AddCommon(demo_dossiers, args, raw);
  demo_dossiers->add_option("--count", demo_args.count, "how many dossiers")->required();
  demo_dossiers->add_option("--days", demo_args.days,
                            "spread the intakes over the D weekdays before today (default 0: now)");
  demo_dossiers->add_option("--threads", demo_args.threads,
                            "concurrent writers (default 64; group commit batches them)");
  demo_dossiers->add_option("--procedure", demo_args.procedure,
                            "procedure code offered at the demo commune (default 1.001193)");

  motcua::cli::BackupArgs backup_args;
  CLI::App* backup = app.add_subcommand(
      "backup", "copy the store and files into a dated folder, consistently, while serving");
  AddCommon(backup, args, raw);
  backup->add_option("--to", backup_args.to, "folder the backups go in (default: backup_dir)");
  backup->add_option("--keep-daily", backup_args.keep_daily,
                     "keep the newest backup of each of the last N days (default 7)");
  backup->add_option("--keep-monthly", backup_args.keep_monthly,
                     "keep the newest backup of each of the last M months (default 12)");
  std::string restore_from;
  CLI::App* restore = app.add_subcommand(
      "restore", "restore a backup into an empty data directory, checking it");
  AddCommon(restore, args, raw);
  restore->add_option("--from", restore_from, "the backup folder (motcua-YYYYMMDD-HHMMSS)")
      ->required();
  motcua::cli::KeysArgs keys_args;
  CLI::App* keys = app.add_subcommand("keys", "units' signing keys for electronic results");
  keys->require_subcommand(1);
  CLI::App* keys_create =
      keys->add_subcommand("create", "make a unit's key and print its certificate request");
  AddCommon(keys_create, args, raw);
  keys_create->add_option("--unit", keys_args.unit, "the unit's code")->required();
  keys_create->add_option("--cn", keys_args.common_name, "subject common name (default: the unit)");
  keys_create->add_option("--org", keys_args.organisation, "subject organisation");
  keys_create->add_option("--out", keys_args.out, "write the request here (default: stdout)");
  CLI::App* keys_import =
      keys->add_subcommand("import", "store the certificate issued for a unit's key");
  AddCommon(keys_import, args, raw);
  keys_import->add_option("--unit", keys_args.unit, "the unit's code")->required();
  keys_import->add_option("--cert", keys_args.cert, "the certificate (PEM)")->required();
  keys_import->add_option("--chain", keys_args.chain, "the issuer chain up to the root (PEM)")
      ->required();
  CLI::App* keys_revoke = keys->add_subcommand("revoke", "revoke a unit's key from a time on");
  AddCommon(keys_revoke, args, raw);
  keys_revoke->add_option("--unit", keys_args.unit, "the unit's code")->required();
  keys_revoke->add_option("--key", keys_args.key_id, "the key's id (motcua keys list)")->required();
  keys_revoke->add_option("--at", keys_args.at, "revoked from (RFC 3339; default now)");
  keys_revoke->add_option("--reason", keys_args.reason, "why (compromise, superseded …)");
  CLI::App* keys_list = keys->add_subcommand("list", "list the units' keys");
  AddCommon(keys_list, args, raw);
  keys_list->add_option("--unit", keys_args.unit, "only this unit");
  std::string data_from, data_to;
  CLI::App* migrate_data = app.add_subcommand(
      "migrate-data", "move the data of a SQLite store into an empty PostgreSQL database, verified");
  migrate_data->add_option("--from", data_from, "sqlite:PATH of the source motcua.db")->required();
  migrate_data->add_option("--to", data_to, "postgres://user@host:5432/db")->required();

  CLI::App* routes = app.add_subcommand("routes", "print every route and its permission rule");
  AddCommon(routes, args, raw);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "motcua: %s\nRun 'motcua --help' or 'motcua <command> --help'.\n",
                 e.what());
    return 2;
  }
  for (const auto& [k, v] : raw) {
    if (!v.empty()) args.flags[k] = v;
  }
  if (demo) args.flags["demo"] = "true";

  if (serve->parsed()) return motcua::cli::RunServe(args);
  if (migrate->parsed()) return motcua::cli::RunMigrate(args);
  if (config->parsed()) return motcua::cli::RunConfig(args);
  if (version->parsed()) return motcua::cli::RunVersion();
  if (verify->parsed() && !checkpoints_file.empty()) {
    return motcua::cli::RunVerifyCheckpoints(args, checkpoints_file);
  }
  if (verify->parsed()) return motcua::cli::RunVerify(args);
  if (checkpoint->parsed()) {
    return motcua::cli::RunCheckpoint(args, checkpoint_unit, checkpoint_out);
  }
  if (admin_create->parsed()) return motcua::cli::RunAdminCreate(args, admin_args);
  if (token_create->parsed()) return motcua::cli::RunTokenCreate(args, token_args);
  if (units_import->parsed()) return motcua::cli::RunUnitsImport(args, units_dir);
  if (cal_import->parsed()) return motcua::cli::RunCalendarImport(args, calendar_file);
  if (procedures_import->parsed()) {
    return motcua::cli::RunProceduresImport(args, procedures_file);
  }
  if (backup->parsed()) return motcua::cli::RunBackup(args, backup_args);
  if (restore->parsed()) return motcua::cli::RunRestore(args, restore_from);
  for (auto [cmd, action] : {std::pair{keys_create, "create"}, std::pair{keys_import, "import"},
                              std::pair{keys_revoke, "revoke"}, std::pair{keys_list, "list"}}) {
    if (cmd->parsed()) {
      keys_args.subcommand = action;
      return motcua::cli::RunKeys(args, keys_args);
    }
  }
  if (migrate_data->parsed()) return motcua::cli::RunMigrateData(data_from, data_to);
  if (routes->parsed()) return motcua::cli::RunRoutes(args);
  if (demo_dossiers->parsed()) return motcua::cli::RunDemoDossiers(args, demo_args);
  return 2;
}

// motcua: the one binary. Subcommands are parsed with CLI11; each lives in its own file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace {

using motcua::cli::CommonArgs;

// Adds --config and the flags shared by store-using subcommands to `cmd`.
void AddCommon(CLI::App* cmd, CommonArgs& args, std::map<std::string, std::string>& raw) {
  cmd->add_option("--config", args.config_path, "TOML file with options (see 'motcua config')");
  cmd->add_option("--data-dir", raw["data_dir"], "directory holding the database");
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
  if (verify->parsed()) return motcua::cli::RunVerify(args);
  return 2;
}

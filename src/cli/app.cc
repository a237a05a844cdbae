#include "cli/app.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

extern char** environ;

namespace motcua::cli {

Result<Options> LoadOptions(const std::string& config_path, const FlagValues& flags) {
  Options o;
  std::string path = config_path;
  if (path.empty()) {
    const char* env_path = std::getenv("MOTCUA_CONFIG");
    if (env_path) path = env_path;
  }
  if (!path.empty()) {
    auto text = Env::Default().ReadFile(path);
    if (!text.ok()) {
      return Status::InvalidArgument(
          fmt::format("cannot read the config file {}: {}", path, text.status().message()));
    }
    MOTCUA_RETURN_IF_ERROR(ApplyToml(o, *text, path));
  }
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string::npos && kv.starts_with("MOTCUA_")) {
      vars[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  MOTCUA_RETURN_IF_ERROR(ApplyEnvironment(o, vars));
  for (const auto& [k, v] : flags) MOTCUA_RETURN_IF_ERROR(ApplyValue(o, k, v, "flag --" + k));
  MOTCUA_RETURN_IF_ERROR(Validate(o));
  return o;
}

App::~App() {
  if (store) store->Close();
}

Result<std::unique_ptr<App>> OpenApp(const Options& options, Env& env, bool migrate) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return Status::Unavailable(fmt::format("cannot create the data directory {}: {}",
                                           options.data_dir, ec.message()));
  }
  auto app = std::make_unique<App>();
  app->options = options;
  app->env = &env;
  store::StoreOptions so;
  so.path = (std::filesystem::path(options.data_dir) / "motcua.db").string();
  so.readers = options.store_readers;
  so.durable = options.store_durable;
  so.migrate = migrate;
  MOTCUA_ASSIGN_OR_RETURN(app->store, store::OpenSqliteStore(so, env));
  app->system = std::make_unique<service::SystemService>(env, *app->store);
  app->site = std::make_unique<service::SiteService>(env, *app->store);
  return app;
}

}  // namespace motcua::cli

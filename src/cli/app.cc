#include "cli/app.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "base/text.h"

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
  if (worklist_watch) worklist_watch->Stop();
  if (floor_watch) floor_watch->Stop();
  if (due_recomputer) due_recomputer->Stop();
  if (calendar) calendar->SetObserver(nullptr);
  digitise.reset();
  unit_keys.reset();
  identity.reset();
  if (store) store->Close();
}

std::string App::ReferenceDir() const {
  return options.reference_dir.empty() ? std::string(MOTCUA_SOURCE_DIR) + "/data"
                                       : options.reference_dir;
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
  so.path = options.database.empty()
                ? (std::filesystem::path(options.data_dir) / "motcua.db").string()
                : options.database;
  so.replica_url = options.database_replica;
  so.readers = options.store_readers;
  so.durable = options.store_durable;
  so.migrate = migrate;
  MOTCUA_ASSIGN_OR_RETURN(app->store, store::OpenStore(so, env));
  app->system = std::make_unique<service::SystemService>(env, *app->store);
  app->site = std::make_unique<service::SiteService>(env, *app->store);
  units::ElectronicIdOptions ids;
  ids.province_template = options.agency_id_province_template;
  ids.unit_template = options.agency_id_unit_template;
  app->units = std::make_unique<service::UnitService>(env, *app->store, std::move(ids));
  app->calendar = std::make_unique<service::CalendarService>(env, *app->store);
  service::OidcOptions oo;
  oo.issuer = options.oidc_issuer;
  oo.client_id = options.oidc_client_id;
  oo.client_secret = options.oidc_client_secret;
  oo.redirect_uri = options.oidc_redirect_uri.empty()
                        ? (options.public_url.empty() ? "http://" + options.listen : options.public_url) +
                              "/auth/callback"
                        : options.oidc_redirect_uri;
  oo.id_claim = options.oidc_id_claim;
  oo.level_claim = options.oidc_level_claim;
  oo.level2_values = SplitList(options.oidc_level2_values);
  app->oidc = std::make_unique<service::OidcClient>(env, oo, service::MakeCurlHttpClient(options.oidc_resolve));
  app->procedures = std::make_unique<service::ProcedureService>(env, *app->store);
  app->audit = std::make_unique<service::AuditService>(env, *app->store, app->site.get());
  service::IdentityOptions io;
  io.hasher.memlimit = static_cast<size_t>(options.password_hash_mib) << 20;
  io.session_idle_ms = int64_t{options.session_idle_min} * 60000;
  io.session_absolute_ms = int64_t{options.session_absolute_min} * 60000;
  io.authorisation_needs_level2 = options.authorisation_needs_level2;
  io.totp_required_roles.clear();
  for (const std::string& name : SplitList(options.totp_required_roles)) {
    auto role = authz::ParseRole(name);
    if (!role.ok()) {
      return Status::InvalidArgument("totp_required_roles: " + role.status().message());
    }
    io.totp_required_roles.push_back(*role);
  }
  app->identity = std::make_unique<service::IdentityService>(env, *app->store, *app->site,
                                                          *app->units, io);
  service::FileOptions fo;
  fo.dir = (std::filesystem::path(options.data_dir) / "files").string();
  fo.max_bytes = options.upload_max_bytes;
  app->files = std::make_unique<service::FileService>(env, *app->store, fo);
  if (options.test_clock) app->test_clock = std::make_unique<ShiftedClockEnv>(env);
  Env& dossier_env = app->test_clock ? static_cast<Env&>(*app->test_clock) : env;
  service::DossierDeps dd{.calendar = *app->calendar,
                          .procedures = *app->procedures,
                          .units = *app->units,
                          .identity = *app->identity,
                          .audit = *app->audit,
                          .site = *app->site,
                          .files = *app->files,
                          .lookup_base_url = options.public_url.empty()
                                                 ? "http://" + options.listen
                                                 : options.public_url,
                          .supplementation_exception_counts_late =
                              options.supplementation_exception_counts_late,
                          .due_soon_working_days = options.due_soon_working_days};
  app->dossiers = std::make_unique<service::DossierService>(dossier_env, *app->store, dd);
  app->unit_keys = std::make_unique<service::UnitKeys>(env, *app->store,
                                                      options.signing_key_passphrase);
  app->digitise = std::make_unique<service::DigitiseService>(
      dossier_env, *app->store,
      service::DigitiseDeps{*app->dossiers, *app->files, *app->units, *app->unit_keys,
                            *app->procedures, dd.lookup_base_url});
  service::DigitiseService::RegisterProjector(*app->dossiers);
  app->community = std::make_unique<service::CommunityService>(
      dossier_env, *app->store, *app->identity, *app->dossiers, *app->files, *app->audit,
      service::CommunityOptions{.test_codes = options.test_endpoints});
  // Every calendar change (from the API, the admin pages or the CLI) records, in its own
  // transaction, the stored due times to recompute; `serve` runs the pass (DueRecomputer::Start).
  app->due_recomputer = std::make_unique<service::DueRecomputer>(env, app->dossiers->jobs);
  app->calendar->SetObserver(app->due_recomputer.get());
  service::WorklistWatchOptions wo;
  wo.hold_ms = options.desk_events_hold_s * 1000;
  wo.poll_ms = options.desk_events_poll_ms;
  app->worklist_watch =
      std::make_unique<service::WorklistWatch>(dossier_env, *app->store, app->dossiers->queries,
                                                wo);
  // The queue floor: tickets and calls through the one write path; boards follow its watch
  // (told after each call commits, and the change feed for other writers); voice cached under
  // the data directory.
  app->floor = std::make_unique<service::FloorService>(env, *app->store, *app->units);
  app->floor_watch = std::make_unique<service::FloorWatch>(
      env, *app->store, *app->floor,
      service::FloorWatchOptions{.hold_ms = options.desk_events_hold_s * 1000});
  app->floor->SetWatch(app->floor_watch.get());
  app->floor_voice = std::make_unique<service::FloorVoice>(options.data_dir + "/floor-voice");
  service::LodgingOptions lo;
  lo.foreign_hours = options.lodging_foreign_hours;
  lo.retention_days = options.lodging_retention_days;
  app->lodging = std::make_unique<service::LodgingService>(dossier_env, *app->store, *app->audit, lo);
  return app;
}

}  // namespace motcua::cli

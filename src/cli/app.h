// App: what every subcommand shares — loading options (file, environment, flags), opening the
// store, and the services built over it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "cli/options.h"
#include "service/identity/audit_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/site_service.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"
#include "service/calendar/calendar_service.h"
#include "service/digitise/digitise_service.h"
#include "service/digitise/unit_keys.h"
#include "service/dossier/dossier_service.h"
#include "service/community/community_service.h"
#include "service/dossier/due_recomputer.h"
#include "service/platform/file_service.h"
#include "service/identity/oidc.h"
#include "service/platform/system_service.h"
#include "service/dossier/worklist_watch.h"
#include "service/floor/floor_service.h"
#include "service/floor/floor_voice.h"
#include "service/floor/floor_watch.h"
#include "service/lodging/lodging_service.h"
#include "store/store.h"

namespace motcua::cli {

// Flag values given on the command line, applied last (key → value).
using FlagValues = std::map<std::string, std::string>;

// Loads options: defaults, then the TOML file (`config_path`, or MOTCUA_CONFIG), then MOTCUA_*
// variables, then `flags`; then validates. Errors name the source and key.
Result<Options> LoadOptions(const std::string& config_path, const FlagValues& flags);

// The opened store and the services over it. Destroying it closes the store cleanly.
struct App {
  Options options;
  Env* env = nullptr;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<service::SystemService> system;
  std::unique_ptr<service::SiteService> site;
  std::unique_ptr<service::UnitService> units;
  std::unique_ptr<service::CalendarService> calendar;
  std::unique_ptr<service::OidcClient> oidc;
  std::unique_ptr<service::ProcedureService> procedures;
  std::unique_ptr<service::IdentityService> identity;
  std::unique_ptr<service::AuditService> audit;
  std::unique_ptr<service::FileService> files;
  std::unique_ptr<service::DossierService> dossiers;
  std::unique_ptr<service::UnitKeys> unit_keys;         // units' signing keys (issue 17)
  std::unique_ptr<service::DigitiseService> digitise;  // signed results, e-data store, reuse
  std::unique_ptr<service::CommunityService> community;  // community digital technology groups
  // The calendar's observer: stored due times follow calendar changes (its thread runs in serve).
  std::unique_ptr<service::DueRecomputer> due_recomputer;
  std::unique_ptr<service::WorklistWatch> worklist_watch;  // desks waiting for list changes
  std::unique_ptr<service::FloorService> floor;            // the queue floor (issue 19)
  std::unique_ptr<service::FloorWatch> floor_watch;        // display boards waiting for calls
  std::unique_ptr<service::FloorVoice> floor_voice;        // calls spoken by espeak-ng, cached
  std::unique_ptr<service::LodgingService> lodging;  // accommodation notices (issue 21)
  // Only with options.test_clock: the dossiers' clock, which POST /api/v1/_test/clock moves
  // (sessions, sign-in and files keep `env`'s clock). Null otherwise.
  std::unique_ptr<ShiftedClockEnv> test_clock;
  // Returns the reference data directory (options.reference_dir or the source tree's data/).
  std::string ReferenceDir() const;
  ~App();
};

// Creates the data directory if needed and opens the store (applying migrations when `migrate`).
Result<std::unique_ptr<App>> OpenApp(const Options& options, Env& env, bool migrate);

}  // namespace motcua::cli

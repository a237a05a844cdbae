// DossierCollaboratorsForTest: every service the dossier feature needs (DossierDeps), real, over
// one store — for tests only. The calendar is not loaded (due times stay empty) unless the test
// loads it; the identity knows no users until the test creates them. Not thread-safe itself.
#pragma once

#include <filesystem>
#include <string>

#include "service/calendar/calendar_service.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"
#include "service/dossier/dossier_types.h"
#include "service/identity/identity_service.h"
#include "service/identity/audit_service.h"
#include "service/platform/file_service.h"
#include "service/platform/site_service.h"

namespace motcua::service {

struct DossierCollaboratorsForTest {
  // `files_dir`: where uploaded files go (a folder of the test's own).
  DossierCollaboratorsForTest(Env& env, store::Store& store,
                              const std::filesystem::path& files_dir)
      : site(env, store),
        units(env, store),
        procedures(env, store),
        calendar(env, store),
        identity(env, store, site, units, Options()),
        audit(env, store, &site),
        files(env, store, FileOptions{.dir = files_dir.string()}) {}

  // Returns the collaborators as the dossier service takes them.
  DossierDeps Deps(std::string lookup_base_url = "http://127.0.0.1:8080") {
    return DossierDeps{.calendar = calendar,
                       .procedures = procedures,
                       .units = units,
                       .identity = identity,
                       .audit = audit,
                       .site = site,
                       .files = files,
                       .lookup_base_url = std::move(lookup_base_url)};
  }

  SiteService site;
  UnitService units;
  ProcedureService procedures;
  CalendarService calendar;
  IdentityService identity;
  AuditService audit;
  FileService files;

 private:
  static IdentityOptions Options() {
    IdentityOptions o;
    o.hasher.memlimit = 8u << 20;  // fast enough for tests
    return o;
  }
};

}  // namespace motcua::service

// AuditService: the append-only personal-data access log (who saw whose data, when, why, through
// which route, and the unit whose data it is) and the resident's own data export. Every view or
// export of a person's record goes through Record in the same request that shows it. An auditor
// reads the entries of the units their `audit.read` grants cover, and no others. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/authz/roles.h"
#include "service/platform/principal.h"
#include "service/platform/site_service.h"
#include "store/store.h"

namespace motcua::service {

struct AccessLogEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string actor;
  std::string record;
  std::string purpose;
  std::string route;
  std::string request_id;
  std::string unit;      // the unit whose data it was ("" when unknown)
  std::string province;  // and its province
};

struct AccessContext {
  std::string route;       // "/api/v1/residents/{id}"
  std::string request_id;
};

class AuditService {
 public:
  // `site` (borrowed, may be null) gives the unit of entries that belong to no dossier: a
  // resident's export of their own data is logged under the unit this installation serves.
  AuditService(Env& env, store::Store& store, SiteService* site = nullptr)
      : env_(env), store_(store), site_(site) {}
  // Appends one log entry (durable before returning). `record` names whose data: "resident:7",
  // "dossier:H40.12-…"; `unit` is the unit that holds it (the dossier's unit), which decides
  // which auditors see the entry.
  Status Record(const Principal& who, const std::string& record, const authz::UnitRef& unit,
                const std::string& purpose, const AccessContext& ctx);
  // Returns the newest entries of the units where `who` holds `audit.read` (a province grant
  // covers its communes); `record` filters when not empty. PermissionDenied without
  // `audit.read` anywhere. Entries of no unit are shown to nobody here (the resident still sees
  // them in their export).
  Result<std::vector<AccessLogEntry>> List(const Principal& who, const std::string& record,
                                           int limit);
  // Returns everything held about the signed-in resident as a JSON document (and logs the export).
  Result<std::string> ExportResident(const Principal& resident, const AccessContext& ctx);

 private:
  Env& env_;
  store::Store& store_;
  SiteService* const site_;
};

}  // namespace motcua::service

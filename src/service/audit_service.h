// AuditService: the append-only personal-data access log (who saw whose data, when, why, through
// which route) and the resident's own data export. Every view or export of a person's record goes
// through Record in the same request that shows it. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/principal.h"
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
};

struct AccessContext {
  std::string route;       // "/api/v1/residents/{id}"
  std::string request_id;
};

class AuditService {
 public:
  AuditService(Env& env, store::Store& store) : env_(env), store_(store) {}
  // Appends one log entry (durable before returning). `record` names whose data: "resident:7".
  Status Record(const Principal& who, const std::string& record, const std::string& purpose,
                const AccessContext& ctx);
  // Returns the newest entries first; `record` filters when not empty. Needs `audit.read`.
  Result<std::vector<AccessLogEntry>> List(const Principal& who, const std::string& record,
                                           int limit);
  // Returns everything held about the signed-in resident as a JSON document (and logs the export).
  Result<std::string> ExportResident(const Principal& resident, const AccessContext& ctx);

 private:
  Env& env_;
  store::Store& store_;
};

}  // namespace motcua::service

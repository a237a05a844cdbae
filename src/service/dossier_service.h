// DossierService: the dossier use cases. Intake allocates the dossier code, asks the domain
// (dossier::Decide) for the events, and records them with the `dossiers` projection row in one
// Store::Write transaction. Thread-safe (the store serialises writes).
#pragma once

#include <string>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "store/store.h"

namespace motcua::service {

struct IntakeRequest {
  std::string agency_id;  // electronic id of the receiving agency ("H40.12"); prefixes the code
  std::string province;
  std::string unit;
  dossier::Applicant applicant;
  dossier::Workflow workflow;
  dossier::Actor actor;  // the reception officer
};

struct IntakeResult {
  std::string code;  // "H40.12-261202-0001"
  dossier::Dossier state;
};

class DossierService {
 public:
  DossierService(Env& env, store::Store& store) : env_(env), store_(store) {}
  // Accepts a dossier at the counter: allocates the next code of (agency, today in Vietnam),
  // appends 'dossier.accepted' and inserts the projection row, all in one transaction. Returns
  // the domain's error (InvalidArgument, PermissionDenied) or the store's, with nothing stored.
  Result<IntakeResult> Intake(const IntakeRequest& request);
  // Returns the national status code and version of the dossier `code`; NotFound otherwise.
  Result<std::pair<int, int64_t>> StatusOf(const std::string& code);
  // Records that `threshold` was raised for the dossier `code`. Returns true the first time and
  // false when it was already recorded (the caller then sends nothing); store errors otherwise.
  Result<bool> RecordEscalation(const std::string& code, dossier::Threshold threshold);

 private:
  Env& env_;
  store::Store& store_;
};

}  // namespace motcua::service

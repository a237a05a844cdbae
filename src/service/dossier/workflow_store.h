// WorkflowStore: the workflow a procedure follows at a unit (the steps, their roles and time
// budgets; table `dossier_workflows`) and the terms a procedure version sets for intake (name,
// legal time limit on the clock's terms, online level; cached, since versions never change).
// Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/workflow.h"
#include "service/dossier/dossier_types.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class IdentityService;
class ProcedureService;

class WorkflowStore {
 public:
  WorkflowStore(Env& env, store::Store& store, IdentityService& identity,
                ProcedureService& procedures)
      : env_(env), store_(store), identity_(identity), procedures_(procedures) {}

  // Returns the workflow saved for (unit, procedure); NotFound when none is (intake then scales
  // the default to the procedure's time limit).
  Result<dossier::Workflow> WorkflowFor(const std::string& unit, const std::string& procedure_code);
  Result<dossier::Workflow> WorkflowFor(store::ReadTx& tx, const std::string& unit,
                                        const std::string& procedure_code);
  // Saves the workflow of a procedure at a unit after ValidateWorkflow (field errors on failure).
  Status PutWorkflow(const Principal& who, const std::string& unit,
                     const std::string& procedure_code, const std::string& json_text);
  // Returns the terms of procedure `code` at `version`; the catalogue's error otherwise.
  Result<ProcedureTerms> TermsOf(const std::string& code, int64_t version);

 private:
  Env& env_;
  store::Store& store_;
  IdentityService& identity_;
  ProcedureService& procedures_;
  std::mutex terms_mu_;
  std::map<std::string, ProcedureTerms> terms_;  // GUARDED_BY(terms_mu_); "code#version"
};

}  // namespace motcua::service

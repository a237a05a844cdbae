// DossierCommands: the dossier's changes, each one transaction on the one write path.
//
//   Intake       counter/post intake (accepted at once) or an online submission, fields as given
//   Submit       the same from a request from outside: validated, procedure and workflow pinned
//   Act          any workflow action on an existing dossier (accept, send back, assign …)
//   CounterSlip  the Mẫu 02/03 slip for a walk-in the counter does not receive
//
// Inside one Store::Write a command loads the dossier by folding its events (the truth), asks
// dossier::Decide for the events, appends them to the province's hash chain, updates the `dossiers`
// projection (status, who acts next, due times derived from the calendar), enqueues the
// applicant's notifications in the outbox and, when the request carried an Idempotency-Key,
// stores the response it produced, so that a replay returns the same response and nothing
// happens twice. Thread-safe (writes are serialised by the store's writer thread).
#pragma once

#include <string>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_types.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class DossierClock;
class DossierAccess;
class WorkflowStore;
class OutboxDelivery;

class DossierCommands {
 public:
  DossierCommands(Env& env, store::Store& store, const DossierDeps& deps, DossierClock& clock,
                  DossierAccess& access, WorkflowStore& workflows)
      : env_(env),
        store_(store),
        deps_(deps),
        clock_(clock),
        access_(access),
        workflows_(workflows) {}

  // Sets the outbox woken after a commit that enqueued notifications (before serving; not
  // thread-safe). Null: nobody is woken (the outbox polls).
  void SetOutbox(OutboxDelivery* outbox) { outbox_ = outbox; }

  // Accepts a dossier at the counter (or by post), or records an online submission (status 1),
  // with a gapless code. Returns the domain's error or the store's, with nothing stored.
  Result<IntakeResult> Intake(const IntakeRequest& request);
  // Validates a request from outside (unit known and offering the procedure, applicant ID shape,
  // the caller's right to file it), pins the procedure's current version and the unit's workflow,
  // and records it. InvalidArgument names the fields; PermissionDenied says which right is missing.
  Result<WriteOutcome> Submit(const Principal& who, const SubmitRequest& request,
                              const Idempotency* idem);
  // Applies an action. `if_match` must equal the dossier's version (Conflict otherwise, nothing
  // changes); FailedPrecondition names the current status when the action is not allowed now.
  Result<WriteOutcome> Act(const Principal& who, const std::string& code,
                           const dossier::CommandBody& command, int64_t if_match,
                           const Idempotency* idem);
  // A walk-in the counter does not receive (domain §2.3): guided once, in writing, to complete the
  // papers (Mẫu 02), or refused (Mẫu 03), before any dossier code exists. Needs dossier.receive at
  // the unit. Recorded as "counter.guided" / "counter.refused" on the stream "counter/<unit>" (so
  // nothing handed over is lost and the centre can count them); returns the slip as PDF bytes.
  Result<std::string> CounterSlip(const Principal& who, const CounterSlipRequest& req);

 private:
  Result<WriteOutcome> Record(const IntakeRequest& in, const std::string& scope,
                              const Idempotency* idem);

  Env& env_;
  store::Store& store_;
  const DossierDeps deps_;
  DossierClock& clock_;
  DossierAccess& access_;
  WorkflowStore& workflows_;
  OutboxDelivery* outbox_ = nullptr;
};

}  // namespace motcua::service

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
#include <vector>

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
class DossierProjectors;

class DossierCommands {
 public:
  DossierCommands(Env& env, store::Store& store, const DossierDeps& deps, DossierClock& clock,
                  DossierAccess& access, WorkflowStore& workflows,
                  const DossierProjectors& projectors)
      : env_(env),
        store_(store),
        deps_(deps),
        clock_(clock),
        access_(access),
        workflows_(workflows),
        projectors_(projectors) {}

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
  // Applies an action. `if_match` must equal the dossier's version (PreconditionFailed otherwise,
  // nothing changes); FailedPrecondition names the current status when the action is not allowed
  // now.
  Result<WriteOutcome> Act(const Principal& who, const std::string& code,
                           const dossier::CommandBody& command, int64_t if_match,
                           const Idempotency* idem);
  // A walk-in the counter does not receive (domain §2.3): guided once, in writing, to complete the
  // papers (Mẫu 02), or refused (Mẫu 03), before any dossier code exists. Needs dossier.receive at
  // the unit. Recorded as "counter.guided" / "counter.refused" on the stream "counter/<unit>" (so
  // nothing handed over is lost and the centre can count them); returns the slip as PDF bytes.
  Result<std::string> CounterSlip(const Principal& who, const CounterSlipRequest& req);

 private:
  // Records an intake decided outside the write; `who` (null for Intake) scopes the
  // Idempotency-Key and is whom the allowed actions are judged for.
  Result<WriteOutcome> Record(const IntakeRequest& in, const Principal* who,
                              const Idempotency* idem);
  // Fills, inside the transaction that records `events` on the dossier `before` (empty for an
  // intake), what the forms print and must print the same every time (see DossierEvent): the
  // number of each document issued (Mẫu 01–05) and a received dossier's log serial, both from the
  // unit's gapless yearly counters (form_number_counters), the receipt's appointment from `after`
  // when not already set, and the head of the agency who signs an apology or a refusal after
  // appraisal. The store's error names the dossier. Defined in dossier_forms.cc (decision 0009).
  // `head_of_agency`: HeadOfAgency(header), read before the write ("" when none is needed).
  Status IssueDocuments(store::Tx& tx, const dossier::Dossier& before, const DossierView& after,
                        const std::string& head_of_agency,
                        std::vector<dossier::DossierEvent>* events);
  // The name of the first active officer holding the sign step's role over the dossier's unit
  // (the head of the agency), or "" (an account read: call it before Store::Write).
  std::string HeadOfAgency(const dossier::Header& h);

  Env& env_;
  store::Store& store_;
  const DossierDeps deps_;
  DossierClock& clock_;
  DossierAccess& access_;
  WorkflowStore& workflows_;
  const DossierProjectors& projectors_;  // what is written with the events
  OutboxDelivery* outbox_ = nullptr;
};

}  // namespace motcua::service

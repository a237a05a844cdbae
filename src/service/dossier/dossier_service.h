// DossierService: the dossier feature, its parts wired once over the same collaborators.
//
//   clock      DossierClock: due times, pause, on time and who acts next, derived from a state
//   workflows  WorkflowStore: the workflow of a procedure at a unit, a procedure version's terms
//   access     DossierAccess: who may see or act on a dossier, what they could do, whom to assign
//   queries    DossierQueries: one dossier (logged), work lists, lookup, log, forms, files
//   projectors DossierProjectors: what is written with the events (row, files, notifications, …)
//   commands   DossierCommands: intake, submission, actions, the counter's slips (the write path)
//   jobs       DossierJobs: escalations and the due times recomputed after a calendar change
//
// Callers take the part they need (`dossiers.queries.Get(…)`). The parts hold references to each
// other and to the collaborators in DossierDeps, which must outlive this object. Thread-safe as
// its parts are; SetOutbox only before serving.
#pragma once

#include "base/env.h"
#include "service/dossier/dossier_access.h"
#include "service/dossier/dossier_actions.h"
#include "service/dossier/dossier_clock.h"
#include "service/dossier/dossier_commands.h"
#include "service/dossier/dossier_jobs.h"
#include "service/dossier/dossier_persist.h"
#include "service/dossier/dossier_queries.h"
#include "service/dossier/dossier_types.h"
#include "service/dossier/workflow_store.h"
#include "store/store.h"

namespace motcua::service {

class OutboxDelivery;

class DossierService {
 public:
  DossierService(Env& env, store::Store& store, const DossierDeps& deps)
      : clock(deps.calendar, deps.supplementation_exception_counts_late),
        workflows(env, store, deps.identity, deps.procedures),
        access(env, deps.identity),
        queries(env, store, deps, clock, access),
        projectors(deps.lookup_base_url),
        commands(env, store, deps, clock, access, workflows, projectors),
        jobs(env, store, deps.calendar, clock, deps.identity, deps.due_soon_working_days) {}
  DossierService(const DossierService&) = delete;
  DossierService& operator=(const DossierService&) = delete;

  // Sets the outbox woken after commits that enqueued notifications (before serving; not
  // thread-safe).
  void SetOutbox(OutboxDelivery* outbox) {
    commands.SetOutbox(outbox);
    jobs.SetOutbox(outbox);
  }

  DossierClock clock;
  WorkflowStore workflows;
  DossierAccess access;
  DossierQueries queries;
  // What is written with a dossier's events in their transaction (the `dossiers` row, files,
  // notifications); a feature adds its own projector here at start-up (Add, before serving).
  DossierProjectors projectors;
  DossierCommands commands;
  DossierJobs jobs;
};

}  // namespace motcua::service

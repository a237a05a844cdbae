// DossierJobs: the dossier's background work — the escalations raised when a due time nears or
// passes, and the stored due times brought in line after a calendar change. Run by `serve`'s
// timers and the DueRecomputer; each pass works in pages of short transactions, so the API's
// writes interleave. Thread-safe.
#pragma once

#include <atomic>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_types.h"
#include "store/store.h"

namespace motcua::service {

class CalendarService;
class DossierClock;
class IdentityService;
class OutboxDelivery;

class DossierJobs {
 public:
  // `due_soon_working_days`: the warning window of the due-soon escalation
  // (DossierDeps::due_soon_working_days).
  // `identity` names the handler and the unit heads in the escalation mails.
  DossierJobs(Env& env, store::Store& store, CalendarService& calendar, DossierClock& clock,
              IdentityService& identity, int due_soon_working_days = 2)
      : env_(env),
        store_(store),
        calendar_(calendar),
        clock_(clock),
        identity_(identity),
        due_soon_working_days_(due_soon_working_days) {}

  // Sets the outbox woken after escalations enqueued notifications (before serving; not
  // thread-safe). Null: nobody is woken (the outbox polls).
  void SetOutbox(OutboxDelivery* outbox) { outbox_ = outbox; }

  // Raises the "due soon" (within due_soon_working_days) and "overdue" escalations that are
  // due, once per dossier and threshold, for every status whose due time runs
  // (dossier::DueIsLive: accepted, processing, waiting for payment when that does not stop the
  // clock, withdrawal requested; a paused dossier has no due time until it resumes). Work lists
  // show them; when `notify_email` is set the outbox sends it one message per escalation,
  // addressed to the dossier's assigned handler and its unit's heads by name.
  // page_size: how many candidates are held in memory at once (a parameter for tests).
  Result<int> RunEscalations(const std::string& notify_email, int64_t page_size = 2000);
  // Records that `threshold` was raised for the dossier `code`. Returns true the first time.
  Result<bool> RecordEscalation(const std::string& code, dossier::Threshold threshold);
  // Records, inside the transaction that stores a calendar change, that the stored due times in
  // `scope` must be recomputed (RunDueRecomputations does it; a crash in between loses nothing).
  static Status EnqueueDueRecompute(store::Tx& tx, const DueRecomputeScope& scope, int64_t now_ms);
  // Does every recorded recomputation whose change is in force (CalendarService::LoadedEventSeq;
  // the others wait for the next run): the stored due times (`due_ms`, `original_due_ms`) of the
  // open dossiers in its scope (dossier::DueIsLive) are derived again from the calendars in force,
  // in pages of `page_size` dossiers ordered by code, each page one short transaction that also
  // advances the recomputation's cursor, so the API's writes interleave, memory stays bounded
  // and a stopped pass resumes where it was. Stops between pages once `*stop` is true. Returns
  // the number of dossiers whose stored due time changed; on error the rest waits for the next run.
  Result<int64_t> RunDueRecomputations(int64_t page_size = 500,
                                       const std::atomic<bool>* stop = nullptr);

 private:
  Env& env_;
  store::Store& store_;
  CalendarService& calendar_;
  DossierClock& clock_;
  IdentityService& identity_;
  const int due_soon_working_days_;
  OutboxDelivery* outbox_ = nullptr;
};

}  // namespace motcua::service

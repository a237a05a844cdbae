// DossierService: the dossier use cases, each one transaction on the one write path.
//
//   Submit   counter/post intake by reception (accepted at once) or online submission (status 1)
//   Act      any workflow action on an existing dossier (accept, send back, supplement, assign …)
//   Get      one dossier for a signed-in caller who may see it (the view is logged)
//   Worklist the caller's queue with countdowns from the working-time clock
//   Lookup   the public minimum for a dossier code (no sign-in)
//
// Inside one Store::Write a use case loads the dossier by folding its events (the truth), asks
// dossier::Decide for the events, appends them to the province's hash chain, updates the `dossiers`
// projection (status, who acts next, due times derived from the calendar), enqueues the applicant's
// notifications in the outbox and, when the request carried an Idempotency-Key, stores the
// response it produced, so that a replay returns the same response and nothing happens twice.
// Authorisation is decided here, against the dossier's unit: officers act through the roles they
// hold over that unit; residents act on their own dossiers or those they hold an authorisation for.
// Thread-safe (writes are serialised by the store's writer thread).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::calendar {
class WorkCalendar;
}

namespace motcua::service {

class CalendarService;
class ProcedureService;
class UnitService;
class IdentityService;
class AuditService;
class SiteService;
class OutboxDelivery;
class FileService;
struct FileInfo;
struct AccessContext;

// Low-level intake used by Submit, the demo seeder and the benchmarks: the header's fields are
// taken as given (already validated), the code allocated inside the transaction.
struct IntakeRequest {
  std::string agency_id;  // electronic id of the receiving agency ("H40.12"); prefixes the code
  std::string province;
  std::string unit;
  dossier::Channel channel = dossier::Channel::kInPerson;
  dossier::Applicant applicant;
  std::optional<dossier::Representative> representative;
  std::vector<dossier::ReceivedComponent> components;
  std::string procedure_name;
  std::string time_unit = "working_days";
  dossier::ReturnChannel result_delivery = dossier::ReturnChannel::kCounter;
  dossier::Workflow workflow;
  dossier::Actor actor;  // the reception officer, or the resident submitting online
  std::string submitted_by;  // principal id of an online submitter ("resident:7"), for "my dossiers"
};

struct IntakeResult {
  std::string code;  // "H40.12-261202-0001"
  dossier::Dossier state;
};

// A dossier with what the clock derives from it.
struct DossierView {
  dossier::Dossier state;
  std::optional<int64_t> due_ms;           // in force: the apology's new date, else the legal due
  std::optional<int64_t> original_due_ms;  // legal due: accepted + limit + pauses; empty if paused
  bool paused = false;
  // While paused: the working time that was left of the due in force when the pause began, frozen
  // while the clock stands still ("còn 2 ngày 3 giờ" on the lookup, the resident's page and the
  // desk); empty when not paused. paused_overdue: the due had already passed then.
  std::optional<int64_t> paused_remaining_minutes;
  bool paused_overdue = false;
  std::string paused_remaining_vi, paused_remaining_en;
  std::optional<bool> on_time;  // once finished (ready, refused, stopped): end ≤ original due
  std::string next_role;        // role name that acts next; "applicant"; "" when closed
  std::vector<std::string> escalations;  // thresholds raised ("due-soon", "overdue")
};

// An officer who may be assigned a dossier: an active account holding the role of the assigned
// step (normally appraise) in the dossier's unit.
struct AssignableHandler {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
};

// A response stored with an Idempotency-Key.
struct StoredResponse {
  int status = 200;
  std::string body;
};

// The Idempotency-Key of a POST: `render` builds the response from the outcome inside the
// transaction, so the stored response is exactly what the first caller got.
struct Idempotency {
  std::string key;
  std::string request_hash;  // SHA-256 of method, path and body
  std::function<StoredResponse(const DossierView&)> render;
};

struct WriteOutcome {
  DossierView view;
  std::optional<StoredResponse> replay;  // set when the key was seen: send this, nothing changed
  std::optional<StoredResponse> stored;  // set when the response was stored under the key
};

struct SubmitRequest {
  std::string unit;  // commune code ("03721")
  std::string procedure_code;
  dossier::Channel channel = dossier::Channel::kInPerson;
  dossier::Applicant applicant;
  std::optional<dossier::Representative> representative;
  std::vector<dossier::ReceivedComponent> components;
  dossier::ReturnChannel result_delivery = dossier::ReturnChannel::kCounter;
};

struct WorklistQuery {
  // Only dossiers whose next step is one of the caller's roles and, when that step was assigned
  // to a handler, only those assigned to the caller.
  bool mine = true;
  std::optional<int> status;     // national status code
  std::string procedure_code;
  bool due_soon = false;         // due within the warning window (DossierDeps)
  bool overdue = false;
  int limit = 100;
};

struct WorklistItem {
  std::string code;
  std::string unit;
  std::string province;  // the unit's province, as the dossier row stores it
  std::string procedure_code;
  std::string procedure_name;
  int status = 0;
  std::string step;
  std::string next_role;
  std::string handler;  // username of the assigned handler ("" before assignment)
  std::string applicant_name;
  std::string applicant_id_masked;
  std::optional<int64_t> received_ms;
  std::optional<int64_t> due_ms;
  int64_t remaining_minutes = 0;  // working minutes left, or past due when overdue
  bool overdue = false;
  bool due_soon = false;
  bool paused = false;  // the clock stands still: no countdown (remaining_* stay empty)
  std::string remaining_vi, remaining_en;  // "còn 2 ngày 3 giờ" / "2 days 3 hours left"
  int64_t version = 0;
};

// The public view of a dossier: nothing personal beyond a masked name.
struct PublicLookup {
  std::string code;
  std::string procedure_code;
  std::string procedure_name;
  int status = 0;
  std::optional<int64_t> received_ms;
  std::optional<int64_t> due_ms;
  std::optional<int64_t> returned_ms;
  std::string applicant_masked;  // "N. T. Hoà"
  // While the clock is paused: the working time left when the pause began (DossierView).
  bool paused = false;
  std::optional<int64_t> paused_remaining_minutes;
  bool paused_overdue = false;
  std::string paused_remaining_vi, paused_remaining_en;
};

// One row of the dossier log (Mẫu 07).
struct DossierLogRow {
  std::string code, procedure_name, applicant_name, address, phone;
  std::optional<int64_t> received_ms, due_ms, returned_ms;
  std::string returned_by;  // "counter" | "post" | "online" | ""
  int status = 0;
};

// What intake needs from a procedure version: its name and legal time limit on the clock's terms.
struct ProcedureTerms {
  std::string name;
  double amount = 0;
  std::string time_unit = "working_days";
  std::string online_level = "unknown";  // "full" | "partial" | "none" | "unknown" (the catalogue's)
};

// What the counter hands a walk-in it does not receive (DossierService::CounterSlip).
struct CounterSlipRequest {
  std::string unit;
  std::string procedure_code;
  bool refuse = false;             // Mẫu 03 (refusal); else Mẫu 02 (guidance to complete)
  dossier::Applicant applicant;    // at least the name
  std::vector<std::string> items;  // Mẫu 02: what to add or complete (at least one)
  std::string reason;              // Mẫu 03: required; Mẫu 02: optional
};

// The dossiers a calendar change can move (see CalendarChange): those of the units that use
// `profile` — the commune itself, or a province's communes — or of every unit when it is empty;
// for an announced `year` (0: any), only those whose due time computation can reach that year.
struct DueRecomputeScope {
  std::string profile;
  int year = 0;
  int64_t event_seq = 0;  // the calendar event of the change: recomputed once it is in force
};

struct DossierDeps {
  CalendarService* calendar = nullptr;
  ProcedureService* procedures = nullptr;
  UnitService* units = nullptr;
  IdentityService* identity = nullptr;
  AuditService* audit = nullptr;
  OutboxDelivery* outbox = nullptr;  // woken after a commit that enqueued notifications
  SiteService* site = nullptr;       // names on the forms
  FileService* files = nullptr;      // components' scans and results
  std::string lookup_base_url = "http://127.0.0.1:8080";  // public lookup links (QR, e-mails)
  // The warning window of "due soon" (work lists, the due-soon escalation): working days before
  // the due time in force. An apology must go out at least one working day before the due time
  // (domain.md §2.5), so the warning comes one working day before that: default 2. Set by the
  // `due_soon_working_days` option of `serve`.
  int due_soon_working_days = 2;
};

class DossierService {
 public:
  DossierService(Env& env, store::Store& store, DossierDeps deps = {})
      : env_(env), store_(store), deps_(std::move(deps)) {}

  // Sets the outbox woken after commits (before serving; not thread-safe).
  void SetOutbox(OutboxDelivery* outbox) { deps_.outbox = outbox; }

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
  // Returns the dossier if `who` may see it, logging the view of the applicant's data.
  Result<DossierView> Get(const Principal& who, const std::string& code, const AccessContext& ctx);
  // Returns the events of a dossier (checked and logged like Get).
  Result<std::vector<dossier::DossierEvent>> History(const Principal& who, const std::string& code,
                                                     const AccessContext& ctx);
  // Returns the dossiers of the units where `who` may read dossiers, most urgent first.
  Result<std::vector<WorklistItem>> Worklist(const Principal& who, const WorklistQuery& q);
  // Returns the dossiers a resident filed or holds an authorisation for, newest first.
  Result<std::vector<WorklistItem>> MyDossiers(const Principal& who);
  // Returns the public view; NotFound for unknown and malformed codes alike.
  Result<PublicLookup> Lookup(const std::string& code);
  // Returns the dossiers of `unit` received in [from_ms, to_ms), for Mẫu 07.
  Result<std::vector<DossierLogRow>> Log(const Principal& who, const std::string& unit,
                                         int64_t from_ms, int64_t to_ms);
  // Returns a form of the dossier as PDF bytes: "01" receipt, "02" supplementation request,
  // "03" refusal, "04" apology, "05" stop notice, "06" process-control sheet. NotFound when the
  // dossier has not reached the form yet (no refusal, no apology …); the view is logged.
  Result<std::string> FormPdf(const Principal& who, const std::string& code,
                              const std::string& form, const AccessContext& ctx);
  // Returns the dossier log (Mẫu 07) of `unit` for [from_ms, to_ms) as PDF bytes.
  Result<std::string> LogPdf(const Principal& who, const std::string& unit, int64_t from_ms,
                             int64_t to_ms, const AccessContext& ctx);
  // A walk-in the counter does not receive (domain §2.3): guided once, in writing, to complete the
  // papers (Mẫu 02), or refused (Mẫu 03), before any dossier code exists. Needs dossier.receive at
  // the unit. Recorded as "counter.guided" / "counter.refused" on the stream "counter/<unit>" (so
  // nothing handed over is lost and the centre can count them); returns the slip as PDF bytes.
  Result<std::string> CounterSlip(const Principal& who, const CounterSlipRequest& req);
  // Returns a file cited by the dossier (a component's scan, the result) if `who` may see the
  // dossier; the view is logged. NotFound when the dossier does not cite that file.
  Result<std::pair<FileInfo, std::string>> File(const Principal& who, const std::string& code,
                                                const std::string& file_id,
                                                const AccessContext& ctx);
  // Returns the actions `who` could take on the dossier now (names as in ParseAction).
  std::vector<std::string> AllowedActions(const Principal& who, const DossierView& v);
  // Returns the officers the dossier may be assigned to: active accounts holding the role of its
  // workflow's assigned step (Workflow::AssignedStep, normally appraise; the specialist when the
  // workflow has no assign step) over the dossier's unit, by username. The desk's choice list and
  // the check of `assign` both use it.
  Result<std::vector<AssignableHandler>> AssignableHandlers(const dossier::Dossier& d);

  // The workflow a procedure follows at a unit: the one saved for (unit, procedure), else the
  // default scaled to the procedure's time limit.
  Result<dossier::Workflow> WorkflowFor(const std::string& unit, const std::string& procedure_code);
  // Saves the workflow of a procedure at a unit after ValidateWorkflow (field errors on failure).
  Status PutWorkflow(const Principal& who, const std::string& unit,
                     const std::string& procedure_code, const std::string& json_text);

  // Raises the "due soon" (within DossierDeps::due_soon_working_days) and "overdue" escalations
  // that are due, once per dossier and threshold, for every status whose due time runs
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
  // Returns the national status code and version of the dossier `code`; NotFound otherwise.
  Result<std::pair<int, int64_t>> StatusOf(const std::string& code);

  // Returns the derived view of a state (due times from the calendar of its unit).
  DossierView ViewOf(const dossier::Dossier& d);

 private:
  Result<std::shared_ptr<const calendar::WorkCalendar>> CalendarOf(const std::string& unit,
                                                                   const std::string& province);
  Result<ProcedureTerms> TermsOf(const std::string& code, int64_t version);
  // Returns the 2025 unit's name, or its code when the unit is unknown (printed on the forms).
  std::string UnitName(const std::string& unit);
  Result<WriteOutcome> Record(const IntakeRequest& in, const std::string& scope,
                              const Idempotency* idem);
  // OK when `who` may see (act = false) or act on the dossier. `on_behalf_of` is set for an agent;
  // `via_authorisation` to the authorisation's id when access goes through one.
  Status Authorise(const Principal& who, const dossier::Dossier& d, bool act,
                   std::string* on_behalf_of, int64_t* via_authorisation = nullptr);
  // Returns OK when `handler` is one of AssignableHandlers(d); InvalidArgument on the field
  // `handler` listing who can be chosen otherwise.
  Status CheckHandler(const dossier::Dossier& d, const std::string& handler);
  Status Persist(store::Tx& tx, const dossier::Dossier& before, const dossier::Dossier& after,
                 const std::vector<dossier::DossierEvent>& events, const DossierView& view,
                 const std::string& submitted_by, bool* notified,
                 const std::vector<std::string>* bodies = nullptr);

  Env& env_;
  store::Store& store_;
  DossierDeps deps_;
  std::mutex terms_mu_;
  std::map<std::string, ProcedureTerms> terms_;  // GUARDED_BY(terms_mu_); "code#version"
};

// The one rule for personal data in a dossier's views (the JSON view, the desk page and the PDF
// forms Mẫu 01–06 alike): the applicant side (a resident the service let read the dossier: the
// applicant, their representative or an authorised agent) and officers holding person.read over
// the dossier's unit (reception, specialist, unit head) see ID numbers, phones, e-mail and
// addresses in full; everyone else (clerk, signer, centre director, …) sees ID numbers and phones
// masked and no e-mail or address.
// Returns true when `who` sees the personal data of dossier `h` in full.
bool SeesPersonalData(const Principal& who, const dossier::Header& h);
// Returns true when the officer `who` sees in full the personal data of the dossiers of `unit`
// (the dossier log, Mẫu 07).
bool SeesPersonalData(const Principal& who, const authz::UnitRef& unit);
// Returns `h` as `who` may see it: unchanged when SeesPersonalData, else with the applicant's and
// the representative's ID number and phone masked (authz::MaskIdNumber, MaskPhone) and their
// e-mail and address emptied.
dossier::Header HeaderAsSeenBy(const Principal& who, dossier::Header h);

// Returns the command of an API action name ("accept", "request-supplementation", …) with its
// arguments from a JSON object text; InvalidArgument naming the field otherwise. Lives here so the
// web pages and the API read the same names.
Result<dossier::CommandBody> ParseAction(std::string_view action, std::string_view args_json);
// Every action name, in workflow order.
const std::vector<std::string>& ActionNames();

}  // namespace motcua::service

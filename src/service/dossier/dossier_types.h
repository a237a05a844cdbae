// The dossier feature's values: what its use cases take and return (requests, views, work-list
// rows, stored responses) and the collaborators they need (DossierDeps). Plain data, no I/O.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/dossier/dossier.h"

namespace motcua::service {

class CalendarService;
class ProcedureService;
class UnitService;
class IdentityService;
class AuditService;
class SiteService;
class FileService;

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
  std::optional<dossier::PauseKind> paused_for;  // what the clock waits for
  std::optional<bool> on_time;  // once finished (ready, refused, stopped): end ≤ original due,
                                // and not counted late (late_reason)
  // Why the dossier counts as late whatever its times, or "": "supplementation_exception" when
  // the applicant was asked to complete or supplement beyond the one request of Decree 118 Art 11
  // (DossierDeps::supplementation_exception_counts_late).
  std::string late_reason;
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

// What a page of one dossier shows (the desk's and the resident's), read at once: one fold of
// its events and one row in the personal-data access log (DossierQueries::Page).
struct DossierPageData {
  DossierView view;                           // with the escalations raised
  std::vector<dossier::DossierEvent> events;  // its history, oldest first
  std::vector<std::string> allowed_actions;   // DossierAccess::AllowedActions
  std::vector<AssignableHandler> handlers;    // whom it may be assigned to, when "assign" is allowed
};

// A response stored with an Idempotency-Key.
struct StoredResponse {
  int status = 200;
  std::string body;
};

// The Idempotency-Key of a POST: `render` builds the response from the outcome (the dossier's
// view and the actions the caller could take next), so the stored response is exactly what the
// first caller got. It runs inside the write transaction, on the store's writer thread: it must
// be pure (no store reads; everything it needs is in its arguments or captured before).
struct Idempotency {
  std::string key;
  std::string request_hash;  // SHA-256 of method, path and body
  std::function<StoredResponse(const DossierView&, const std::vector<std::string>& allowed_actions)>
      render;
};

struct WriteOutcome {
  DossierView view;
  std::vector<std::string> allowed_actions;  // what the caller could do next (AllowedActions)
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
  // One search box (issue 23, point 9): the code in any spelling (DossierQueries::CanonicalCode),
  // the applicant's name (diacritics folded, every word), the ID number or the phone (spaces,
  // dots, dashes and a +84 prefix ignored). "" = no search.
  std::string text;
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
  std::string late_reason;       // DossierView::late_reason
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

// The services the dossier feature uses, all required: references, bound once at start.
struct DossierDeps {
  CalendarService& calendar;
  ProcedureService& procedures;
  UnitService& units;
  IdentityService& identity;
  AuditService& audit;
  SiteService& site;    // names on the forms
  FileService& files;   // components' scans and results
  std::string lookup_base_url = "http://127.0.0.1:8080";  // public lookup links (QR, e-mails)
  // A dossier asked to complete or supplement more than once (a recorded exception beyond the one
  // request of Decree 118 Art 11) counts as late: on_time is false once it is finished, and the
  // views say why. The national portal scores it so (Decision 766 configuration, domain.md §2.5
  // [C S24]); whether the law itself makes it late is not settled, hence the setting. Default on.
  bool supplementation_exception_counts_late = true;
  // The warning window of "due soon" (work lists, the due-soon escalation): working days before
  // the due time in force. An apology must go out at least one working day before the due time
  // (domain.md §2.5), so the warning comes one working day before that: default 2. Set by the
  // `due_soon_working_days` option of `serve`.
  int due_soon_working_days = 2;
};

// Returns DossierView::late_reason for a dossier with `supplementation_exceptions` recorded
// exceptions, under DossierDeps::supplementation_exception_counts_late.
inline std::string LateReasonOf(bool exceptions_count_late, int supplementation_exceptions) {
  return exceptions_count_late && supplementation_exceptions > 0 ? "supplementation_exception"
                                                                 : "";
}

}  // namespace motcua::service

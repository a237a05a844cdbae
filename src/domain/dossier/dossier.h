// The dossier (hồ sơ) state machine: state, commands, events, and the pure functions
//   Decide(state, command, now) -> events or a typed error
//   Apply(state, event)         -> the next state
// The service loads a dossier, calls Decide, appends the events in one store transaction and folds
// them with Apply into the projection. Nothing here reads a clock or does I/O; `now` is an input,
// and facts the working-time clock derives (such as "less than one working day before due") are
// passed in with the command. All functions are pure and thread-safe.
//
// Status is the national DVCQG code (domain.md §2.2). Under 4 (processing) the dossier moves
// through the internal steps of its procedure's Workflow (assign → appraise → review → sign →
// number); `step` holds the last one done.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "domain/authz/roles.h"
#include "domain/dossier/workflow.h"

namespace motcua::dossier {

using Instant = int64_t;  // UTC milliseconds since the Unix epoch

// National status codes (TrangThaiHoSo); the numeric values are the codes.
enum class NationalStatus : int {
  kSubmittedOnline = 1,           // Mới đăng ký
  kAccepted = 2,                  // Được tiếp nhận
  kRefused = 3,                   // Không được tiếp nhận
  kProcessing = 4,                // Đang xử lý
  kSupplementationRequested = 5,  // Yêu cầu bổ sung giấy tờ
  kAwaitingPayment = 6,           // Yêu cầu thực hiện nghĩa vụ tài chính
  kWithdrawalRequested = 7,       // Công dân yêu cầu rút hồ sơ
  kStopped = 8,                   // Dừng xử lý
  kResultReady = 9,               // Đã xử lý xong
  kResultDelivered = 10,          // Đã trả kết quả
};

// Returns "submitted online", "accepted", … (used in error messages and logs).
std::string_view StatusName(NationalStatus s);
// Returns "Mới đăng ký", "Được tiếp nhận", … (the national wording).
std::string_view StatusNameVi(NationalStatus s);
// Returns true for the statuses of a dossier that was accepted and is not finished, so that its due
// time still follows the calendar: the clock runs (accepted, processing, withdrawal requested) or
// is paused (supplementation, payment wait). Status 1 has no due time yet; 3, 8, 9 and 10 are
// finished and keep the due time they had (domain.md §2.2).
bool DueIsLive(NationalStatus s);
// The national codes for which DueIsLive holds, ascending (for SQL `status IN (…)`).
const std::vector<int>& LiveDueStatusCodes();

enum class Channel { kInPerson = 1, kOnline = 2, kPost = 3 };  // KenhThucHien
enum class ReturnChannel { kCounter, kPost, kOnline };
enum class PauseKind { kSupplementation, kPayment };

// A stretch of time the dossier's clock does not run (the applicant's supplementation time, the
// wait for payment). `end` is empty while the pause is open.
struct Pause {
  PauseKind kind = PauseKind::kSupplementation;
  Instant start = 0;
  std::optional<Instant> end;
  bool operator==(const Pause&) const = default;
};

enum class ApplicantKind { kPerson, kOrganisation };

struct Applicant {
  ApplicantKind kind = ApplicantKind::kPerson;
  std::string full_name;  // "Nguyễn Thị Hoà", or the organisation's name
  std::string id_number;  // số định danh cá nhân (12 digits) or the organisation's tax/enterprise code
  std::string phone;
  std::string email;
  std::string address;
  bool operator==(const Applicant&) const = default;
};

// The person who files for the applicant under an authorisation (người được ủy quyền), Mẫu 01.
struct Representative {
  std::string full_name;
  std::string id_number;
  std::string phone;
  std::string email;
  std::string address;
  std::string document_ref;  // the authorisation document ("Giấy ủy quyền số 12/2026")
  bool operator==(const Representative&) const = default;
};

// One component received (thành phần hồ sơ): an original (bản chính), a certified copy (bản sao
// có chứng thực) or a plain copy (bản sao), and its digitised file when one was scanned or uploaded.
struct ReceivedComponent {
  std::string name;
  bool original = false;
  int count = 1;
  std::string file;        // stored file id ("" when paper only)
  bool certified = false;  // a certified copy; meaningful only when !original
  bool operator==(const ReceivedComponent&) const = default;
};

// What a dossier is at intake; fixed for its life.
struct Header {
  std::string id;  // the dossier code (domain.md §5.1)
  std::string province;
  std::string unit;  // commune code
  Channel channel = Channel::kInPerson;
  Applicant applicant;
  std::optional<Representative> representative;
  std::vector<ReceivedComponent> components;
  std::string procedure_name;  // as in the pinned procedure version
  // The legal time limit: `workflow.total_days` counted in `time_unit` ("working_days",
  // "working_hours", "calendar_days", "same_day"; calendar::ParseTimeUnit).
  std::string time_unit = "working_days";
  ReturnChannel result_delivery = ReturnChannel::kCounter;  // where the applicant collects it
  Workflow workflow;  // the procedure's workflow, copied at intake (code and version inside)
  bool operator==(const Header&) const = default;
};

// Who acts. `role` is empty for the applicant (a resident acting on their own dossier).
// `on_behalf_of` names the person an agent acts for under an authorisation record (ủy quyền):
// "id:<ID number>"; empty when acting for oneself or as an officer. `username` is the officer's
// account name ("demo.specialist"), matched against the handler a dossier is assigned to.
struct Actor {
  std::string id;  // "user:12", "resident:…"
  std::optional<authz::Role> role;
  std::string on_behalf_of;
  std::string username;  // officers only; "" for residents
  // The actor's full name as it stands when they act ("Lò Văn Đức"; the resident's name for the
  // applicant), copied onto the events so that a form printed later shows the name they had then.
  std::string name;
};

// ---- Commands -------------------------------------------------------------------------------
struct SubmitOnline {
  Header header;
};
struct AcceptAtCounter {
  Header header;
};
struct AcceptOnline {};
// Refusal (Mẫu 03): at reception (status 1) or by the competent body after appraisal.
struct Refuse {
  std::string reason;
};
// Online dossier not yet accepted: the reception officer sends it back to be completed. It is a
// request to complete or amend, so it counts against the one request Decree 118 Art 11 allows
// (Workflow::max_supplementations), as a request during processing does; a further one needs
// `exception` with a reason.
struct SendBackForCompletion {
  std::vector<std::string> missing;
  std::string reason;
  bool exception = false;
  std::string exception_reason;
};
// The applicant completes an online dossier sent back, or supplements during processing, with
// the components sent (their digitised files); they join the dossier's components.
struct Resubmit {
  std::vector<ReceivedComponent> components;
};
// Supplementation during processing (Mẫu 02). Every request to complete or supplement — this one
// and a send-back before acceptance — counts against Workflow::max_supplementations (Decree 118
// Art 11: once); beyond it a request needs `exception` with its reason, and `exception` is
// refused while the normal request is still available (the two are different actions).
struct RequestSupplementation {
  std::vector<std::string> missing;
  std::string reason;
  bool exception = false;
  std::string exception_reason;
};
struct Supplement {
  std::vector<ReceivedComponent> components;
};
struct RequestPayment {
  int64_t amount_vnd = 0;
  std::string reason;
};
struct Paid {};
// Assigns (or, before they act, reassigns) the handler who alone does the assigned step
// (Workflow::AssignedStep, normally appraise). `handler` is the officer's username; the service
// checks that it names an active account holding that step's role in the dossier's unit.
struct Assign {
  std::string handler;
};
struct Appraise {
  std::string opinion;
};
struct Review {
  std::string opinion;
};
struct Sign {};
struct Number {
  std::string document_number;  // "12/QĐ-UBND"
  std::string result_file;      // the digitised result (a stored file id), when there is one
};
// Apology and new date (Mẫu 04). The domain holds no calendar, so the service derives the facts
// below from the unit's working calendar and passes them in:
//   `late`: the apology is issued less than one working day before the due time in force;
//   `due_in_force`: the due time the applicant holds now (the legal due, shifted by the pauses so
//     far; a pause still open counts as ending now). The new date must be later than it: an
//     apology asks for more time (2025 title "…đề nghị gia hạn thời gian giải quyết", domain.md
//     §2.5, §3.2) and never shortens the deadline. Empty when no due can be computed (no calendar).
//   `in_working_time`: the new date falls inside office hours on a working day. A due date never
//     falls outside working time (domain.md §4, [S]); we REFUSE such a date rather than snap it,
//     because the date is printed on Mẫu 04 and signed by the head of the agency: moving it
//     silently would promise the applicant a date nobody signed. `next_working` is the first
//     working instant after it, offered in the message.
// An apology's refused new date names its reason on the field "new_due" (FieldError::reason):
// "in_past", "not_after_due" (args: "due", the due date in force in Vietnam time) or
// "outside_working_time" (args: "next", the next working time, when there is one).
struct Apologise {
  std::string reason;
  Instant new_due = 0;
  bool late = false;
  std::optional<Instant> due_in_force;
  bool in_working_time = true;
  std::optional<Instant> next_working;
};
struct RequestWithdrawal {
  std::string reason;
};
// The ground a stop notice (Mẫu 05) states (Decree 118 Art 21, domain.md §2.7): the applicant's
// request (made online, in person or by post), or another ground the officer enters in `reason`
// (processing cannot continue).
enum class StopGround { kApplicantRequest, kOther };
// Returns "applicant_request" / "other".
std::string_view StopGroundName(StopGround g);
// Returns the ground named by StopGroundName; nullopt for any other text.
std::optional<StopGround> ParseStopGround(std::string_view name);

// Stop (Mẫu 05): after a withdrawal request, or when processing cannot continue. Without a
// `ground`, a dossier whose applicant asked to withdraw (status 7) stops at their request and any
// other on another ground. The other ground always needs `reason`; so does the applicant's request
// recorded by the officer without a withdrawal request in the system (what the applicant said).
struct Stop {
  std::string reason;
  std::optional<StopGround> ground;
};
struct MarkResultReady {};
struct ReturnResult {
  ReturnChannel channel = ReturnChannel::kCounter;
};
// The applicant's rating of the service once the result is delivered (1 = very dissatisfied …
// 5 = very satisfied), once per dossier; it feeds the satisfaction part of the Decision 766 index.
struct Rate {
  int score = 0;
  std::string comment;
};

using CommandBody =
    std::variant<SubmitOnline, AcceptAtCounter, AcceptOnline, Refuse, SendBackForCompletion,
                 Resubmit, RequestSupplementation, Supplement, RequestPayment, Paid, Assign,
                 Appraise, Review, Sign, Number, Apologise, RequestWithdrawal, Stop,
                 MarkResultReady, ReturnResult, Rate>;

struct Command {
  Actor actor;
  CommandBody body;
};

// ---- Events ---------------------------------------------------------------------------------
enum class EventType {
  kSubmittedOnline,
  kAccepted,
  kRefused,
  kSentBackForCompletion,
  kResubmitted,
  kSupplementationRequested,
  kSupplemented,
  kPaymentRequested,
  kPaid,
  kStepDone,
  kApologised,
  kWithdrawalRequested,
  kStopped,
  kResultReady,
  kResultReturned,
  kRated,  // keep last: the codec walks the types up to it
};
// Returns "dossier.accepted", … (the event type stored in the chain).
std::string_view EventTypeName(EventType t);

struct DossierEvent {
  EventType type = EventType::kAccepted;
  Instant at = 0;
  std::string actor;
  std::string role;                      // the actor's role name ("" for the applicant)
  std::string on_behalf_of;              // Actor::on_behalf_of
  std::optional<Header> header;          // kSubmittedOnline, kAccepted at the counter
  std::optional<StepKind> step;          // kStepDone
  std::string reason;                    // refusal, supplementation, apology, stop …
  std::vector<std::string> items;        // missing components
  std::string detail;                    // handler username (assign), opinion, document number
  bool exception = false;                // a second supplementation allowed as an exception
  bool late = false;                     // apology less than one working day before due
  std::optional<Instant> new_due;        // kApologised
  int64_t amount_vnd = 0;                // kPaymentRequested
  std::optional<ReturnChannel> channel;  // kResultReturned
  std::string file;                      // kStepDone (number): the result file
  int score = 0;                         // kRated
  std::vector<ReceivedComponent> components;  // kResubmitted, kSupplemented: what was sent
  std::string actor_name;                // Actor::name at the time ("" in events before it)
  std::optional<StopGround> ground;      // kStopped ("" in events before it: see StopGroundOf)
  // Filled by the service inside the transaction that records the event, for the forms:
  std::string form_number;  // the issued document's number "07/PTN-TTPVHCC" (Mẫu 01–05)
  int64_t log_serial = 0;   // kAccepted: the serial in the unit's dossier log of the year (Mẫu 07)
  // kAccepted: the due time printed on the receipt (Mẫu 01), filled by the service;
  // kApologised: the due in force it replaced (Apologise::due_in_force), printed on Mẫu 04.
  std::optional<Instant> appointment;
  std::string signer_name;   // kApologised, kRefused after appraisal: the head of the agency
  std::string signer_title;  // … and their title ("Chủ tịch UBND xã")
  bool operator==(const DossierEvent&) const = default;
};

// ---- State ----------------------------------------------------------------------------------
struct Dossier {
  bool exists = false;  // false before the first event
  Header header;
  NationalStatus status = NationalStatus::kSubmittedOnline;
  std::optional<StepKind> step;  // the last internal step done under processing
  int64_t version = 0;           // number of events applied (optimistic concurrency)
  std::optional<Instant> submitted_at;
  std::optional<Instant> accepted_at;  // the clock starts here
  std::optional<Instant> new_due;      // set by the one allowed apology
  std::optional<Instant> apologised_at;
  bool awaiting_completion = false;    // online dossier sent back, not yet resubmitted
  // Requests to complete or supplement: send-backs before acceptance and requests during
  // processing alike (Decree 118 Art 11 allows one).
  int supplementation_requests = 0;
  int supplementation_exceptions = 0;  // requests beyond the limit, recorded as exceptions
  int apologies = 0;
  std::vector<Pause> pauses;
  std::string handler;  // username of the assigned handler ("" before assignment)
  std::optional<NationalStatus> status_before_withdrawal;
  std::optional<Instant> finished_at;  // result ready
  std::optional<Instant> delivered_at;
  std::optional<ReturnChannel> returned_by;
  std::string result_file;
  int rating = 0;  // 0 = not rated
  bool operator==(const Dossier&) const = default;
};

// Returns the events recording `cmd` on `state`, or:
//   FailedPrecondition naming the current status when the action is not allowed now;
//   PermissionDenied when the actor's role cannot do it (naming the role needed);
//   InvalidArgument when the command itself is incomplete (an empty reason, a past new date).
Result<std::vector<DossierEvent>> Decide(const Dossier& state, const Command& cmd, Instant now);

// Returns the username who alone may do the dossier's next step: the assigned handler while the
// dossier waits for the assigned step (Workflow::AssignedStep); "" otherwise, when anyone holding
// the step's role may act (no assign step in the workflow, or the assigned step is done).
std::string NextAssignee(const Dossier& d);

// Returns the ground of a kStopped event: its own, or for events recorded before grounds were kept,
// the applicant's request when the dossier was stopped after a withdrawal request (status 7).
StopGround StopGroundOf(const DossierEvent& stopped, const Dossier& before);

// Returns `state` with `event` folded in. Events are trusted (they came from Decide).
Dossier Apply(Dossier state, const DossierEvent& event);

// Folds `events` over an empty dossier.
Dossier Replay(const std::vector<DossierEvent>& events);

// Escalation thresholds; each fires at most once per dossier, keyed by EscalationKey.
// kDueSoon: the due time is within the warning window (DossierDeps::due_soon_working_days,
// default two working days), early enough to send an apology at least one working day before it.
enum class Threshold { kDueSoon, kOverdue };
// Returns the unique key "<dossier id>/due-soon" or "<dossier id>/overdue".
std::string EscalationKey(std::string_view dossier_id, Threshold t);

}  // namespace motcua::dossier

// The dossier state machine of the one-stop process (domain.md §2): national status codes
// (TrangThaiHoSo 1–10) with the internal processing steps under status 4, the once-only rules
// (one supplementation request, one apology), and the pauses that stop the clock. Pure: Decide()
// turns a command on a state into the events to record, or a typed error; Apply() folds an event
// into the state. No clock, no I/O — `now` is an input. Thread-compatible value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/authz/roles.h"

namespace motcua::dossier {

// National status codes (DVCQG TrangThaiHoSo).
enum class State {
  kSubmittedOnline = 1,
  kAccepted = 2,
  kRefused = 3,
  kProcessing = 4,
  kSupplementRequested = 5,
  kAwaitingPayment = 6,
  kWithdrawalRequested = 7,
  kStopped = 8,
  kResultReady = 9,
  kDelivered = 10,
};

// Internal steps while processing (status 4); each maps onto status 4 for the national portal.
enum class Step { kNone, kAssigned, kAppraised, kReviewed, kSigned, kNumbered };

enum class Channel { kCounter = 1, kOnline = 2, kPost = 3 };
enum class ReturnChannel { kCounter, kPost, kOnline };

enum class CommandType {
  kSubmitOnline,        // resident, online (→ 1)
  kReceiveAtCounter,    // reception accepts at once (→ 2, then processing)
  kAcceptOnline,        // reception accepts an online dossier (1 → 2)
  kSendBack,            // reception returns an online dossier for completion (stays 1)
  kResubmit,            // applicant completes a returned online dossier
  kRefuse,              // refusal with reasons (Mẫu 03): at reception (1) or after appraisal (4)
  kAssign,              // hand to a specialist (2 → 4 assigned)
  kAppraise,            // specialist's appraisal done (assigned → appraised)
  kReview,              // unit head reviewed the draft (appraised → reviewed)
  kSign,                // signer signs the result (reviewed → signed)
  kNumber,              // clerk numbers and issues it (signed → numbered)
  kMarkReady,           // result ready for return (numbered → 9)
  kReturn,              // result returned (9 → 10)
  kRequestSupplement,   // Mẫu 02: once per dossier (4 → 5); pauses the clock
  kSupplement,          // applicant supplements (5 → 4); the clock runs again
  kRequestPayment,      // waiting for fees (4 → 6); pauses the clock when configured
  kPaid,                // fees paid (6 → 4)
  kApologise,           // Mẫu 04: once per dossier, with a new date
  kRequestWithdrawal,   // applicant asks to withdraw before a result is issued (→ 7)
  kStop,                // Mẫu 05: stop notice (7 → 8)
};

struct Actor {
  std::string id;                        // "user:12", "resident:7"
  std::optional<authz::Role> role;       // empty for a resident or their agent
  std::string on_behalf_of;              // ID number when acting for someone (ủy quyền)
};

struct Command {
  CommandType type;
  Actor actor;
  std::string reason;                     // refusal, supplementation, apology, stop, send back
  std::vector<std::string> items;         // missing components (supplementation, send back)
  std::optional<int64_t> new_due_ms;      // apology: the new appointment
  bool exception = false;                 // a second supplementation request, as a recorded exception
  bool apology_less_than_a_day_ahead = false;  // from the clock: flags a late apology
  std::optional<ReturnChannel> return_channel;
  std::string result_number;              // the clerk's number (số, ký hiệu)
  bool payment_pauses_clock = true;       // per-procedure setting (domain.md §4)
};

struct Event {
  std::string type;   // "dossier.accepted", "dossier.supplement_requested" …
  int64_t at_ms = 0;
  Actor actor;
  State state_after = State::kSubmittedOnline;
  Step step_after = Step::kNone;
  std::string reason;
  std::vector<std::string> items;
  std::optional<int64_t> new_due_ms;
  bool exception = false;
  bool flagged = false;  // e.g. an apology less than one working day before the due time
  std::optional<ReturnChannel> return_channel;
  std::string result_number;
  bool pause_starts = false;
  bool pause_ends = false;
};

struct Pause {
  int64_t from_ms = 0;
  std::optional<int64_t> to_ms;
  std::string why;  // "supplementation", "payment"
};

struct Dossier {
  bool exists = false;
  Channel channel = Channel::kCounter;
  State state = State::kSubmittedOnline;
  Step step = Step::kNone;
  int64_t version = 0;             // events applied; the ETag for optimistic concurrency
  std::optional<int64_t> accepted_ms;  // the clock starts here (domain.md §4)
  bool returned_for_completion = false;
  int supplement_requests = 0;
  int supplement_exceptions = 0;   // counted against the unit
  bool apologised = false;
  std::optional<int64_t> apology_new_due_ms;
  std::vector<Pause> pauses;
  std::string result_number;
  std::optional<State> state_before_withdrawal;
};

// Returns the wire name of a status ("accepted") and of a command ("accept-online").
std::string_view StateName(State s);
std::string_view StepName(Step s);
std::optional<CommandType> ParseCommand(std::string_view name);
std::string_view CommandName(CommandType c);

// Returns the events `cmd` produces on `d` at `now_ms`. FailedPrecondition (naming the current
// state) for an action the state does not allow or a once-only rule; PermissionDenied when the
// actor's role may not do it; InvalidArgument (field named) for a missing reason or items.
Result<std::vector<Event>> Decide(const Dossier& d, const Command& cmd, int64_t now_ms);
// Folds one event into the state.
void Apply(Dossier& d, const Event& e);

}  // namespace motcua::dossier

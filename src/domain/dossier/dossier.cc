#include "domain/dossier/dossier.h"

#include <algorithm>
#include <initializer_list>

namespace motcua::dossier {

using authz::Role;

namespace {

struct CommandInfo {
  CommandType type;
  const char* name;
  const char* event;
};

constexpr CommandInfo kCommands[] = {
    {CommandType::kSubmitOnline, "submit-online", "dossier.submitted"},
    {CommandType::kReceiveAtCounter, "receive-at-counter", "dossier.received"},
    {CommandType::kAcceptOnline, "accept-online", "dossier.accepted"},
    {CommandType::kSendBack, "send-back", "dossier.sent_back"},
    {CommandType::kResubmit, "resubmit", "dossier.resubmitted"},
    {CommandType::kRefuse, "refuse", "dossier.refused"},
    {CommandType::kAssign, "assign", "dossier.assigned"},
    {CommandType::kAppraise, "appraise", "dossier.appraised"},
    {CommandType::kReview, "review", "dossier.reviewed"},
    {CommandType::kSign, "sign", "dossier.signed"},
    {CommandType::kNumber, "number", "dossier.numbered"},
    {CommandType::kMarkReady, "mark-ready", "dossier.result_ready"},
    {CommandType::kReturn, "return", "dossier.returned"},
    {CommandType::kRequestSupplement, "request-supplement", "dossier.supplement_requested"},
    {CommandType::kSupplement, "supplement", "dossier.supplemented"},
    {CommandType::kRequestPayment, "request-payment", "dossier.payment_requested"},
    {CommandType::kPaid, "paid", "dossier.paid"},
    {CommandType::kApologise, "apologise", "dossier.apologised"},
    {CommandType::kRequestWithdrawal, "request-withdrawal", "dossier.withdrawal_requested"},
    {CommandType::kStop, "stop", "dossier.stopped"},
};

const CommandInfo& Info(CommandType t) {
  for (const auto& c : kCommands)
    if (c.type == t) return c;
  return kCommands[0];
}

bool Is(const Actor& a, std::initializer_list<Role> roles) {
  return a.role && std::find(roles.begin(), roles.end(), *a.role) != roles.end();
}
// The applicant, their agent, or a community-group member helping them.
bool IsApplicantSide(const Actor& a) { return !a.role || *a.role == Role::kCommunityMember; }

Status WrongState(const Dossier& d, CommandType t) {
  std::string where = std::string(StateName(d.state));
  if (d.state == State::kProcessing) where += " (" + std::string(StepName(d.step)) + ")";
  return Status::FailedPrecondition("cannot " + std::string(Info(t).name) +
                                    ": the dossier is " + where);
}

Status WrongRole(CommandType t) {
  return Status::PermissionDenied(std::string("your role may not ") + Info(t).name +
                                  " this dossier");
}

}  // namespace

std::string_view StateName(State s) {
  switch (s) {
    case State::kSubmittedOnline: return "submitted";
    case State::kAccepted: return "accepted";
    case State::kRefused: return "refused";
    case State::kProcessing: return "processing";
    case State::kSupplementRequested: return "supplementation_requested";
    case State::kAwaitingPayment: return "awaiting_payment";
    case State::kWithdrawalRequested: return "withdrawal_requested";
    case State::kStopped: return "stopped";
    case State::kResultReady: return "result_ready";
    case State::kDelivered: return "delivered";
  }
  return "unknown";
}

std::string_view StepName(Step s) {
  switch (s) {
    case Step::kNone: return "none";
    case Step::kAssigned: return "assigned";
    case Step::kAppraised: return "appraised";
    case Step::kReviewed: return "reviewed";
    case Step::kSigned: return "signed";
    case Step::kNumbered: return "numbered";
  }
  return "unknown";
}

std::optional<CommandType> ParseCommand(std::string_view name) {
  for (const auto& c : kCommands)
    if (name == c.name) return c.type;
  return std::nullopt;
}

std::string_view CommandName(CommandType c) { return Info(c).name; }

Result<std::vector<Event>> Decide(const Dossier& d, const Command& cmd, int64_t now_ms) {
  const CommandType t = cmd.type;
  const Actor& a = cmd.actor;
  Event e;
  e.type = Info(t).event;
  e.at_ms = now_ms;
  e.actor = a;
  e.state_after = d.state;
  e.step_after = d.step;
  e.reason = cmd.reason;
  e.items = cmd.items;

  auto need_reason = [&]() -> Status {
    if (cmd.reason.empty())
      return Status::InvalidArgument("a reason is required", {{"reason", "required"}});
    return Status::Ok();
  };
  auto need_items = [&]() -> Status {
    if (cmd.items.empty())
      return Status::InvalidArgument("list the missing or incorrect components",
                                     {{"items", "at least one"}});
    return Status::Ok();
  };
  const bool creating = t == CommandType::kSubmitOnline || t == CommandType::kReceiveAtCounter;
  if (creating == d.exists) {
    if (d.exists) return WrongState(d, t);
    return Status::NotFound("no such dossier");
  }
  const bool processing = d.state == State::kProcessing;

  switch (t) {
    case CommandType::kSubmitOnline:
      if (!IsApplicantSide(a)) return WrongRole(t);
      e.state_after = State::kSubmittedOnline;
      break;
    case CommandType::kReceiveAtCounter:
      if (!Is(a, {Role::kReception})) return WrongRole(t);
      e.state_after = State::kAccepted;
      break;
    case CommandType::kAcceptOnline:
      if (d.state != State::kSubmittedOnline || d.returned_for_completion) return WrongState(d, t);
      if (!Is(a, {Role::kReception})) return WrongRole(t);
      e.state_after = State::kAccepted;
      break;
    case CommandType::kSendBack:
      if (d.state != State::kSubmittedOnline || d.returned_for_completion) return WrongState(d, t);
      if (!Is(a, {Role::kReception})) return WrongRole(t);
      MOTCUA_RETURN_IF_ERROR(need_items());
      MOTCUA_RETURN_IF_ERROR(need_reason());
      break;
    case CommandType::kResubmit:
      if (d.state != State::kSubmittedOnline || !d.returned_for_completion) return WrongState(d, t);
      if (!IsApplicantSide(a)) return WrongRole(t);
      break;
    case CommandType::kRefuse:
      // At reception (Mẫu 03 on an online dossier), or after appraisal finds it ineligible.
      if (d.state == State::kSubmittedOnline) {
        if (!Is(a, {Role::kReception})) return WrongRole(t);
      } else if (processing && d.step == Step::kAppraised) {
        if (!Is(a, {Role::kSpecialist, Role::kUnitHead})) return WrongRole(t);
      } else {
        return WrongState(d, t);
      }
      MOTCUA_RETURN_IF_ERROR(need_reason());
      e.state_after = State::kRefused;
      break;
    case CommandType::kAssign:
      if (d.state != State::kAccepted) return WrongState(d, t);
      if (!Is(a, {Role::kReception, Role::kUnitHead})) return WrongRole(t);
      e.state_after = State::kProcessing;
      e.step_after = Step::kAssigned;
      break;
    case CommandType::kAppraise:
      if (!processing || d.step != Step::kAssigned) return WrongState(d, t);
      if (!Is(a, {Role::kSpecialist})) return WrongRole(t);
      e.step_after = Step::kAppraised;
      break;
    case CommandType::kReview:
      if (!processing || d.step != Step::kAppraised) return WrongState(d, t);
      if (!Is(a, {Role::kUnitHead})) return WrongRole(t);
      e.step_after = Step::kReviewed;
      break;
    case CommandType::kSign:
      if (!processing || d.step != Step::kReviewed) return WrongState(d, t);
      if (!Is(a, {Role::kSigner})) return WrongRole(t);
      e.step_after = Step::kSigned;
      break;
    case CommandType::kNumber:
      if (!processing || d.step != Step::kSigned) return WrongState(d, t);
      if (!Is(a, {Role::kClerk})) return WrongRole(t);
      if (cmd.result_number.empty())
        return Status::InvalidArgument("the result's number is required",
                                       {{"result_number", "required"}});
      e.step_after = Step::kNumbered;
      e.result_number = cmd.result_number;
      break;
    case CommandType::kMarkReady:
      if (!processing || d.step != Step::kNumbered) return WrongState(d, t);
      if (!Is(a, {Role::kClerk, Role::kReception})) return WrongRole(t);
      e.state_after = State::kResultReady;
      break;
    case CommandType::kReturn:
      if (d.state != State::kResultReady) return WrongState(d, t);
      if (!Is(a, {Role::kReception})) return WrongRole(t);
      if (!cmd.return_channel)
        return Status::InvalidArgument("say how the result was returned",
                                       {{"channel", "counter, post or online"}});
      e.return_channel = cmd.return_channel;
      e.state_after = State::kDelivered;
      break;
    case CommandType::kRequestSupplement:
      // During processing, before the result is signed (Decree 61/2018 Art. 19; domain.md §2.5).
      if (!processing || (d.step != Step::kAssigned && d.step != Step::kAppraised))
        return WrongState(d, t);
      if (!Is(a, {Role::kSpecialist, Role::kReception})) return WrongRole(t);
      MOTCUA_RETURN_IF_ERROR(need_items());
      MOTCUA_RETURN_IF_ERROR(need_reason());
      if (d.supplement_requests >= 1 && !cmd.exception)
        return Status::FailedPrecondition(
            "supplementation was already requested once for this dossier; a second request is "
            "possible only as a recorded exception, which counts against the unit");
      e.exception = d.supplement_requests >= 1;
      e.state_after = State::kSupplementRequested;
      e.pause_starts = true;
      break;
    case CommandType::kSupplement:
      if (d.state != State::kSupplementRequested) return WrongState(d, t);
      if (!IsApplicantSide(a) && !Is(a, {Role::kReception})) return WrongRole(t);
      e.state_after = State::kProcessing;
      e.pause_ends = true;
      break;
    case CommandType::kRequestPayment:
      if (!processing) return WrongState(d, t);
      if (!Is(a, {Role::kSpecialist, Role::kReception})) return WrongRole(t);
      e.state_after = State::kAwaitingPayment;
      e.pause_starts = cmd.payment_pauses_clock;
      break;
    case CommandType::kPaid:
      if (d.state != State::kAwaitingPayment) return WrongState(d, t);
      if (!Is(a, {Role::kReception})) return WrongRole(t);
      e.state_after = State::kProcessing;
      e.pause_ends = !d.pauses.empty() && !d.pauses.back().to_ms;
      break;
    case CommandType::kApologise:
      if (d.state != State::kAccepted && d.state != State::kProcessing &&
          d.state != State::kSupplementRequested && d.state != State::kAwaitingPayment)
        return WrongState(d, t);
      if (!Is(a, {Role::kUnitHead, Role::kSigner, Role::kCentreDirector})) return WrongRole(t);
      if (d.apologised)
        return Status::FailedPrecondition("an apology with a new date was already sent for this "
                                          "dossier; it may be sent only once");
      MOTCUA_RETURN_IF_ERROR(need_reason());
      if (!cmd.new_due_ms || *cmd.new_due_ms <= now_ms)
        return Status::InvalidArgument("the new date must be in the future",
                                       {{"new_due", "a future date-time"}});
      e.new_due_ms = cmd.new_due_ms;
      e.flagged = cmd.apology_less_than_a_day_ahead;
      break;
    case CommandType::kRequestWithdrawal:
      // Before a result is issued (numbered): Decree 118/2025 Art. 21.
      if (d.state == State::kRefused || d.state == State::kStopped ||
          d.state == State::kResultReady || d.state == State::kDelivered ||
          d.state == State::kWithdrawalRequested || (processing && d.step == Step::kNumbered))
        return WrongState(d, t);
      if (!IsApplicantSide(a) && !Is(a, {Role::kReception})) return WrongRole(t);
      e.state_after = State::kWithdrawalRequested;
      break;
    case CommandType::kStop:
      if (d.state != State::kWithdrawalRequested) return WrongState(d, t);
      if (!Is(a, {Role::kReception, Role::kUnitHead})) return WrongRole(t);
      e.state_after = State::kStopped;
      e.pause_ends = !d.pauses.empty() && !d.pauses.back().to_ms;
      break;
  }
  return std::vector<Event>{e};
}

void Apply(Dossier& d, const Event& e) {
  if (!d.exists) {
    d.exists = true;
    d.channel = e.type == "dossier.submitted" ? Channel::kOnline : Channel::kCounter;
  }
  if (e.type == "dossier.sent_back") d.returned_for_completion = true;
  if (e.type == "dossier.resubmitted") d.returned_for_completion = false;
  if (e.state_after == State::kAccepted && d.state != State::kAccepted) d.accepted_ms = e.at_ms;
  if (e.type == "dossier.withdrawal_requested") d.state_before_withdrawal = d.state;
  if (e.type == "dossier.supplement_requested") {
    ++d.supplement_requests;
    if (e.exception) ++d.supplement_exceptions;
  }
  if (e.type == "dossier.apologised") {
    d.apologised = true;
    d.apology_new_due_ms = e.new_due_ms;
  }
  if (e.type == "dossier.numbered") d.result_number = e.result_number;
  if (e.pause_ends && !d.pauses.empty() && !d.pauses.back().to_ms) d.pauses.back().to_ms = e.at_ms;
  if (e.pause_starts)
    d.pauses.push_back({e.at_ms, std::nullopt,
                        e.state_after == State::kAwaitingPayment ? "payment" : "supplementation"});
  d.state = e.state_after;
  d.step = e.step_after;
  ++d.version;
}

}  // namespace motcua::dossier

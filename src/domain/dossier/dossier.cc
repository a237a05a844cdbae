#include "domain/dossier/dossier.h"

#include <initializer_list>
#include <string>
#include <type_traits>

#include <fmt/format.h>

#include "base/civil_time.h"

namespace motcua::dossier {

std::string_view StatusName(NationalStatus s) {
  switch (s) {
    case NationalStatus::kSubmittedOnline:
      return "submitted online";
    case NationalStatus::kAccepted:
      return "accepted";
    case NationalStatus::kRefused:
      return "refused";
    case NationalStatus::kProcessing:
      return "processing";
    case NationalStatus::kSupplementationRequested:
      return "supplementation requested";
    case NationalStatus::kAwaitingPayment:
      return "waiting for payment";
    case NationalStatus::kWithdrawalRequested:
      return "withdrawal requested";
    case NationalStatus::kStopped:
      return "stopped";
    case NationalStatus::kResultReady:
      return "result ready";
    case NationalStatus::kResultDelivered:
      return "result delivered";
  }
  return "unknown";
}

std::string_view StatusNameVi(NationalStatus s) {
  switch (s) {
    case NationalStatus::kSubmittedOnline:
      return "Mới đăng ký";
    case NationalStatus::kAccepted:
      return "Được tiếp nhận";
    case NationalStatus::kRefused:
      return "Không được tiếp nhận";
    case NationalStatus::kProcessing:
      return "Đang xử lý";
    case NationalStatus::kSupplementationRequested:
      return "Yêu cầu bổ sung giấy tờ";
    case NationalStatus::kAwaitingPayment:
      return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case NationalStatus::kWithdrawalRequested:
      return "Công dân yêu cầu rút hồ sơ";
    case NationalStatus::kStopped:
      return "Dừng xử lý";
    case NationalStatus::kResultReady:
      return "Đã xử lý xong";
    case NationalStatus::kResultDelivered:
      return "Đã trả kết quả";
  }
  return "";
}

bool DueIsLive(NationalStatus s) {
  switch (s) {
    case NationalStatus::kAccepted:
    case NationalStatus::kProcessing:
    case NationalStatus::kSupplementationRequested:
    case NationalStatus::kAwaitingPayment:
    case NationalStatus::kWithdrawalRequested:
      return true;
    case NationalStatus::kSubmittedOnline:
    case NationalStatus::kRefused:
    case NationalStatus::kStopped:
    case NationalStatus::kResultReady:
    case NationalStatus::kResultDelivered:
      return false;
  }
  return false;
}

const std::vector<int>& LiveDueStatusCodes() {
  static const std::vector<int> codes = [] {
    std::vector<int> c;
    for (int s = 1; s <= 10; ++s)
      if (DueIsLive(static_cast<NationalStatus>(s))) c.push_back(s);
    return c;
  }();
  return codes;
}

std::string_view StopGroundName(StopGround g) {
  return g == StopGround::kApplicantRequest ? "applicant_request" : "other";
}

std::optional<StopGround> ParseStopGround(std::string_view name) {
  for (auto g : {StopGround::kApplicantRequest, StopGround::kOther}) {
    if (StopGroundName(g) == name) return g;
  }
  return std::nullopt;
}

StopGround StopGroundOf(const DossierEvent& stopped, const Dossier& before) {
  if (stopped.ground) return *stopped.ground;
  return before.status == NationalStatus::kWithdrawalRequested ? StopGround::kApplicantRequest
                                                               : StopGround::kOther;
}

std::string_view EventTypeName(EventType t) {
  switch (t) {
    case EventType::kSubmittedOnline:
      return "dossier.submitted_online";
    case EventType::kAccepted:
      return "dossier.accepted";
    case EventType::kRefused:
      return "dossier.refused";
    case EventType::kSentBackForCompletion:
      return "dossier.sent_back_for_completion";
    case EventType::kResubmitted:
      return "dossier.resubmitted";
    case EventType::kSupplementationRequested:
      return "dossier.supplementation_requested";
    case EventType::kSupplemented:
      return "dossier.supplemented";
    case EventType::kPaymentRequested:
      return "dossier.payment_requested";
    case EventType::kPaid:
      return "dossier.paid";
    case EventType::kStepDone:
      return "dossier.step_done";
    case EventType::kApologised:
      return "dossier.apologised";
    case EventType::kWithdrawalRequested:
      return "dossier.withdrawal_requested";
    case EventType::kStopped:
      return "dossier.stopped";
    case EventType::kResultReady:
      return "dossier.result_ready";
    case EventType::kResultReturned:
      return "dossier.result_returned";
    case EventType::kRated:
      return "dossier.rated";
  }
  return "dossier.unknown";
}

std::string EscalationKey(std::string_view dossier_id, Threshold t) {
  std::string key(dossier_id);
  key += t == Threshold::kOverdue ? "/overdue" : "/due-soon";
  return key;
}

namespace {

using authz::Role;

// Returns "16:00 20/12/2026", Vietnam time: how Mẫu 01 and Mẫu 04 print a due time.
std::string LocalTime(Instant t) {
  const LocalDateTime l = ToVietnam(t);
  return fmt::format("{:02}:{:02} {}", l.minute_of_day / 60, l.minute_of_day % 60,
                     FormatDateVn(l.date));
}

std::string Describe(const Dossier& d) {
  if (!d.exists) return "the dossier does not exist yet";
  std::string s = "dossier " + d.header.id + " is '" + std::string(StatusName(d.status)) + "' (" +
                  std::to_string(static_cast<int>(d.status)) + ")";
  if (d.step) s += ", last step '" + std::string(StepKindName(*d.step)) + "'";
  if (d.awaiting_completion) s += ", sent back for completion";
  return s;
}

Status NotNow(const Dossier& d, std::string_view action) {
  return Status::FailedPrecondition("cannot " + std::string(action) + ": " + Describe(d));
}

bool In(NationalStatus s, std::initializer_list<NationalStatus> set) {
  for (auto x : set) {
    if (x == s) return true;
  }
  return false;
}

// The role of a workflow step, or `fallback` when the workflow does not name one.
Role StepRole(const Dossier& d, StepKind k, Role fallback) {
  return d.header.workflow.RoleOf(k).value_or(fallback);
}

// Returns OK when the actor holds one of `roles` (or is the applicant and `applicant_ok`).
Status NeedRole(const Actor& a, std::initializer_list<Role> roles, std::string_view action,
                bool applicant_ok = false) {
  if (!a.role) {
    if (applicant_ok) return Status::Ok();
  } else {
    for (Role r : roles) {
      if (r == *a.role) return Status::Ok();
    }
  }
  std::string need;
  for (Role r : roles) {
    if (!need.empty()) need += " or ";
    need += std::string(authz::RoleName(r));
  }
  if (applicant_ok) need += need.empty() ? "the applicant" : " or the applicant";
  std::string who =
      a.role ? "role '" + std::string(authz::RoleName(*a.role)) + "'" : "the applicant";
  return Status::PermissionDenied(who + " cannot " + std::string(action) + "; it needs " + need);
}

bool ResultIssued(const Dossier& d) {
  return d.step == StepKind::kNumber ||
         In(d.status, {NationalStatus::kResultReady, NationalStatus::kResultDelivered});
}

DossierEvent Ev(EventType t, Instant now, const Command& c) {
  DossierEvent e;
  e.type = t;
  e.at = now;
  e.actor = c.actor.id;
  if (c.actor.role) e.role = std::string(authz::RoleName(*c.actor.role));
  e.on_behalf_of = c.actor.on_behalf_of;
  e.actor_name = c.actor.name;
  return e;
}

using Events = std::vector<DossierEvent>;
using R = Result<Events>;

Status CheckHeader(const Header& h) {
  std::vector<FieldError> f;
  if (h.id.empty()) f.push_back({"id", "the dossier code is required"});
  if (h.province.empty()) f.push_back({"province", "the province is required"});
  if (h.unit.empty()) f.push_back({"unit", "the unit is required"});
  if (h.applicant.full_name.empty())
    f.push_back({"applicant.full_name", "the applicant's name is required"});
  if (!f.empty()) return Status::InvalidArgument("the dossier is incomplete", std::move(f));
  return ValidateWorkflow(h.workflow);
}

struct Decider {
  const Dossier& d;
  const Command& c;
  Instant now;

  Role Receiver() const { return StepRole(d, StepKind::kReceive, Role::kReception); }
  Role Leader() const { return StepRole(d, StepKind::kSign, Role::kSigner); }
  Role Handler() const { return StepRole(d, StepKind::kAppraise, Role::kSpecialist); }
  Role Assigner() const { return StepRole(d, StepKind::kAssign, Role::kSigner); }

  // Decree 118 Art 11: the applicant is asked to complete or supplement once. Every request —
  // a send-back before acceptance, a request during processing — uses up that allowance
  // (Workflow::max_supplementations); a further one is only an exception with its reason, taken
  // as its own action, and an exception is refused while the normal request is still open.
  Status CheckAllowance(bool exception, const std::string& exception_reason,
                        std::string_view action) const {
    const bool beyond = d.supplementation_requests >= d.header.workflow.max_supplementations;
    if (beyond && !exception) {
      return Status::FailedPrecondition(
          "cannot " + std::string(action) + " again: " + Describe(d) +
          ", and completion or supplementation was already requested " +
          std::to_string(d.supplementation_requests) +
          " time(s) (Decree 118 Art 11 allows it once); a further request must be recorded as an "
          "explicit exception with its reason");
    }
    if (!beyond && exception) {
      return Status::FailedPrecondition(
          "cannot " + std::string(action) + " as an exception: " + Describe(d) +
          ", and the one allowed request has not been made; make it as the normal request");
    }
    if (exception && exception_reason.empty()) {
      return Status::InvalidArgument("an exception needs its reason",
                                     {{"exception_reason", "required"}});
    }
    return Status::Ok();
  }
  static std::string WithException(const std::string& reason, bool exception,
                                   const std::string& exception_reason) {
    if (!exception) return reason;
    return reason + (reason.empty() ? "" : "; ") + exception_reason;
  }

  R operator()(const SubmitOnline& x) {
    if (d.exists) return NotNow(d, "submit online");
    MOTCUA_RETURN_IF_ERROR(CheckHeader(x.header));
    auto e = Ev(EventType::kSubmittedOnline, now, c);
    e.header = x.header;
    e.header->channel = Channel::kOnline;
    return Events{e};
  }
  R operator()(const AcceptAtCounter& x) {
    if (d.exists) return NotNow(d, "accept at the counter");
    MOTCUA_RETURN_IF_ERROR(CheckHeader(x.header));
    Role need = x.header.workflow.RoleOf(StepKind::kReceive).value_or(Role::kReception);
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {need}, "accept a dossier"));
    auto e = Ev(EventType::kAccepted, now, c);
    e.header = x.header;
    return Events{e};
  }
  R operator()(const AcceptOnline&) {
    if (!d.exists || d.status != NationalStatus::kSubmittedOnline || d.awaiting_completion)
      return NotNow(d, "accept");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "accept a dossier"));
    return Events{Ev(EventType::kAccepted, now, c)};
  }
  R operator()(const Refuse& x) {
    if (!d.exists) return NotNow(d, "refuse");
    if (x.reason.empty())
      return Status::InvalidArgument("a refusal needs a reason", {{"reason", "required"}});
    if (d.status == NationalStatus::kSubmittedOnline) {
      MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "refuse at reception"));
    } else if (d.status == NationalStatus::kProcessing && d.step.has_value() &&
               *d.step >= StepKind::kAppraise && !ResultIssued(d)) {
      MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Leader()}, "refuse after appraisal"));
    } else {
      return NotNow(d, "refuse");
    }
    auto e = Ev(EventType::kRefused, now, c);
    e.reason = x.reason;
    return Events{e};
  }
  R operator()(const SendBackForCompletion& x) {
    if (!d.exists || d.status != NationalStatus::kSubmittedOnline || d.awaiting_completion)
      return NotNow(d, "send back for completion");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "send a dossier back"));
    if (x.missing.empty())
      return Status::InvalidArgument("say what is missing", {{"missing", "at least one item"}});
    MOTCUA_RETURN_IF_ERROR(CheckAllowance(x.exception, x.exception_reason, "send back"));
    auto e = Ev(EventType::kSentBackForCompletion, now, c);
    e.items = x.missing;
    e.reason = WithException(x.reason, x.exception, x.exception_reason);
    e.exception = x.exception;
    return Events{e};
  }
  R operator()(const Resubmit& x) {
    if (!d.exists || d.status != NationalStatus::kSubmittedOnline || !d.awaiting_completion)
      return NotNow(d, "resubmit");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "resubmit a dossier", true));
    auto e = Ev(EventType::kResubmitted, now, c);
    e.components = x.components;
    return Events{e};
  }
  R operator()(const RequestSupplementation& x) {
    if (!d.exists || d.status != NationalStatus::kProcessing || ResultIssued(d))
      return NotNow(d, "request supplementation");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Handler()}, "request supplementation"));
    // An assigned dossier's papers are judged by its handler, as its appraisal is.
    if (!d.handler.empty() && c.actor.username != d.handler) {
      return Status::FailedPrecondition(
          "cannot request supplementation: " + Describe(d) + ", and it is assigned to '" +
          d.handler + "', who alone can request supplementation; the " +
          std::string(authz::RoleName(Assigner())) + " who assigns can reassign it");
    }
    if (x.missing.empty())
      return Status::InvalidArgument("say what is missing", {{"missing", "at least one item"}});
    MOTCUA_RETURN_IF_ERROR(
        CheckAllowance(x.exception, x.exception_reason, "request supplementation"));
    auto e = Ev(EventType::kSupplementationRequested, now, c);
    e.items = x.missing;
    e.reason = WithException(x.reason, x.exception, x.exception_reason);
    e.exception = x.exception;
    return Events{e};
  }
  R operator()(const Supplement& x) {
    if (!d.exists || d.status != NationalStatus::kSupplementationRequested)
      return NotNow(d, "supplement");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "record a supplementation", true));
    auto e = Ev(EventType::kSupplemented, now, c);
    e.components = x.components;
    return Events{e};
  }
  R operator()(const RequestPayment& x) {
    if (!d.exists || d.status != NationalStatus::kProcessing || ResultIssued(d))
      return NotNow(d, "request payment");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver(), Handler()}, "request payment"));
    if (x.amount_vnd <= 0)
      return Status::InvalidArgument("the amount must be positive", {{"amount_vnd", "positive"}});
    auto e = Ev(EventType::kPaymentRequested, now, c);
    e.amount_vnd = x.amount_vnd;
    e.reason = x.reason;
    return Events{e};
  }
  R operator()(const Paid&) {
    if (!d.exists || d.status != NationalStatus::kAwaitingPayment)
      return NotNow(d, "record payment");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver(), Handler()}, "record a payment"));
    return Events{Ev(EventType::kPaid, now, c)};
  }
  R DoStep(StepKind kind, std::string detail) {
    if (!d.exists || !In(d.status, {NationalStatus::kAccepted, NationalStatus::kProcessing}))
      return NotNow(d, StepKindName(kind));
    auto next = d.header.workflow.NextProcessingStep(d.step);
    if (!next || *next != kind) {
      std::string want = next ? "'" + std::string(StepKindName(*next)) + "'" : "no further step";
      return Status::FailedPrecondition("cannot " + std::string(StepKindName(kind)) + ": " +
                                        Describe(d) + "; the workflow expects " + want + " next");
    }
    MOTCUA_RETURN_IF_ERROR(
        NeedRole(c.actor, {StepRole(d, kind, Role::kReception)}, StepKindName(kind)));
    // The assigned step belongs to the handler it was assigned to, not to every holder of its role.
    if (const std::string assignee = NextAssignee(d);
        !assignee.empty() && c.actor.username != assignee) {
      return Status::FailedPrecondition("cannot " + std::string(StepKindName(kind)) + ": " +
                                        Describe(d) + ", and it is assigned to '" + assignee +
                                        "', who alone can " + std::string(StepKindName(kind)) +
                                        " it; the " + std::string(authz::RoleName(Assigner())) +
                                        " who assigns can reassign it");
    }
    auto e = Ev(EventType::kStepDone, now, c);
    e.step = kind;
    e.detail = std::move(detail);
    return Events{e};
  }
  R operator()(const Assign& x) {
    if (x.handler.empty())
      return Status::InvalidArgument("name the handler", {{"handler", "required"}});
    // Reassignment: assigned, and the handler has not done the assigned step yet.
    if (d.exists && In(d.status, {NationalStatus::kAccepted, NationalStatus::kProcessing}) &&
        d.step == StepKind::kAssign && !NextAssignee(d).empty()) {
      MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Assigner()}, "reassign"));
      if (x.handler == d.handler) {
        return Status::InvalidArgument(
            "the dossier is already assigned to '" + d.handler + "'",
            {{"handler", "already the handler; choose another officer to reassign it"}});
      }
      auto e = Ev(EventType::kStepDone, now, c);
      e.step = StepKind::kAssign;
      e.detail = x.handler;
      return Events{e};
    }
    return DoStep(StepKind::kAssign, x.handler);
  }
  R operator()(const Appraise& x) { return DoStep(StepKind::kAppraise, x.opinion); }
  R operator()(const Review& x) { return DoStep(StepKind::kReview, x.opinion); }
  R operator()(const Sign&) { return DoStep(StepKind::kSign, ""); }
  R operator()(const Number& x) {
    if (x.document_number.empty())
      return Status::InvalidArgument("the document number is required",
                                     {{"document_number", "required"}});
    auto r = DoStep(StepKind::kNumber, x.document_number);
    if (r.ok()) r->front().file = x.result_file;
    return r;
  }
  R operator()(const Apologise& x) {
    if (!d.exists || !In(d.status, {NationalStatus::kAccepted, NationalStatus::kProcessing,
                                    NationalStatus::kSupplementationRequested,
                                    NationalStatus::kAwaitingPayment}))
      return NotNow(d, "apologise");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Leader(), Role::kUnitHead}, "issue an apology"));
    if (d.apologies >= d.header.workflow.max_apologies) {
      return Status::FailedPrecondition("cannot apologise again: " + Describe(d) +
                                        ", and the new date may be set only once");
    }
    std::vector<FieldError> f;
    if (x.reason.empty()) f.push_back({"reason", "required"});
    if (x.new_due <= now) f.push_back({"new_due", "must be in the future", "in_past"});
    if (!f.empty()) return Status::InvalidArgument("the apology is incomplete", std::move(f));
    // The new date extends the time; one on or before the due in force would shorten it.
    if (x.due_in_force && x.new_due <= *x.due_in_force) {
      const std::string due = LocalTime(*x.due_in_force);
      return Status::InvalidArgument(
          "the new date " + LocalTime(x.new_due) + " is not later than the due date in force, " +
              due + ": an apology extends the time and cannot shorten it; choose a date after " +
              due,
          {{"new_due", "must be later than the due date in force, " + due, "not_after_due",
            {{"due", due}}}});
    }
    if (!x.in_working_time) {
      std::string hint = x.next_working ? ", e.g. " + LocalTime(*x.next_working) : "";
      FieldError fe{"new_due", "must fall in office hours on a working day" + hint,
                    "outside_working_time"};
      if (x.next_working) fe.args["next"] = LocalTime(*x.next_working);
      return Status::InvalidArgument(
          "the new date " + LocalTime(x.new_due) +
              " falls outside the unit's working time (a rest day, a holiday or outside office "
              "hours); choose a time in office hours on a working day" + hint,
          {fe});
    }
    auto e = Ev(EventType::kApologised, now, c);
    e.reason = x.reason;
    e.new_due = x.new_due;
    e.late = x.late;
    e.appointment = x.due_in_force;  // the date it replaces, printed on Mẫu 04
    return Events{e};
  }
  R operator()(const RequestWithdrawal& x) {
    if (!d.exists || ResultIssued(d) ||
        !In(d.status,
            {NationalStatus::kSubmittedOnline, NationalStatus::kAccepted,
             NationalStatus::kProcessing, NationalStatus::kSupplementationRequested,
             NationalStatus::kAwaitingPayment}))
      return NotNow(d, "request withdrawal");
    // Also before acceptance (status 1): domain §2.7 — the applicant may ask to stop at any time
    // before a decision or result is issued, and online requests are posted the same way; the
    // reception officer then stops the dossier with the stop notice (Mẫu 05).
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "request withdrawal", true));
    auto e = Ev(EventType::kWithdrawalRequested, now, c);
    e.reason = x.reason;
    return Events{e};
  }
  R operator()(const Stop& x) {
    const bool direct =
        In(d.status, {NationalStatus::kAccepted, NationalStatus::kProcessing,
                      NationalStatus::kSupplementationRequested, NationalStatus::kAwaitingPayment});
    if (!d.exists || ResultIssued(d) ||
        !(direct || d.status == NationalStatus::kWithdrawalRequested))
      return NotNow(d, "stop");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {Receiver()}, "stop a dossier"));
    const StopGround ground =
        x.ground.value_or(direct ? StopGround::kOther : StopGround::kApplicantRequest);
    if (ground == StopGround::kOther && x.reason.empty())
      return Status::InvalidArgument("stopping on a ground other than the applicant's request "
                                     "needs that ground",
                                     {{"reason", "required: the ground the notice states"}});
    if (direct && x.reason.empty())
      return Status::InvalidArgument(
          "stopping without a withdrawal request needs a reason",
          {{"reason", "required: what the applicant asked, or why processing cannot continue"}});
    auto e = Ev(EventType::kStopped, now, c);
    e.reason = x.reason;
    e.ground = ground;
    return Events{e};
  }
  R operator()(const MarkResultReady&) {
    if (!d.exists || d.status != NationalStatus::kProcessing || !d.step ||
        d.header.workflow.NextProcessingStep(d.step).has_value())
      return NotNow(d, "mark the result ready");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor,
                                    {StepRole(d, StepKind::kNumber, Role::kClerk), Receiver()},
                                    "mark the result ready"));
    return Events{Ev(EventType::kResultReady, now, c)};
  }
  R operator()(const ReturnResult& x) {
    if (!d.exists || d.status != NationalStatus::kResultReady)
      return NotNow(d, "return the result");
    MOTCUA_RETURN_IF_ERROR(
        NeedRole(c.actor, {StepRole(d, StepKind::kReturn, Role::kReception)}, "return the result"));
    auto e = Ev(EventType::kResultReturned, now, c);
    e.channel = x.channel;
    return Events{e};
  }
  R operator()(const Rate& x) {
    if (!d.exists || d.status != NationalStatus::kResultDelivered) return NotNow(d, "rate");
    MOTCUA_RETURN_IF_ERROR(NeedRole(c.actor, {}, "rate the service", true));
    if (d.rating != 0) {
      return Status::FailedPrecondition("cannot rate again: " + Describe(d) +
                                        ", and it was already rated");
    }
    if (x.score < 1 || x.score > 5)
      return Status::InvalidArgument("the rating is 1 to 5", {{"score", "1 to 5"}});
    auto e = Ev(EventType::kRated, now, c);
    e.score = x.score;
    e.reason = x.comment;
    return Events{e};
  }
};

void ClosePause(Dossier& d, Instant at) {
  if (!d.pauses.empty() && !d.pauses.back().end) d.pauses.back().end = at;
}

}  // namespace

std::string NextAssignee(const Dossier& d) {
  if (!d.exists || d.handler.empty() || d.status != NationalStatus::kProcessing) return "";
  const auto assigned = d.header.workflow.AssignedStep();
  if (!assigned || d.header.workflow.NextProcessingStep(d.step) != assigned) return "";
  return d.handler;
}

Result<std::vector<DossierEvent>> Decide(const Dossier& state, const Command& cmd, Instant now) {
  return std::visit(Decider{state, cmd, now}, cmd.body);
}

Dossier Apply(Dossier d, const DossierEvent& e) {
  ++d.version;
  switch (e.type) {
    case EventType::kSubmittedOnline:
      d.exists = true;
      d.header = *e.header;
      d.status = NationalStatus::kSubmittedOnline;
      d.submitted_at = e.at;
      break;
    case EventType::kAccepted:
      if (e.header) {
        d.exists = true;
        d.header = *e.header;
        d.submitted_at = e.at;
      }
      d.status = NationalStatus::kAccepted;
      d.accepted_at = e.at;
      break;
    case EventType::kRefused:
      d.status = NationalStatus::kRefused;
      break;
    case EventType::kSentBackForCompletion:
      d.awaiting_completion = true;
      ++d.supplementation_requests;
      if (e.exception) ++d.supplementation_exceptions;
      break;
    case EventType::kResubmitted:
      d.awaiting_completion = false;
      d.header.components.insert(d.header.components.end(), e.components.begin(),
                                 e.components.end());
      break;
    case EventType::kSupplementationRequested:
      d.status = NationalStatus::kSupplementationRequested;
      ++d.supplementation_requests;
      if (e.exception) ++d.supplementation_exceptions;
      d.pauses.push_back({PauseKind::kSupplementation, e.at, std::nullopt});
      break;
    case EventType::kSupplemented:
      d.header.components.insert(d.header.components.end(), e.components.begin(),
                                 e.components.end());
      [[fallthrough]];
    case EventType::kPaid:
      d.status = NationalStatus::kProcessing;
      ClosePause(d, e.at);
      break;
    case EventType::kPaymentRequested:
      d.status = NationalStatus::kAwaitingPayment;
      d.pauses.push_back({PauseKind::kPayment, e.at, std::nullopt});
      break;
    case EventType::kStepDone:
      d.status = NationalStatus::kProcessing;
      d.step = e.step;
      if (e.step == StepKind::kAssign) d.handler = e.detail;
      if (e.step == StepKind::kNumber && !e.file.empty()) d.result_file = e.file;
      break;
    case EventType::kApologised:
      ++d.apologies;
      d.new_due = e.new_due;
      d.apologised_at = e.at;
      break;
    case EventType::kWithdrawalRequested:
      d.status_before_withdrawal = d.status;
      d.status = NationalStatus::kWithdrawalRequested;
      break;
    case EventType::kStopped:
      d.status = NationalStatus::kStopped;
      ClosePause(d, e.at);
      break;
    case EventType::kResultReady:
      d.status = NationalStatus::kResultReady;
      d.finished_at = e.at;
      break;
    case EventType::kResultReturned:
      d.status = NationalStatus::kResultDelivered;
      d.delivered_at = e.at;
      d.returned_by = e.channel;
      break;
    case EventType::kRated:
      d.rating = e.score;
      break;
  }
  return d;
}

Dossier Replay(const std::vector<DossierEvent>& events) {
  Dossier d;
  for (const auto& e : events) d = Apply(std::move(d), e);
  return d;
}

}  // namespace motcua::dossier

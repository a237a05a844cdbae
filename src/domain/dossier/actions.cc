#include "domain/dossier/actions.h"

#include <algorithm>
#include <utility>

namespace motcua::dossier {

std::string_view FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kText:
      return "text";
    case FieldType::kTextList:
      return "text-list";
    case FieldType::kInt:
      return "int";
    case FieldType::kBool:
      return "bool";
    case FieldType::kDateTime:
      return "date-time";
    case FieldType::kChoice:
      return "choice";
    case FieldType::kOfficer:
      return "officer";
    case FieldType::kFileId:
      return "file-id";
    case FieldType::kComponents:
      return "components";
  }
  return "text";
}

std::string_view FormCode(Form f) {
  switch (f) {
    case Form::k01Receipt:
      return "01";
    case Form::k02Supplementation:
      return "02";
    case Form::k03Refusal:
      return "03";
    case Form::k04Apology:
      return "04";
    case Form::k05StopNotice:
      return "05";
    case Form::k06ProcessSheet:
      return "06";
  }
  return "";
}

const std::vector<Form>& AllForms() {
  static const std::vector<Form> forms = {Form::k01Receipt,    Form::k02Supplementation,
                                          Form::k03Refusal,    Form::k04Apology,
                                          Form::k05StopNotice, Form::k06ProcessSheet};
  return forms;
}

std::optional<Form> ParseFormCode(std::string_view code) {
  for (Form f : AllForms()) {
    if (FormCode(f) == code) return f;
  }
  return std::nullopt;
}

std::string ActionArgs::Text(std::string_view name) const {
  auto it = text.find(name);
  return it == text.end() ? std::string() : it->second;
}
std::vector<std::string> ActionArgs::List(std::string_view name) const {
  auto it = lists.find(name);
  return it == lists.end() ? std::vector<std::string>{} : it->second;
}
int64_t ActionArgs::Int(std::string_view name) const {
  auto it = numbers.find(name);
  return it == numbers.end() ? 0 : it->second;
}
bool ActionArgs::Bool(std::string_view name) const {
  auto it = flags.find(name);
  return it != flags.end() && it->second;
}
std::vector<ReceivedComponent> ActionArgs::Components(std::string_view name) const {
  auto it = components.find(name);
  return it == components.end() ? std::vector<ReceivedComponent>{} : it->second;
}

const FieldSpec* ActionSpec::Field(std::string_view n) const {
  for (const auto& f : fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

namespace {

using authz::Role;

// The table is written with designated initializers: a member left out keeps its default (no
// fields, no fixed roles, no forms), which is the point, so GCC's warning about it is off here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

// Field shapes shared by several actions.
FieldSpec Reason(bool required, std::string_view description) {
  return {.name = "reason", .type = FieldType::kText, .required = required, .max_bytes = 4000,
          .description = description};
}
FieldSpec Missing(std::string_view description) {
  return {.name = "missing", .type = FieldType::kTextList, .required = true, .max_bytes = 4000,
          .max_items = 100, .description = description};
}
FieldSpec ExceptionReason() {
  return {.name = "exception_reason", .type = FieldType::kText, .required = true,
          .max_bytes = 4000,
          .description = "Why a further request is needed although the one allowed request was "
                         "made (Decree 118 Art 11); recorded with the request, and the dossier "
                         "then counts as late."};
}
FieldSpec Opinion() {
  return {.name = "opinion", .type = FieldType::kText, .max_bytes = 4000,
          .description = "The officer's opinion, recorded with the step."};
}
FieldSpec Components(std::string_view description) {
  return {.name = "components", .type = FieldType::kComponents, .max_bytes = 500,
          .max_items = 100, .description = description};
}

ReturnChannel ChannelOf(const std::string& name) {
  if (name == "post") return ReturnChannel::kPost;
  if (name == "online") return ReturnChannel::kOnline;
  return ReturnChannel::kCounter;
}

constexpr StepRole kReceiver{StepKind::kReceive, Role::kReception};
constexpr StepRole kAssigner{StepKind::kAssign, Role::kSigner};
constexpr StepRole kHandler{StepKind::kAppraise, Role::kSpecialist};
constexpr StepRole kLeader{StepKind::kSign, Role::kSigner};
constexpr StepRole kReturner{StepKind::kReturn, Role::kReception};

std::vector<ActionSpec> MakeActions() {
  std::vector<ActionSpec> a;
  a.push_back({.name = "accept",
               .summary = "Accepts an online submission that is complete (the clock starts).",
               .step_roles = {kReceiver},
               .event = EventType::kAccepted,
               .yields = {Form::k01Receipt, Form::k06ProcessSheet},
               .build = [](const ActionArgs&) -> CommandBody { return AcceptOnline{}; }});
  a.push_back({.name = "refuse",
               .summary = "Refuses the dossier at reception or, after appraisal, by the "
                          "competent body (Mẫu 03).",
               .fields = {Reason(true, "Why the dossier is refused, printed on Mẫu 03.")},
               .step_roles = {kReceiver, kLeader},
               .event = EventType::kRefused,
               .yields = {Form::k03Refusal},
               .build = [](const ActionArgs& x) -> CommandBody { return Refuse{x.Text("reason")}; }});
  a.push_back(
      {.name = "send-back",
       .summary = "Sends an online submission back to the applicant to be completed before "
                  "acceptance (Mẫu 02). It is the one request to complete or supplement that "
                  "Decree 118 Art 11 allows.",
       .fields = {Missing("What to add or complete, one item each."),
                  Reason(false, "Why, printed on Mẫu 02.")},
       .step_roles = {kReceiver},
       .event = EventType::kSentBackForCompletion,
       .yields = {Form::k02Supplementation},
       .build = [](const ActionArgs& x) -> CommandBody {
         return SendBackForCompletion{x.List("missing"), x.Text("reason")};
       }});
  a.push_back(
      {.name = "send-back-exception",
       .summary = "Sends an online submission back again after the one allowed request, as a "
                  "recorded exception with its reason (Mẫu 02); the dossier then counts as late.",
       .fields = {Missing("What to add or complete, one item each."),
                  Reason(false, "Why, printed on Mẫu 02."), ExceptionReason()},
       .step_roles = {kReceiver},
       .event = EventType::kSentBackForCompletion,
       .yields = {Form::k02Supplementation},
       .build = [](const ActionArgs& x) -> CommandBody {
         return SendBackForCompletion{x.List("missing"), x.Text("reason"), true,
                                      x.Text("exception_reason")};
       }});
  a.push_back({.name = "resubmit",
               .summary = "Sends back a completed online submission (the applicant, or "
                          "reception on their behalf).",
               .fields = {Components("The components sent, joining the dossier's.")},
               .step_roles = {kReceiver},
               .applicant = true,
               .event = EventType::kResubmitted,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Resubmit{x.Components("components")};
               }});
  a.push_back(
      {.name = "request-supplementation",
       .summary = "Asks the applicant, during processing, to supplement the dossier (Mẫu 02); "
                  "the clock pauses. Allowed once, counting a send-back before acceptance.",
       .fields = {Missing("What to supplement, one item each."),
                  Reason(false, "Why, printed on Mẫu 02.")},
       .step_roles = {kHandler},
       .event = EventType::kSupplementationRequested,
       .yields = {Form::k02Supplementation},
       .build = [](const ActionArgs& x) -> CommandBody {
         return RequestSupplementation{x.List("missing"), x.Text("reason"), false, ""};
       }});
  a.push_back(
      {.name = "request-supplementation-exception",
       .summary = "Asks for supplementation again after the one allowed request, as a recorded "
                  "exception with its reason (Mẫu 02); the dossier then counts as late.",
       .fields = {Missing("What to supplement, one item each."),
                  Reason(false, "Why, printed on Mẫu 02."), ExceptionReason()},
       .step_roles = {kHandler},
       .event = EventType::kSupplementationRequested,
       .yields = {Form::k02Supplementation},
       .build = [](const ActionArgs& x) -> CommandBody {
         return RequestSupplementation{x.List("missing"), x.Text("reason"), true,
                                       x.Text("exception_reason")};
       }});
  a.push_back({.name = "supplement",
               .summary = "Records the applicant's supplementation (the clock runs again).",
               .fields = {Components("The components sent, joining the dossier's.")},
               .step_roles = {kReceiver},
               .applicant = true,
               .event = EventType::kSupplemented,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Supplement{x.Components("components")};
               }});
  a.push_back({.name = "request-payment",
               .summary = "Asks the applicant to pay fees or taxes (status 6).",
               .fields = {{.name = "amount_vnd", .type = FieldType::kInt, .required = true,
                           .min = 1, .max = 1'000'000'000'000LL,
                           .description = "The amount due, in đồng."},
                          Reason(false, "What the payment is for.")},
               .step_roles = {kReceiver, kHandler},
               .event = EventType::kPaymentRequested,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return RequestPayment{x.Int("amount_vnd"), x.Text("reason")};
               }});
  a.push_back({.name = "paid",
               .summary = "Records that the fees or taxes were paid.",
               .step_roles = {kReceiver, kHandler},
               .event = EventType::kPaid,
               .build = [](const ActionArgs&) -> CommandBody { return Paid{}; }});
  a.push_back({.name = "assign",
               .summary = "Assigns (or, before they act, reassigns) the handler who appraises.",
               .fields = {{.name = "handler", .type = FieldType::kOfficer, .required = true,
                           .max_bytes = 200,
                           .description = "The account name of an active officer holding the "
                                          "assigned step's role in the dossier's unit."}},
               .step_roles = {kAssigner},
               .event = EventType::kStepDone,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Assign{x.Text("handler")};
               }});
  a.push_back({.name = "appraise",
               .summary = "Records the appraisal (the assigned handler).",
               .fields = {Opinion()},
               .step_roles = {kHandler},
               .event = EventType::kStepDone,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Appraise{x.Text("opinion")};
               }});
  a.push_back({.name = "review",
               .summary = "Records the unit head's review.",
               .fields = {Opinion()},
               .step_roles = {{StepKind::kReview, Role::kReception}},
               .event = EventType::kStepDone,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Review{x.Text("opinion")};
               }});
  a.push_back({.name = "sign",
               .summary = "Records the leader's signature of the result.",
               .step_roles = {{StepKind::kSign, Role::kReception}},
               .event = EventType::kStepDone,
               .build = [](const ActionArgs&) -> CommandBody { return Sign{}; }});
  a.push_back({.name = "number",
               .summary = "Numbers and issues the result document.",
               .fields = {{.name = "document_number", .type = FieldType::kText,
                           .required = true, .max_bytes = 200,
                           .description = "The result's number and symbol (\"12/QĐ-UBND\")."},
                          {.name = "result_file", .type = FieldType::kFileId, .max_bytes = 200,
                           .description = "The digitised result, a stored file's id."}},
               .step_roles = {{StepKind::kNumber, Role::kReception}},
               .event = EventType::kStepDone,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Number{x.Text("document_number"), x.Text("result_file")};
               }});
  a.push_back({.name = "mark-ready",
               .summary = "Marks the result ready to be returned (status 9).",
               .step_roles = {{StepKind::kNumber, Role::kClerk}, kReceiver},
               .event = EventType::kResultReady,
               .build = [](const ActionArgs&) -> CommandBody { return MarkResultReady{}; }});
  a.push_back({.name = "return",
               .summary = "Records that the result was returned to the applicant (status 10).",
               .fields = {{.name = "channel", .type = FieldType::kChoice,
                           .choices = {"counter", "post", "online"},
                           .description = "How the result was returned."}},
               .step_roles = {kReturner},
               .event = EventType::kResultReturned,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return ReturnResult{ChannelOf(x.Text("channel"))};
               }});
  a.push_back({.name = "apologise",
               .summary = "Apologises and sets a new date, once (Mẫu 04).",
               .fields = {Reason(true, "Why the result is late, printed on Mẫu 04."),
                          {.name = "new_due", .type = FieldType::kDateTime, .required = true,
                           .description = "The new date, later than the due date in force, in "
                                          "office hours on a working day."}},
               .step_roles = {kLeader},
               .roles = {Role::kUnitHead},
               .event = EventType::kApologised,
               .yields = {Form::k04Apology},
               .build = [](const ActionArgs& x) -> CommandBody {
                 Apologise c;
                 c.reason = x.Text("reason");
                 c.new_due = x.Int("new_due");
                 return c;
               }});
  a.push_back({.name = "request-withdrawal",
               .summary = "Asks to stop the dossier (the applicant, or reception recording "
                          "their request), before a decision or result is issued.",
               .fields = {Reason(false, "Why the applicant asks to stop.")},
               .step_roles = {kReceiver},
               .applicant = true,
               .event = EventType::kWithdrawalRequested,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return RequestWithdrawal{x.Text("reason")};
               }});
  a.push_back({.name = "stop",
               .summary = "Stops the dossier after a withdrawal request, or when it cannot go "
                          "on (then with a reason) (Mẫu 05).",
               .fields = {{.name = "ground", .type = FieldType::kChoice,
                           .choices = {"applicant_request", "other"}, .keep_absent = true,
                           .description = "The ground Mẫu 05 states: the applicant's request, or "
                                          "another ground (then `reason` says which). Absent: the "
                                          "applicant's request when they asked to withdraw "
                                          "(status 7), else another ground."},
                          Reason(false,
                                 "What the ground is, printed on Mẫu 05; required for another "
                                 "ground and without a withdrawal request.")},
               .step_roles = {kReceiver},
               .event = EventType::kStopped,
               .yields = {Form::k05StopNotice},
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Stop{x.Text("reason"), ParseStopGround(x.Text("ground"))};
               }});
  a.push_back({.name = "rate",
               .summary = "Rates the service once the result is delivered (the applicant).",
               .fields = {{.name = "score", .type = FieldType::kInt, .required = true, .min = 1,
                           .max = 5,
                           .description = "1 = very dissatisfied … 5 = very satisfied."},
                          {.name = "comment", .type = FieldType::kText, .max_bytes = 2000,
                           .description = "A comment on the service."}},
               .applicant = true,
               .event = EventType::kRated,
               .build = [](const ActionArgs& x) -> CommandBody {
                 return Rate{static_cast<int>(x.Int("score")), x.Text("comment")};
               }});
  return a;
}

#pragma GCC diagnostic pop

}  // namespace

const std::vector<ActionSpec>& Actions() {
  static const std::vector<ActionSpec> actions = MakeActions();
  return actions;
}

const ActionSpec* FindAction(std::string_view name) {
  for (const auto& a : Actions()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<authz::Role> RolesOf(const ActionSpec& spec, const Workflow& workflow) {
  std::vector<authz::Role> out;
  auto add = [&](authz::Role r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  for (const auto& s : spec.step_roles) add(workflow.RoleOf(s.step).value_or(s.fallback));
  for (authz::Role r : spec.roles) add(r);
  return out;
}

ActionArgs ExampleArgs(const ActionSpec& spec) {
  ActionArgs x;
  for (const auto& f : spec.fields) {
    const std::string name(f.name);
    switch (f.type) {
      case FieldType::kText:
      case FieldType::kOfficer:
        if (f.required) x.text[name] = "x";
        break;
      case FieldType::kFileId:
        break;
      case FieldType::kTextList:
        if (f.required) x.lists[name] = {"x"};
        break;
      case FieldType::kInt:
        x.numbers[name] = std::max<int64_t>(f.min, 1);
        break;
      case FieldType::kBool:
        x.flags[name] = false;
        break;
      case FieldType::kDateTime:
        x.numbers[name] = 4'102'444'800'000;  // 2100-01-01T00:00:00Z
        break;
      case FieldType::kChoice:
        if (!f.choices.empty() && !f.keep_absent) x.text[name] = std::string(f.choices.front());
        break;
      case FieldType::kComponents:
        break;
    }
  }
  return x;
}

std::vector<std::string> Permitted(const Dossier& state, const Actor& actor) {
  // The commands with example arguments, built once: only the state and the actor decide.
  struct Probe {
    const ActionSpec* spec;
    std::string name;
    CommandBody body;
  };
  static const std::vector<Probe> probes = [] {
    std::vector<Probe> v;
    for (const auto& a : Actions()) v.push_back({&a, std::string(a.name), a.build(ExampleArgs(a))});
    return v;
  }();
  // Decide reads the clock only to compare the apology's new date with it; the example's date is
  // far in the future, so the instant given here changes nothing.
  const Instant now = 0;
  std::vector<std::string> out;
  for (const auto& p : probes) {
    // The table's "who may take it" first (cheap); Decide, the judge, has the last word.
    if (actor.role) {
      const std::vector<authz::Role> roles = RolesOf(*p.spec, state.header.workflow);
      if (std::find(roles.begin(), roles.end(), *actor.role) == roles.end()) continue;
    } else if (!p.spec->applicant) {
      continue;
    }
    if (Decide(state, Command{actor, p.body}, now).ok()) out.push_back(p.name);
  }
  return out;
}

std::vector<Form> FormsOf(const Dossier& state, const std::vector<DossierEvent>& events) {
  std::vector<bool> has(AllForms().size() + 1, false);
  for (const auto& e : events) {
    for (const auto& a : Actions()) {
      if (a.event != e.type) continue;
      for (Form f : a.yields) has[static_cast<int>(f)] = true;
    }
    // A dossier accepted at the counter has no "accept" action, but the same acceptance event.
  }
  // A refused or stopped dossier has its notice even if the event list given is partial.
  if (state.status == NationalStatus::kRefused) has[static_cast<int>(Form::k03Refusal)] = true;
  if (state.status == NationalStatus::kStopped) has[static_cast<int>(Form::k05StopNotice)] = true;
  if (state.accepted_at) {
    has[static_cast<int>(Form::k01Receipt)] = true;
    has[static_cast<int>(Form::k06ProcessSheet)] = true;
  }
  std::vector<Form> out;
  for (Form f : AllForms()) {
    if (has[static_cast<int>(f)]) out.push_back(f);
  }
  return out;
}

}  // namespace motcua::dossier

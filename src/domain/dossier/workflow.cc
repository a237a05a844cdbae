#include "domain/dossier/workflow.h"

#include <set>
#include <string>

namespace motcua::dossier {

namespace {
constexpr StepKind kAllSteps[] = {StepKind::kReceive, StepKind::kAssign, StepKind::kAppraise,
                                  StepKind::kReview,  StepKind::kSign,   StepKind::kNumber,
                                  StepKind::kReturn};

bool IsProcessing(StepKind k) { return k != StepKind::kReceive && k != StepKind::kReturn; }
}  // namespace

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kReceive:
      return "receive";
    case StepKind::kAssign:
      return "assign";
    case StepKind::kAppraise:
      return "appraise";
    case StepKind::kReview:
      return "review";
    case StepKind::kSign:
      return "sign";
    case StepKind::kNumber:
      return "number";
    case StepKind::kReturn:
      return "return";
  }
  return "unknown";
}

Result<StepKind> ParseStepKind(std::string_view name) {
  for (StepKind k : kAllSteps) {
    if (StepKindName(k) == name) return k;
  }
  return Status::InvalidArgument(
      "unknown workflow step '" + std::string(name) +
      "'; valid steps: receive, assign, appraise, review, sign, number, return");
}

const WorkflowStep* Workflow::Find(StepKind kind) const {
  for (const auto& s : steps) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

std::optional<authz::Role> Workflow::RoleOf(StepKind kind) const {
  const WorkflowStep* s = Find(kind);
  if (s == nullptr) return std::nullopt;
  auto r = authz::ParseRole(s->role);
  if (!r.ok()) return std::nullopt;
  return *r;
}

std::optional<StepKind> Workflow::NextProcessingStep(std::optional<StepKind> after) const {
  bool seen = !after.has_value();
  for (const auto& s : steps) {
    if (!IsProcessing(s.kind)) continue;
    if (seen) return s.kind;
    if (s.kind == *after) seen = true;
  }
  return std::nullopt;
}

std::optional<StepKind> Workflow::AssignedStep() const {
  if (Find(StepKind::kAssign) == nullptr) return std::nullopt;
  return NextProcessingStep(StepKind::kAssign);
}

Status ValidateWorkflow(const Workflow& w) {
  std::vector<FieldError> errors;
  if (w.steps.empty()) errors.push_back({"steps", "a workflow needs at least one step"});
  if (w.total_days <= 0)
    errors.push_back({"total_days", "the procedure's time limit must be positive"});
  std::set<StepKind> seen;
  double sum = 0;
  int last_order = -1;
  for (size_t i = 0; i < w.steps.size(); ++i) {
    const WorkflowStep& s = w.steps[i];
    const std::string f = "steps/" + std::to_string(i);
    if (!seen.insert(s.kind).second) {
      errors.push_back({f, "step '" + std::string(StepKindName(s.kind)) + "' appears twice"});
    }
    if (!authz::ParseRole(s.role).ok()) {
      errors.push_back({f + "/role", "unknown role '" + s.role + "'"});
    }
    if (!(s.budget_days > 0)) {
      errors.push_back(
          {f + "/budget_days",
           "the budget of step '" + std::string(StepKindName(s.kind)) + "' must be positive"});
    } else {
      sum += s.budget_days;
    }
    const int order = static_cast<int>(s.kind);
    if (order < last_order) {
      errors.push_back({f, "step '" + std::string(StepKindName(s.kind)) + "' is out of order"});
    }
    last_order = order;
  }
  if (w.total_days > 0 && sum > w.total_days + 1e-9) {
    errors.push_back({"steps", "the step budgets add up to " + std::to_string(sum) +
                                   " working days, more than the procedure's " +
                                   std::to_string(w.total_days)});
  }
  if (!errors.empty()) {
    return Status::InvalidArgument("workflow of procedure '" + w.procedure_code + "' is not valid",
                                   std::move(errors));
  }
  return Status::Ok();
}

Workflow DefaultWorkflow(std::string procedure_code, int version, double total_days) {
  Workflow w;
  w.procedure_code = std::move(procedure_code);
  w.procedure_version = version;
  w.total_days = total_days;
  w.steps = {{StepKind::kReceive, "reception", 0.5}, {StepKind::kAssign, "signer", 0.5},
             {StepKind::kAppraise, "specialist", 5}, {StepKind::kReview, "unit_head", 1},
             {StepKind::kSign, "signer", 1},         {StepKind::kNumber, "clerk", 0.5},
             {StepKind::kReturn, "reception", 0.5}};
  // The budgets above add up to 9 working days. A longer limit gives the extra time to the
  // appraisal; a shorter one scales every step down in proportion so the sum stays within it.
  constexpr double kSum = 9.0;
  if (total_days >= kSum) {
    w.steps[2].budget_days += total_days - kSum;
  } else if (total_days > 0) {
    for (auto& s : w.steps) s.budget_days *= total_days / kSum;
  }
  return w;
}

namespace {

// The working days a limit of `amount` in `unit` spans, roughly: the split of the default steps
// needs a size, the real scaling is StepBudgetMinutes on the dossier's own calendar.
double WorkingDaysEquivalent(double amount, std::string_view unit) {
  constexpr double kWorkingPerCalendarDay = 5.0 / 7.0;
  if (unit == "working_hours" || unit == "hours") return amount / 8.0;
  if (unit == "minutes") return amount / (8.0 * 60.0);
  if (unit == "calendar_days") return amount * kWorkingPerCalendarDay;
  if (unit == "weeks") return amount * 7 * kWorkingPerCalendarDay;
  if (unit == "calendar_months" || unit == "months") return amount * 30 * kWorkingPerCalendarDay;
  if (unit == "years") return amount * 365 * kWorkingPerCalendarDay;
  if (unit == "same_day") return 1.0;
  return amount;  // working days
}

}  // namespace

Workflow DefaultWorkflowFor(std::string procedure_code, int version, double amount,
                            std::string_view unit) {
  const double total = unit == "same_day" ? 1.0 : amount;
  const double equivalent = WorkingDaysEquivalent(total, unit);
  Workflow w = DefaultWorkflow(std::move(procedure_code), version, equivalent);
  if (equivalent > 0 && total > 0) {
    for (auto& s : w.steps) s.budget_days *= total / equivalent;
  }
  w.total_days = total;
  return w;
}

int64_t StepBudgetMinutes(const Workflow& w, StepKind kind, int64_t limit_minutes) {
  const WorkflowStep* s = w.Find(kind);
  if (s == nullptr || !(w.total_days > 0) || limit_minutes <= 0) return 0;
  return static_cast<int64_t>(s->budget_days / w.total_days * static_cast<double>(limit_minutes) +
                              0.5);
}

}  // namespace motcua::dossier

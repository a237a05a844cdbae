// Per-procedure workflow definition: the ordered steps a dossier goes through, the role that does
// each step and the working-time budget of each step. Pure values; thread-compatible.
//
// A procedure's workflow is configuration (the province admin edits it), so roles are held by name
// and checked by ValidateWorkflow rather than by the type system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/authz/roles.h"

namespace motcua::dossier {

// The kinds of step a workflow is made of (domain.md §2.5: the leader assigns, the handler
// appraises, the unit head reviews, the leader signs, the clerk numbers and issues).
enum class StepKind {
  kReceive,   // one-stop reception (Mẫu 01)
  kAssign,    // the leader assigns a handler
  kAppraise,  // the handler appraises and drafts
  kReview,    // the unit head reviews
  kSign,      // the leader signs
  kNumber,    // the clerk numbers, stamps and issues the result
  kReturn,    // the one-stop point returns the result
};

// Returns "receive", "assign", … (names used in configuration and events).
std::string_view StepKindName(StepKind kind);
// Parses a step name; InvalidArgument listing the valid names otherwise.
Result<StepKind> ParseStepKind(std::string_view name);

struct WorkflowStep {
  StepKind kind = StepKind::kReceive;
  std::string role;          // role name as in authz::RoleName ("signer")
  // The step's share of the procedure's limit, in the limit's own unit: working days for a limit
  // in working days (0.5 = half a working day); for a limit in calendar days, months or working
  // hours, the same proportion of the working time that limit spans (StepBudgetMinutes), so a
  // 30-day procedure's steps get their part of its ~21 working days, not of one day.
  double budget_days = 0.0;
  bool operator==(const WorkflowStep&) const = default;
};

struct Workflow {
  std::string procedure_code;  // national procedure code ("1.001234")
  int procedure_version = 1;
  // The procedure's legal time limit, in the unit the dossier header names (Header::time_unit:
  // working days, working hours, calendar days or months; 1 for a same-day procedure).
  double total_days = 0.0;
  std::vector<WorkflowStep> steps;
  // Supplementation requests allowed without an explicit exception. domain.md §2.5 tags
  // "once only per agency" as [R] (read from Decree 61 Art 19(1)(c) as amended), so it is
  // configurable per procedure; DVCQG scores more than one as overdue.
  int max_supplementations = 1;
  // Apologies with a new date allowed (§2.5 "no more than once", tagged [S]/[C] by restatement).
  int max_apologies = 1;
  // Whether the wait for fees or taxes (status 6) stops the clock. domain.md §4 excludes only the
  // applicant's supplementation time by rule; the payment wait is read the same way by default and
  // is configurable per procedure (some provinces count it).
  bool payment_pauses_clock = true;
  // Whether a pause that follows an apology (supplementation, or the payment wait when it pauses
  // the clock) moves the apology's new date on by the working time paused. domain.md does not
  // say so for the new date itself; it says the applicant's waiting time is excluded and "the due
  // date moves forward by that waiting time" (§4, [S]/[R]), and the 2025 Mẫu 04 is a request to
  // extend the processing time (§3.1, [S]), so the new date is read as the due date of an
  // extended time and shifts like the legal one. Uncertain, hence configurable per procedure.
  bool pauses_shift_apology_due = true;
  bool operator==(const Workflow&) const = default;

  // Returns the step of `kind`, or nullptr when the workflow has none.
  const WorkflowStep* Find(StepKind kind) const;
  // Returns the role of the step of `kind`; nullopt when there is no such step.
  std::optional<authz::Role> RoleOf(StepKind kind) const;
  // Returns the processing step (assign … number) that follows `after` in this workflow; nullopt
  // when `after` is the last one. `after` == nullopt asks for the first processing step.
  std::optional<StepKind> NextProcessingStep(std::optional<StepKind> after) const;
  // Returns the step the assigned handler does: the processing step that follows 'assign'
  // (normally 'appraise'); nullopt when the workflow has no assign step (then a step's role alone
  // decides who may do it).
  std::optional<StepKind> AssignedStep() const;
};

// Returns OK for a usable workflow; InvalidArgument with one field error per problem otherwise:
// no steps, a duplicate step, an unknown role, a non-positive budget, a sum of budgets above the
// procedure's total, or processing steps out of their legal order.
Status ValidateWorkflow(const Workflow& workflow);

// Returns the commune default used until a procedure defines its own: receive 0.5 day (reception),
// assign 0.5 (signer), appraise 5 (specialist), review 1 (unit_head), sign 1 (signer), number 0.5
// (clerk), return 0.5 (reception), over a total of `total_days`.
Workflow DefaultWorkflow(std::string procedure_code, int version, double total_days);

// Returns the default workflow for a legal limit of `amount` in `unit` — the clock's units
// ("working_days", "working_hours", "calendar_days", "calendar_months", "same_day") or the
// catalogue's ("hours", "minutes", "weeks", "months", "years"). The steps are split as
// DefaultWorkflow splits the limit's working-day equivalent (a calendar day ≈ 5/7 working day, a
// month ≈ 30 such days, a working hour 1/8 day, a same-day limit one day) and expressed as shares
// of `amount`, with total_days = `amount` (1 for same_day).
Workflow DefaultWorkflowFor(std::string procedure_code, int version, double amount,
                            std::string_view unit);

// Returns the working minutes the step of `kind` may take: its share budget_days / total_days of
// `limit_minutes`, the working time the dossier's whole limit spans (from the counted start to
// the legal due without pauses). For a limit in working days that is budget_days working days.
// Returns 0 when the workflow has no such step or no limit.
int64_t StepBudgetMinutes(const Workflow& workflow, StepKind kind, int64_t limit_minutes);

}  // namespace motcua::dossier

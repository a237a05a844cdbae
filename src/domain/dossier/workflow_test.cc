#include "domain/dossier/workflow.h"

#include <gtest/gtest.h>

namespace motcua::dossier {
namespace {

bool HasField(const Status& s, const std::string& field) {
  for (const auto& f : s.fields()) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(Workflow, DefaultIsValid) {
  EXPECT_TRUE(ValidateWorkflow(DefaultWorkflow("1.0001", 1, 10)).ok());
}

TEST(Workflow, RejectsEmpty) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  w.steps.clear();
  Status s = ValidateWorkflow(w);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_TRUE(HasField(s, "steps"));
}

TEST(Workflow, RejectsDuplicateStep) {
  Workflow w = DefaultWorkflow("1.0001", 1, 20);
  w.steps.insert(w.steps.begin() + 2, w.steps[2]);
  EXPECT_TRUE(HasField(ValidateWorkflow(w), "steps/3"));
}

TEST(Workflow, RejectsUnknownRole) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  w.steps[1].role = "chairman";
  EXPECT_TRUE(HasField(ValidateWorkflow(w), "steps/1/role"));
}

TEST(Workflow, RejectsNonPositiveBudget) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  w.steps[2].budget_days = 0;
  EXPECT_TRUE(HasField(ValidateWorkflow(w), "steps/2/budget_days"));
  w.steps[2].budget_days = -1;
  EXPECT_TRUE(HasField(ValidateWorkflow(w), "steps/2/budget_days"));
}

TEST(Workflow, RejectsBudgetsAboveTotal) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  w.steps[2].budget_days += 3;  // the steps now add up to 13 days
  Status s = ValidateWorkflow(w);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.fields().at(0).message.find("more than"), std::string::npos);
}

TEST(Workflow, DefaultScalesToTheLimit) {
  // Table: the procedure's limit → the appraisal budget; the sum never exceeds the limit.
  const struct {
    double total, appraise;
  } rows[] = {{9, 5}, {15, 11}, {4.5, 2.5}, {1, 5.0 / 9}};
  for (const auto& r : rows) {
    Workflow w = DefaultWorkflow("1.0001", 1, r.total);
    double sum = 0;
    for (const auto& s : w.steps) sum += s.budget_days;
    EXPECT_NEAR(w.Find(StepKind::kAppraise)->budget_days, r.appraise, 1e-9) << r.total;
    EXPECT_LE(sum, r.total + 1e-9);
    EXPECT_TRUE(ValidateWorkflow(w).ok()) << r.total;
  }
}

TEST(Workflow, RejectsOutOfOrder) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  std::swap(w.steps[2], w.steps[4]);
  EXPECT_EQ(ValidateWorkflow(w).code(), Code::kInvalidArgument);
}

TEST(Workflow, NextProcessingStep) {
  Workflow w = DefaultWorkflow("1.0001", 1, 10);
  EXPECT_EQ(w.NextProcessingStep(std::nullopt), StepKind::kAssign);
  EXPECT_EQ(w.NextProcessingStep(StepKind::kAppraise), StepKind::kReview);
  EXPECT_EQ(w.NextProcessingStep(StepKind::kNumber), std::nullopt);
  EXPECT_EQ(w.RoleOf(StepKind::kNumber), authz::Role::kClerk);
}

TEST(Workflow, StepNamesRoundTrip) {
  EXPECT_EQ(*ParseStepKind("appraise"), StepKind::kAppraise);
  EXPECT_FALSE(ParseStepKind("approve").ok());
}


// Step budgets scale to the procedure's real limit and unit (issue 16): a step's working time is
// its share of the working time the whole limit spans, so a 30-day procedure's assign step has
// about half a working day, not the 27 minutes a one-day split would give it.
TEST(Workflow, StepBudgetsScaleToTheLimitAndItsUnit) {
  struct Case {
    double amount;
    const char* unit;
    int64_t limit_minutes;  // the working time the limit spans on the dossier's calendar
    StepKind step;
    int64_t minutes;
    const char* why;
  } cases[] = {
      {10, "working_days", 10 * 480, StepKind::kAssign, 240, "half a working day"},
      {10, "working_days", 10 * 480, StepKind::kAppraise, 6 * 480, "appraisal gets the rest"},
      {3, "working_days", 3 * 480, StepKind::kAssign, 80, "a short limit scales every step"},
      // Received Mon 23/11/2026 09:00, 30 days end Wed 23/12 17:00: 22 days + 6 h of work.
      {30, "calendar_days", 22 * 480 + 360, StepKind::kAssign, 255,
       "30 days: 0.7 of 30 shares of ~22.75 working days"},
      {30, "calendar_days", 22 * 480 + 360, StepKind::kReview, 510, "review about a day"},
      {1, "calendar_months", 21 * 480, StepKind::kAssign, 235, "one month"},
      {4, "working_hours", 240, StepKind::kAssign, 13, "four working hours"},
      {1, "same_day", 480, StepKind::kAssign, 27, "a same-day procedure: one day's split"},
      {10, "working_days", 10 * 480, StepKind::kReceive, 240, "reception"},
  };
  for (const auto& c : cases) {
    const Workflow w = DefaultWorkflowFor("1.0001", 1, c.amount, c.unit);
    EXPECT_TRUE(ValidateWorkflow(w).ok()) << c.why;
    EXPECT_DOUBLE_EQ(w.total_days, std::string(c.unit) == "same_day" ? 1.0 : c.amount) << c.why;
    EXPECT_EQ(StepBudgetMinutes(w, c.step, c.limit_minutes), c.minutes) << c.why;
    // The steps never take more than the whole limit.
    int64_t sum = 0;
    for (const auto& s : w.steps) sum += StepBudgetMinutes(w, s.kind, c.limit_minutes);
    EXPECT_LE(sum, c.limit_minutes + static_cast<int64_t>(w.steps.size())) << c.why;
  }
  // "Not overdue after two hours": the assign step of a 30-day procedure lasts longer.
  const Workflow thirty = DefaultWorkflowFor("1.0001", 1, 30, "calendar_days");
  EXPECT_GT(StepBudgetMinutes(thirty, StepKind::kAssign, 22 * 480 + 360), 120);
  EXPECT_EQ(StepBudgetMinutes(thirty, StepKind::kAssign, 0), 0);
}

}  // namespace
}  // namespace motcua::dossier

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

}  // namespace
}  // namespace motcua::dossier

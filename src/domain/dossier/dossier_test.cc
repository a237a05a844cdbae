#include "domain/dossier/dossier.h"

#include <gtest/gtest.h>

namespace motcua::dossier {
namespace {

using authz::Role;
using C = CommandType;

struct StepSpec {
  C cmd;
  std::optional<Role> role;  // empty: the applicant
  State want_state;
  Step want_step = Step::kNone;
  bool exception = false;
};

Command Make(C c, std::optional<Role> role, bool exception = false) {
  Command cmd{c, Actor{role ? "user:1" : "resident:1", role, ""}};
  cmd.reason = "lý do";
  cmd.items = {"Tờ khai"};
  cmd.new_due_ms = 2'000'000'000'000;
  cmd.result_number = "12/QĐ-UBND";
  cmd.return_channel = ReturnChannel::kCounter;
  cmd.exception = exception;
  return cmd;
}

// Folds a scenario, checking each step's state; returns the final dossier.
Dossier Play(const std::vector<StepSpec>& steps, const char* name) {
  Dossier d;
  int64_t now = 1'800'000'000'000;
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    auto ev = Decide(d, Make(s.cmd, s.role, s.exception), now += 3600'000);
    EXPECT_TRUE(ev.ok()) << name << " step " << i << " (" << CommandName(s.cmd)
                         << "): " << ev.status().message();
    if (!ev.ok()) return d;
    for (const auto& e : *ev) Apply(d, e);
    EXPECT_EQ(d.state, s.want_state) << name << " step " << i;
    EXPECT_EQ(d.step, s.want_step) << name << " step " << i;
  }
  return d;
}

const std::vector<StepSpec> kToSigned = {
    {C::kReceiveAtCounter, Role::kReception, State::kAccepted},
    {C::kAssign, Role::kReception, State::kProcessing, Step::kAssigned},
    {C::kAppraise, Role::kSpecialist, State::kProcessing, Step::kAppraised},
    {C::kReview, Role::kUnitHead, State::kProcessing, Step::kReviewed},
    {C::kSign, Role::kSigner, State::kProcessing, Step::kSigned},
};

std::vector<StepSpec> Concat(std::vector<StepSpec> a, const std::vector<StepSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(DossierTest, CounterAcceptToReturn) {
  Dossier d = Play(Concat(kToSigned, {
                                        {C::kNumber, Role::kClerk, State::kProcessing, Step::kNumbered},
                                        {C::kMarkReady, Role::kClerk, State::kResultReady, Step::kNumbered},
                                        {C::kReturn, Role::kReception, State::kDelivered, Step::kNumbered},
                                    }),
                  "counter");
  EXPECT_EQ(d.channel, Channel::kCounter);
  EXPECT_TRUE(d.accepted_ms);
  EXPECT_EQ(d.result_number, "12/QĐ-UBND");
  EXPECT_EQ(d.version, 8);
}

TEST(DossierTest, OnlineSendBackResubmitAccept) {
  Dossier d = Play({{C::kSubmitOnline, std::nullopt, State::kSubmittedOnline},
                   {C::kSendBack, Role::kReception, State::kSubmittedOnline},
                   {C::kResubmit, std::nullopt, State::kSubmittedOnline},
                   {C::kAcceptOnline, Role::kReception, State::kAccepted}},
                  "online");
  EXPECT_EQ(d.channel, Channel::kOnline);
  EXPECT_FALSE(d.returned_for_completion);
}

TEST(DossierTest, SupplementationPausesOnceAndASecondIsAnException) {
  std::vector<StepSpec> s = {
      {C::kReceiveAtCounter, Role::kReception, State::kAccepted},
      {C::kAssign, Role::kUnitHead, State::kProcessing, Step::kAssigned},
      {C::kRequestSupplement, Role::kSpecialist, State::kSupplementRequested, Step::kAssigned},
      {C::kSupplement, std::nullopt, State::kProcessing, Step::kAssigned},
  };
  Dossier d = Play(s, "supplement");
  ASSERT_EQ(d.pauses.size(), 1u);
  EXPECT_TRUE(d.pauses[0].to_ms);
  auto again = Decide(d, Make(C::kRequestSupplement, Role::kSpecialist), 1);
  EXPECT_EQ(again.status().code(), Code::kFailedPrecondition);
  auto ex = Decide(d, Make(C::kRequestSupplement, Role::kSpecialist, /*exception=*/true), 1);
  ASSERT_TRUE(ex.ok());
  EXPECT_TRUE((*ex)[0].exception);
  Apply(d, (*ex)[0]);
  EXPECT_EQ(d.supplement_exceptions, 1);
  EXPECT_FALSE(d.pauses.back().to_ms);  // open: the clock is held
}

TEST(DossierTest, PaymentWaitApologyOnceStopAndRefusals) {
  Dossier d = Play({{C::kReceiveAtCounter, Role::kReception, State::kAccepted},
                   {C::kAssign, Role::kReception, State::kProcessing, Step::kAssigned},
                   {C::kRequestPayment, Role::kSpecialist, State::kAwaitingPayment, Step::kAssigned},
                   {C::kPaid, Role::kReception, State::kProcessing, Step::kAssigned},
                   {C::kApologise, Role::kUnitHead, State::kProcessing, Step::kAssigned}},
                  "payment");
  EXPECT_EQ(d.pauses.size(), 1u);
  EXPECT_EQ(d.pauses[0].why, "payment");
  EXPECT_TRUE(d.apologised);
  EXPECT_EQ(Decide(d, Make(C::kApologise, Role::kSigner), 1).status().code(),
            Code::kFailedPrecondition);

  Play({{C::kReceiveAtCounter, Role::kReception, State::kAccepted},
       {C::kRequestWithdrawal, std::nullopt, State::kWithdrawalRequested},
       {C::kStop, Role::kReception, State::kStopped}},
      "stop");
  Play({{C::kSubmitOnline, std::nullopt, State::kSubmittedOnline},
       {C::kRefuse, Role::kReception, State::kRefused}},
      "refused at reception");
  Play({{C::kReceiveAtCounter, Role::kReception, State::kAccepted},
       {C::kAssign, Role::kReception, State::kProcessing, Step::kAssigned},
       {C::kAppraise, Role::kSpecialist, State::kProcessing, Step::kAppraised},
       {C::kRefuse, Role::kSpecialist, State::kRefused, Step::kAppraised}},
      "refused after appraisal");
}

struct Illegal {
  std::vector<StepSpec> before;
  C cmd;
  std::optional<Role> role;
  Code want;
  const char* why;
};

TEST(DossierTest, IllegalActionsAreRefusedWithTheirReason) {
  const std::vector<StepSpec> accepted = {{C::kReceiveAtCounter, Role::kReception, State::kAccepted}};
  const std::vector<StepSpec> numbered =
      Concat(kToSigned, {{C::kNumber, Role::kClerk, State::kProcessing, Step::kNumbered}});
  const Illegal cases[] = {
      {accepted, C::kSign, Role::kSigner, Code::kFailedPrecondition, "sign before review"},
      {accepted, C::kAssign, Role::kSpecialist, Code::kPermissionDenied, "specialist assigns"},
      {kToSigned, C::kNumber, Role::kSigner, Code::kPermissionDenied, "signer numbers"},
      {{}, C::kAcceptOnline, Role::kReception, Code::kNotFound, "no dossier"},
      {accepted, C::kReceiveAtCounter, Role::kReception, Code::kFailedPrecondition, "twice"},
      {accepted, C::kRefuse, Role::kReception, Code::kFailedPrecondition, "refuse when accepted"},
      {numbered, C::kRequestWithdrawal, std::nullopt, Code::kFailedPrecondition,
       "withdraw after the result is issued"},
      {accepted, C::kReturn, Role::kReception, Code::kFailedPrecondition, "return before ready"},
      {{}, C::kReceiveAtCounter, Role::kSpecialist, Code::kPermissionDenied, "specialist receives"},
      {{}, C::kSubmitOnline, Role::kReception, Code::kPermissionDenied, "officer submits online"},
  };
  for (const auto& c : cases) {
    Dossier d = Play(c.before, c.why);
    auto r = Decide(d, Make(c.cmd, c.role), 1);
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.status().code(), c.want) << c.why << ": " << r.status().message();
  }
  Dossier d = Play(accepted, "message");
  auto r = Decide(d, Make(C::kSign, Role::kSigner), 1);
  EXPECT_NE(r.status().message().find("accepted"), std::string::npos) << r.status().message();
}

TEST(DossierTest, MissingReasonOrItemsNameTheField) {
  Dossier d = Play({{C::kSubmitOnline, std::nullopt, State::kSubmittedOnline}}, "fields");
  Command c = Make(C::kSendBack, Role::kReception);
  c.items.clear();
  EXPECT_EQ(Decide(d, c, 1).status().fields()[0].field, "items");
  c = Make(C::kRefuse, Role::kReception);
  c.reason.clear();
  EXPECT_EQ(Decide(d, c, 1).status().fields()[0].field, "reason");
}

TEST(DossierTest, CommandNamesRoundTrip) {
  for (auto name : {"submit-online", "receive-at-counter", "accept-online", "send-back", "resubmit",
                    "refuse", "assign", "appraise", "review", "sign", "number", "mark-ready",
                    "return", "request-supplement", "supplement", "request-payment", "paid",
                    "apologise", "request-withdrawal", "stop"}) {
    auto c = ParseCommand(name);
    ASSERT_TRUE(c) << name;
    EXPECT_EQ(CommandName(*c), name);
  }
  EXPECT_FALSE(ParseCommand("teleport"));
}

}  // namespace
}  // namespace motcua::dossier

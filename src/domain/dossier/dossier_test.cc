#include "domain/dossier/dossier.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace motcua::dossier {
namespace {

using authz::Role;
using NS = NationalStatus;

constexpr Instant kT0 = 1'795'000'000'000;  // an instant in late 2026
constexpr Instant kMin = 60'000;
constexpr Instant kMsPerDay = 24 * 3600 * 1000LL;

Header TestHeader() {
  Header h;
  h.id = "H40.12-261202-0001";
  h.province = "40";
  h.unit = "12345";
  h.applicant.full_name = "Nguyễn Thị Hoà";
  h.workflow = DefaultWorkflow("1.001234", 1, 10);
  return h;
}

Actor As(Role r) { return Actor{"user:" + std::string(authz::RoleName(r)), r}; }
Actor Applicant() { return Actor{"resident:1", std::nullopt}; }

struct Step {
  Actor actor;
  CommandBody body;
  NS expect;  // status after the step
};

// Runs every step; each must be accepted and leave the dossier in `expect`.
Dossier RunSteps(const std::vector<Step>& steps, Dossier d = {}) {
  Instant now = kT0;
  for (size_t i = 0; i < steps.size(); ++i) {
    now += 10 * kMin;
    auto r = Decide(d, Command{steps[i].actor, steps[i].body}, now);
    EXPECT_TRUE(r.ok()) << "step " << i << ": " << r.status().ToString();
    if (!r.ok()) return d;
    for (const auto& e : *r) d = Apply(std::move(d), e);
    EXPECT_EQ(d.status, steps[i].expect) << "step " << i << ": " << StatusName(d.status);
  }
  return d;
}

std::vector<Step> CounterToProcessed() {
  return {
      {As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
      {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
      {As(Role::kSpecialist), Appraise{"đủ điều kiện"}, NS::kProcessing},
      {As(Role::kUnitHead), Review{"đồng ý"}, NS::kProcessing},
      {As(Role::kSigner), Sign{}, NS::kProcessing},
      {As(Role::kClerk), Number{"12/QĐ-UBND"}, NS::kProcessing},
  };
}

std::vector<Step> Concat(std::vector<Step> a, const std::vector<Step>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct PathCase {
  std::string name;
  std::vector<Step> steps;
};

void PrintTo(const PathCase& c, std::ostream* os) { *os << c.name; }

class LegalPath : public ::testing::TestWithParam<PathCase> {};

TEST_P(LegalPath, EveryStepIsAcceptedAndLandsInItsStatus) {
  Dossier d = RunSteps(GetParam().steps);
  EXPECT_EQ(d.version, static_cast<int64_t>(GetParam().steps.size()));
}

const std::vector<Step> kReadyAndReturn = {
    {As(Role::kClerk), MarkResultReady{}, NS::kResultReady},
    {As(Role::kReception), ReturnResult{ReturnChannel::kCounter}, NS::kResultDelivered},
};

INSTANTIATE_TEST_SUITE_P(
    Dossier, LegalPath,
    ::testing::Values(
        PathCase{"CounterToReturn", Concat(CounterToProcessed(), kReadyAndReturn)},
        PathCase{"OnlineSendBackResubmitAccept",
                 {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline},
                  {As(Role::kReception), SendBackForCompletion{{"Tờ khai"}, "thiếu chữ ký"},
                   NS::kSubmittedOnline},
                  {Applicant(), Resubmit{}, NS::kSubmittedOnline},
                  {As(Role::kReception), AcceptOnline{}, NS::kAccepted}}},
        PathCase{"SupplementationOnceThenExceptionThenReturn",
                 Concat({{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                         {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                         {As(Role::kSpecialist), RequestSupplementation{{"Bản sao CCCD"}, "mờ"},
                          NS::kSupplementationRequested},
                         {Applicant(), Supplement{}, NS::kProcessing},
                         {As(Role::kSpecialist),
                          RequestSupplementation{{"Giấy xác nhận"}, "", true, "luật chuyên ngành"},
                          NS::kSupplementationRequested},
                         {As(Role::kReception), Supplement{}, NS::kProcessing},
                         {As(Role::kSpecialist), Appraise{""}, NS::kProcessing},
                         {As(Role::kUnitHead), Review{""}, NS::kProcessing},
                         {As(Role::kSigner), Sign{}, NS::kProcessing},
                         {As(Role::kClerk), Number{"1/GCN"}, NS::kProcessing}},
                        kReadyAndReturn)},
        PathCase{"PaymentPause",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                  {As(Role::kSpecialist), RequestPayment{50000, "lệ phí"}, NS::kAwaitingPayment},
                  {As(Role::kReception), Paid{}, NS::kProcessing}}},
        PathCase{"ApologyOnceKeepsStatus",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                  {As(Role::kSigner), Apologise{"cần xác minh", kT0 + 100 * kMsPerDay, true},
                   NS::kProcessing}}},
        PathCase{"WithdrawalThenStop",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                  {Applicant(), RequestWithdrawal{"không có nhu cầu"}, NS::kWithdrawalRequested},
                  {As(Role::kReception), Stop{""}, NS::kStopped}}},
        PathCase{"StopWhileWaitingForSupplementation",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                  {As(Role::kSpecialist), RequestSupplementation{{"Tờ khai"}, ""},
                   NS::kSupplementationRequested},
                  {As(Role::kReception), Stop{"quá hạn bổ sung"}, NS::kStopped}}},
        PathCase{"RefusedAtReception",
                 {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline},
                  {As(Role::kReception), Refuse{"không thuộc thẩm quyền"}, NS::kRefused}}},
        PathCase{"RefusedAfterAppraisal",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
                  {As(Role::kSpecialist), Appraise{"không đủ điều kiện"}, NS::kProcessing},
                  {As(Role::kSigner), Refuse{"không đủ điều kiện"}, NS::kRefused}}},
        PathCase{"ReturnByPost", Concat(CounterToProcessed(),
                                        {{As(Role::kClerk), MarkResultReady{}, NS::kResultReady},
                                         {As(Role::kReception), ReturnResult{ReturnChannel::kPost},
                                          NS::kResultDelivered}})}),
    [](const auto& info) { return info.param.name; });

// ---- Illegal actions ------------------------------------------------------------------------

struct IllegalCase {
  std::string name;
  std::vector<Step> setup;
  Step attempt;  // `expect` unused
  Code code;
  std::string message_part;
};

void PrintTo(const IllegalCase& c, std::ostream* os) { *os << c.name; }

class Illegal : public ::testing::TestWithParam<IllegalCase> {};

TEST_P(Illegal, IsRejectedWithTypedError) {
  const auto& p = GetParam();
  Dossier d = RunSteps(p.setup);
  auto r = Decide(d, Command{p.attempt.actor, p.attempt.body}, kT0 + kMsPerDay);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), p.code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(p.message_part), std::string::npos) << r.status().message();
}

const std::vector<Step> kAccepted = {
    {As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted}};
const std::vector<Step> kAssigned = {
    {As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
    {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing}};
const std::vector<Step> kOnline = {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline}};

INSTANTIATE_TEST_SUITE_P(
    Dossier, Illegal,
    ::testing::Values(
        IllegalCase{"AssignBeforeExisting",
                    {},
                    {As(Role::kSigner), Assign{"u"}, {}},
                    Code::kFailedPrecondition,
                    "does not exist"},
        IllegalCase{"AssignOnlineNotAccepted",
                    kOnline,
                    {As(Role::kSigner), Assign{"u"}, {}},
                    Code::kFailedPrecondition,
                    "'submitted online' (1)"},
        IllegalCase{"SignBeforeAppraise",
                    kAssigned,
                    {As(Role::kSigner), Sign{}, {}},
                    Code::kFailedPrecondition,
                    "expects 'appraise' next"},
        IllegalCase{"AppraiseBySigner",
                    kAssigned,
                    {As(Role::kSigner), Appraise{""}, {}},
                    Code::kPermissionDenied,
                    "specialist"},
        IllegalCase{"SignBySpecialist",
                    Concat(kAssigned, {{As(Role::kSpecialist), Appraise{""}, NS::kProcessing},
                                       {As(Role::kUnitHead), Review{""}, NS::kProcessing}}),
                    {As(Role::kSpecialist), Sign{}, {}},
                    Code::kPermissionDenied,
                    "signer"},
        IllegalCase{"NumberByReception",
                    Concat(CounterToProcessed(), {}),
                    {As(Role::kReception), Number{"x"}, {}},
                    Code::kFailedPrecondition,
                    "no further step"},
        IllegalCase{"AcceptTwice",
                    kAccepted,
                    {As(Role::kReception), AcceptOnline{}, {}},
                    Code::kFailedPrecondition,
                    "'accepted' (2)"},
        IllegalCase{"AcceptWhileSentBack",
                    Concat(kOnline, {{As(Role::kReception), SendBackForCompletion{{"a"}, ""},
                                      NS::kSubmittedOnline}}),
                    {As(Role::kReception), AcceptOnline{}, {}},
                    Code::kFailedPrecondition,
                    "sent back"},
        IllegalCase{"AcceptByApplicant",
                    kOnline,
                    {Applicant(), AcceptOnline{}, {}},
                    Code::kPermissionDenied,
                    "reception"},
        IllegalCase{"SecondSupplementationWithoutException",
                    Concat(kAssigned, {{As(Role::kSpecialist), RequestSupplementation{{"a"}, ""},
                                        NS::kSupplementationRequested},
                                       {Applicant(), Supplement{}, NS::kProcessing}}),
                    {As(Role::kSpecialist), RequestSupplementation{{"b"}, ""}, {}},
                    Code::kFailedPrecondition,
                    "explicit exception"},
        IllegalCase{"SecondSupplementationExceptionWithoutReason",
                    Concat(kAssigned, {{As(Role::kSpecialist), RequestSupplementation{{"a"}, ""},
                                        NS::kSupplementationRequested},
                                       {Applicant(), Supplement{}, NS::kProcessing}}),
                    {As(Role::kSpecialist), RequestSupplementation{{"b"}, "", true, ""}, {}},
                    Code::kInvalidArgument,
                    "exception"},
        IllegalCase{"SupplementWithoutRequest",
                    kAssigned,
                    {Applicant(), Supplement{}, {}},
                    Code::kFailedPrecondition,
                    "'processing' (4)"},
        IllegalCase{"SecondApology",
                    Concat(kAssigned, {{As(Role::kSigner), Apologise{"r", kT0 + 90 * kMsPerDay},
                                        NS::kProcessing}}),
                    {As(Role::kSigner), Apologise{"r", kT0 + 99 * kMsPerDay}, {}},
                    Code::kFailedPrecondition,
                    "only once"},
        IllegalCase{"ApologyWithPastDate",
                    kAssigned,
                    {As(Role::kSigner), Apologise{"r", kT0}, {}},
                    Code::kInvalidArgument,
                    "apology"},
        IllegalCase{"ApologyByReception",
                    kAssigned,
                    {As(Role::kReception), Apologise{"r", kT0 + 90 * kMsPerDay}, {}},
                    Code::kPermissionDenied,
                    "signer"},
        IllegalCase{"WithdrawAfterIssued",
                    CounterToProcessed(),
                    {Applicant(), RequestWithdrawal{"r"}, {}},
                    Code::kFailedPrecondition,
                    "last step 'number'"},
        IllegalCase{
            "StopAfterResultReady",
            Concat(CounterToProcessed(), {{As(Role::kClerk), MarkResultReady{}, NS::kResultReady}}),
            {As(Role::kReception), Stop{"r"}, {}},
            Code::kFailedPrecondition,
            "'result ready' (9)"},
        IllegalCase{"RefuseBeforeAppraisal",
                    kAssigned,
                    {As(Role::kSigner), Refuse{"r"}, {}},
                    Code::kFailedPrecondition,
                    "cannot refuse"},
        IllegalCase{"RefuseAfterAppraisalBySpecialist",
                    Concat(kAssigned, {{As(Role::kSpecialist), Appraise{""}, NS::kProcessing}}),
                    {As(Role::kSpecialist), Refuse{"r"}, {}},
                    Code::kPermissionDenied,
                    "signer"},
        IllegalCase{"ReadyBeforeNumbered",
                    kAssigned,
                    {As(Role::kClerk), MarkResultReady{}, {}},
                    Code::kFailedPrecondition,
                    "mark the result ready"},
        IllegalCase{"ReturnBeforeReady",
                    CounterToProcessed(),
                    {As(Role::kReception), ReturnResult{}, {}},
                    Code::kFailedPrecondition,
                    "return the result"},
        IllegalCase{"ReturnTwice",
                    Concat(CounterToProcessed(), kReadyAndReturn),
                    {As(Role::kReception), ReturnResult{}, {}},
                    Code::kFailedPrecondition,
                    "'result delivered' (10)"},
        IllegalCase{"PaidWithoutRequest",
                    kAssigned,
                    {As(Role::kReception), Paid{}, {}},
                    Code::kFailedPrecondition,
                    "record payment"},
        IllegalCase{"ActOnStopped",
                    Concat(kAssigned, {{As(Role::kReception), Stop{"r"}, NS::kStopped}}),
                    {As(Role::kSpecialist), Appraise{""}, {}},
                    Code::kFailedPrecondition,
                    "'stopped' (8)"},
        IllegalCase{"AcceptAtCounterTwice",
                    kAccepted,
                    {As(Role::kReception), AcceptAtCounter{TestHeader()}, {}},
                    Code::kFailedPrecondition,
                    "accept at the counter"}),
    [](const auto& info) { return info.param.name; });

// ---- Recorded facts ------------------------------------------------------------------------

// The statuses whose stored due time follows a calendar change (domain.md §2.2): accepted and not
// finished, whether the clock runs or is paused.
TEST(Dossier, DueIsLiveWhileAcceptedAndNotFinished) {
  const struct {
    NS status;
    bool live;
  } cases[] = {{NS::kSubmittedOnline, false},       {NS::kAccepted, true},
               {NS::kRefused, false},               {NS::kProcessing, true},
               {NS::kSupplementationRequested, true}, {NS::kAwaitingPayment, true},
               {NS::kWithdrawalRequested, true},    {NS::kStopped, false},
               {NS::kResultReady, false},           {NS::kResultDelivered, false}};
  for (const auto& c : cases) EXPECT_EQ(DueIsLive(c.status), c.live) << StatusName(c.status);
  EXPECT_EQ(LiveDueStatusCodes(), (std::vector<int>{2, 4, 5, 6, 7}));
}

TEST(Dossier, PausesAreRecordedForTheClock) {
  Dossier d = RunSteps(
      {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
       {As(Role::kSigner), Assign{"user:7"}, NS::kProcessing},
       {As(Role::kSpecialist), RequestSupplementation{{"a"}, ""}, NS::kSupplementationRequested},
       {Applicant(), Supplement{}, NS::kProcessing},
       {As(Role::kSpecialist), RequestPayment{1000, ""}, NS::kAwaitingPayment}});
  ASSERT_EQ(d.pauses.size(), 2u);
  EXPECT_EQ(d.pauses[0].kind, PauseKind::kSupplementation);
  EXPECT_EQ(d.pauses[0].start, kT0 + 30 * kMin);
  EXPECT_EQ(d.pauses[0].end, kT0 + 40 * kMin);
  EXPECT_EQ(d.pauses[1].kind, PauseKind::kPayment);
  EXPECT_FALSE(d.pauses[1].end.has_value());
  EXPECT_EQ(d.accepted_at, kT0 + 10 * kMin);
  EXPECT_EQ(d.handler, "user:7");
}

TEST(Dossier, SecondSupplementationIsMarkedAsException) {
  Dossier d = RunSteps(kAssigned);
  auto r1 = Decide(d, {As(Role::kSpecialist), RequestSupplementation{{"a"}, "x"}}, kT0);
  ASSERT_TRUE(r1.ok());
  EXPECT_FALSE((*r1)[0].exception);
  d = Apply(d, (*r1)[0]);
  d = Apply(d, (*Decide(d, {Applicant(), Supplement{}}, kT0))[0]);
  auto r2 = Decide(d, {As(Role::kSpecialist), RequestSupplementation{{"b"}, "x", true, "y"}}, kT0);
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE((*r2)[0].exception);
  EXPECT_EQ(Apply(d, (*r2)[0]).supplementation_requests, 2);
}

TEST(Dossier, SupplementationLimitIsConfigurable) {
  Header h = TestHeader();
  h.workflow.max_supplementations = 2;
  Dossier d = RunSteps(
      {{As(Role::kReception), AcceptAtCounter{h}, NS::kAccepted},
       {As(Role::kSigner), Assign{"u"}, NS::kProcessing},
       {As(Role::kSpecialist), RequestSupplementation{{"a"}, ""}, NS::kSupplementationRequested},
       {Applicant(), Supplement{}, NS::kProcessing},
       {As(Role::kSpecialist), RequestSupplementation{{"b"}, ""}, NS::kSupplementationRequested}});
  EXPECT_EQ(d.supplementation_requests, 2);
}

TEST(Dossier, ApologyRecordsNewDateAndLateFlag) {
  Dossier d = RunSteps(kAssigned);
  auto r = Decide(d, {As(Role::kSigner), Apologise{"r", kT0 + 5 * kMsPerDay, true}}, kT0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[0].late);
  d = Apply(d, (*r)[0]);
  EXPECT_EQ(d.new_due, kT0 + 5 * kMsPerDay);
  EXPECT_EQ(d.status, NS::kProcessing);
}

TEST(Dossier, WorkflowWithoutReviewSkipsIt) {
  Header h = TestHeader();
  std::erase_if(h.workflow.steps,
                [](const WorkflowStep& s) { return s.kind == StepKind::kReview; });
  Dossier d = RunSteps({{As(Role::kReception), AcceptAtCounter{h}, NS::kAccepted},
                        {As(Role::kSigner), Assign{"u"}, NS::kProcessing},
                        {As(Role::kSpecialist), Appraise{""}, NS::kProcessing},
                        {As(Role::kSigner), Sign{}, NS::kProcessing}});
  EXPECT_EQ(d.step, StepKind::kSign);
}

TEST(Dossier, InvalidWorkflowRejectedAtIntake) {
  Header h = TestHeader();
  h.workflow.steps.clear();
  auto r = Decide({}, {As(Role::kReception), AcceptAtCounter{h}}, kT0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

TEST(Dossier, ReplayEqualsStepwiseApply) {
  std::vector<DossierEvent> events;
  Dossier d;
  Instant now = kT0;
  for (const auto& s : Concat(CounterToProcessed(), kReadyAndReturn)) {
    auto r = Decide(d, {s.actor, s.body}, now += kMin);
    ASSERT_TRUE(r.ok());
    for (auto& e : *r) {
      d = Apply(d, e);
      events.push_back(e);
    }
  }
  EXPECT_EQ(Replay(events), d);
  EXPECT_EQ(d.returned_by, ReturnChannel::kCounter);
}

TEST(Dossier, EscalationKeysAreDistinctPerThreshold) {
  EXPECT_EQ(EscalationKey("H40.12-261202-0001", Threshold::kOverdue), "H40.12-261202-0001/overdue");
  EXPECT_EQ(EscalationKey("H40.12-261202-0001", Threshold::kDueWithinOneWorkingDay),
            "H40.12-261202-0001/due-within-1wd");
}

TEST(Dossier, StatusCodesAreTheNationalNumbers) {
  EXPECT_EQ(static_cast<int>(NS::kSubmittedOnline), 1);
  EXPECT_EQ(static_cast<int>(NS::kResultDelivered), 10);
  EXPECT_EQ(StatusNameVi(NS::kStopped), "Dừng xử lý");
}

}  // namespace
}  // namespace motcua::dossier

#include "domain/dossier/dossier.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "base/civil_time.h"

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

// An officer acting in role `r`; the account is named after the role ("specialist").
Actor As(Role r) {
  const std::string name(authz::RoleName(r));
  return Actor{"user:" + name, r, "", name, ""};
}
Actor Applicant() { return Actor{"resident:1", std::nullopt, "", "", ""}; }

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
      {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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
                         {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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
                  {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
                  {As(Role::kSpecialist), RequestPayment{50000, "lệ phí"}, NS::kAwaitingPayment},
                  {As(Role::kReception), Paid{}, NS::kProcessing}}},
        PathCase{"ApologyOnceKeepsStatus",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
                  {As(Role::kSigner), Apologise{"cần xác minh", kT0 + 100 * kMsPerDay, true},
                   NS::kProcessing}}},
        PathCase{"WithdrawalThenStop",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
                  {Applicant(), RequestWithdrawal{"không có nhu cầu"}, NS::kWithdrawalRequested},
                  {As(Role::kReception), Stop{""}, NS::kStopped}}},
        PathCase{"OnlineWithdrawnBeforeAcceptanceThenStop",
                 {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline},
                  {Applicant(), RequestWithdrawal{"nộp nhầm thủ tục"}, NS::kWithdrawalRequested},
                  {As(Role::kReception), Stop{""}, NS::kStopped}}},
        PathCase{"StopWhileWaitingForSupplementation",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
                  {As(Role::kSpecialist), RequestSupplementation{{"Tờ khai"}, ""},
                   NS::kSupplementationRequested},
                  {As(Role::kReception), Stop{"quá hạn bổ sung"}, NS::kStopped}}},
        PathCase{"RefusedAtReception",
                 {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline},
                  {As(Role::kReception), Refuse{"không thuộc thẩm quyền"}, NS::kRefused}}},
        PathCase{"RefusedAfterAppraisal",
                 {{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted},
                  {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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
    {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing}};
const std::vector<Step> kOnline = {{Applicant(), SubmitOnline{TestHeader()}, NS::kSubmittedOnline}};

INSTANTIATE_TEST_SUITE_P(
    Dossier, Illegal,
    ::testing::Values(
        IllegalCase{"AssignBeforeExisting",
                    {},
                    {As(Role::kSigner), Assign{"specialist"}, {}},
                    Code::kFailedPrecondition,
                    "does not exist"},
        IllegalCase{"AssignOnlineNotAccepted",
                    kOnline,
                    {As(Role::kSigner), Assign{"specialist"}, {}},
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
       {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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
  EXPECT_EQ(d.handler, "specialist");
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
       {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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

// ---- The apology's new date (Mẫu 04; domain.md §2.5, §4) ----------------------------------
//
// The new date must be later than the due in force (an apology extends the time, never shortens
// it) and fall in working time; it may be set once. The service derives `due_in_force`,
// `in_working_time` and `next_working` from the unit's calendar; the rule is decided here.

Instant Vn(int y, unsigned m, unsigned d, int hh, int mm) {
  return FromVietnam(std::chrono::year(y) / m / d, hh * 60 + mm);
}

struct ApologyCase {
  std::string name;
  int earlier_apologies = 0;  // apologies already given
  std::optional<Instant> due_in_force;
  Instant new_due = 0;
  bool in_working_time = true;
  std::optional<Instant> next_working;
  std::optional<Code> code;  // empty: accepted
  std::string message_part;  // in the message when refused
  std::string field_part;    // in the `new_due` field's message when refused
};

void PrintTo(const ApologyCase& c, std::ostream* os) { *os << c.name; }

class ApologyRule : public ::testing::TestWithParam<ApologyCase> {};

TEST_P(ApologyRule, NewDateMustExtendTheDueInForceInWorkingTimeOnce) {
  const auto& p = GetParam();
  Dossier d = RunSteps(kAssigned);
  const Instant now = Vn(2026, 12, 14, 9, 0);  // Monday
  for (int i = 0; i < p.earlier_apologies; ++i) {
    auto first = Decide(d, {As(Role::kSigner), Apologise{"r", Vn(2026, 12, 22, 17, 0)}}, now);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    d = Apply(d, (*first)[0]);
  }
  Apologise a{"Chờ xác minh", p.new_due, false, p.due_in_force, p.in_working_time,
              p.next_working};
  auto r = Decide(d, {As(Role::kSigner), a}, now);
  if (!p.code) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    d = Apply(d, (*r)[0]);
    EXPECT_EQ(d.new_due, p.new_due);
    EXPECT_EQ(d.apologised_at, now);
    return;
  }
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), *p.code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(p.message_part), std::string::npos) << r.status().message();
  if (!p.field_part.empty()) {
    const Status st = r.status();
    ASSERT_EQ(st.fields().size(), 1u);
    EXPECT_EQ(st.fields()[0].field, "new_due");
    EXPECT_NE(st.fields()[0].message.find(p.field_part), std::string::npos)
        << st.fields()[0].message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Dossier, ApologyRule,
    ::testing::Values(
        // Due Monday 21/12 17:00; the new date two days earlier would shorten the deadline.
        ApologyCase{"EarlierThanDueInForce", 0, Vn(2026, 12, 21, 17, 0), Vn(2026, 12, 18, 16, 0),
                    true, {}, Code::kInvalidArgument,
                    "not later than the due date in force, 17:00 21/12/2026",
                    "must be later than the due date in force, 17:00 21/12/2026"},
        ApologyCase{"EqualToDueInForce", 0, Vn(2026, 12, 21, 17, 0), Vn(2026, 12, 21, 17, 0), true,
                    {}, Code::kInvalidArgument, "cannot shorten it",
                    "must be later than the due date in force, 17:00 21/12/2026"},
        ApologyCase{"LaterThanDueInForce", 0, Vn(2026, 12, 21, 17, 0), Vn(2026, 12, 24, 16, 0),
                    true, {}, {}, "", ""},
        ApologyCase{"LaterButNoDueKnown", 0, {}, Vn(2026, 12, 24, 16, 0), true, {}, {}, "", ""},
        // Saturday evening, after the due: outside working time, refused with the next opening.
        ApologyCase{"OutsideWorkingTime", 0, Vn(2026, 12, 21, 17, 0), Vn(2026, 12, 26, 19, 0),
                    false, Vn(2026, 12, 28, 7, 0), Code::kInvalidArgument,
                    "outside the unit's working time",
                    "must fall in office hours on a working day, e.g. 07:00 28/12/2026"},
        // Saturday evening before the legal due: both wrong; the shortening is named first.
        ApologyCase{"SaturdayEveningBeforeDue", 0, Vn(2026, 12, 21, 17, 0),
                    Vn(2026, 12, 19, 19, 0), false, Vn(2026, 12, 21, 7, 0),
                    Code::kInvalidArgument, "not later than the due date in force", ""},
        ApologyCase{"InThePast", 0, {}, Vn(2026, 12, 14, 8, 0), true, {}, Code::kInvalidArgument,
                    "incomplete", "must be in the future"},
        ApologyCase{"SecondApologyRefused", 1, Vn(2026, 12, 22, 17, 0), Vn(2026, 12, 29, 16, 0),
                    true, {}, Code::kFailedPrecondition, "only once", ""}),
    [](const auto& info) { return info.param.name; });

TEST(Dossier, WorkflowWithoutReviewSkipsIt) {
  Header h = TestHeader();
  std::erase_if(h.workflow.steps,
                [](const WorkflowStep& s) { return s.kind == StepKind::kReview; });
  Dossier d = RunSteps({{As(Role::kReception), AcceptAtCounter{h}, NS::kAccepted},
                        {As(Role::kSigner), Assign{"specialist"}, NS::kProcessing},
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

// ---- Assignment: the assigned step belongs to the assigned handler ---------------------------

// An officer with an account name of its own.
Actor Officer(Role r, std::string username) {
  return Actor{"user:" + username, r, "", std::move(username)};
}

Header WithoutAssign() {
  Header h = TestHeader();
  std::erase_if(h.workflow.steps,
                [](const WorkflowStep& s) { return s.kind == StepKind::kAssign; });
  return h;
}

struct AssignCase {
  std::string name;
  Header header;
  std::vector<Step> setup;  // after acceptance
  Step attempt;             // attempt.expect is the status after it when `code` is kOk
  Code code;
  std::string message_part;  // in the error, or the handler afterwards when `code` is kOk
};
std::ostream& operator<<(std::ostream& os, const AssignCase& c) { return os << c.name; }

class Assignment : public ::testing::TestWithParam<AssignCase> {};

TEST_P(Assignment, OnlyTheAssignedHandlerDoesTheAssignedStep) {
  const auto& p = GetParam();
  Dossier d =
      RunSteps(Concat({{As(Role::kReception), AcceptAtCounter{p.header}, NS::kAccepted}}, p.setup));
  auto r = Decide(d, Command{p.attempt.actor, p.attempt.body}, kT0 + kMsPerDay);
  if (p.code == Code::kOk) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& e : *r) d = Apply(d, e);
    EXPECT_EQ(d.status, p.attempt.expect);
    EXPECT_EQ(d.handler, p.message_part);
    return;
  }
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), p.code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(p.message_part), std::string::npos) << r.status().message();
}

const Step kAssignAn = {As(Role::kSigner), Assign{"an"}, NS::kProcessing};

INSTANTIATE_TEST_SUITE_P(
    Dossier, Assignment,
    ::testing::Values(
        AssignCase{"AssignedHandlerAppraises",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "an"), Appraise{"ok"}, NS::kProcessing},
                   Code::kOk,
                   "an"},
        AssignCase{"OtherSpecialistRefused",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "binh"), Appraise{"ok"}, {}},
                   Code::kFailedPrecondition,
                   "assigned to 'an', who alone can appraise"},
        AssignCase{"RefusalSaysWhoReassigns",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "binh"), Appraise{"ok"}, {}},
                   Code::kFailedPrecondition,
                   "the signer who assigns can reassign"},
        AssignCase{"RoleStillChecked",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSigner, "an"), Appraise{"ok"}, {}},
                   Code::kPermissionDenied,
                   "specialist"},
        AssignCase{"NoAssignStepRoleOnly",
                   WithoutAssign(),
                   {},
                   {Officer(Role::kSpecialist, "binh"), Appraise{"ok"}, NS::kProcessing},
                   Code::kOk,
                   ""},
        AssignCase{"SignerReassigns",
                   TestHeader(),
                   {kAssignAn},
                   {As(Role::kSigner), Assign{"binh"}, NS::kProcessing},
                   Code::kOk,
                   "binh"},
        AssignCase{"NewHandlerAppraisesAfterReassign",
                   TestHeader(),
                   {kAssignAn, {As(Role::kSigner), Assign{"binh"}, NS::kProcessing}},
                   {Officer(Role::kSpecialist, "binh"), Appraise{"ok"}, NS::kProcessing},
                   Code::kOk,
                   "binh"},
        AssignCase{"FormerHandlerRefusedAfterReassign",
                   TestHeader(),
                   {kAssignAn, {As(Role::kSigner), Assign{"binh"}, NS::kProcessing}},
                   {Officer(Role::kSpecialist, "an"), Appraise{"ok"}, {}},
                   Code::kFailedPrecondition,
                   "assigned to 'binh'"},
        AssignCase{"ReassignToSameHandlerRefused",
                   TestHeader(),
                   {kAssignAn},
                   {As(Role::kSigner), Assign{"an"}, {}},
                   Code::kInvalidArgument,
                   "already assigned to 'an'"},
        AssignCase{"ReassignBySpecialistRefused",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "an"), Assign{"binh"}, {}},
                   Code::kPermissionDenied,
                   "signer"},
        AssignCase{"NoReassignAfterAppraisal",
                   TestHeader(),
                   {kAssignAn, {Officer(Role::kSpecialist, "an"), Appraise{""}, NS::kProcessing}},
                   {As(Role::kSigner), Assign{"binh"}, {}},
                   Code::kFailedPrecondition,
                   "expects 'review' next"},
        AssignCase{"LaterStepsAnyHolderOfTheRole",
                   TestHeader(),
                   {kAssignAn, {Officer(Role::kSpecialist, "an"), Appraise{""}, NS::kProcessing}},
                   {Officer(Role::kUnitHead, "chi"), Review{"ok"}, NS::kProcessing},
                   Code::kOk,
                   "an"},
        AssignCase{"OnlyTheHandlerRequestsSupplementation",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "binh"), RequestSupplementation{{"a"}, ""}, {}},
                   Code::kFailedPrecondition,
                   "assigned to 'an', who alone can request supplementation"},
        AssignCase{"TheHandlerRequestsSupplementation",
                   TestHeader(),
                   {kAssignAn},
                   {Officer(Role::kSpecialist, "an"), RequestSupplementation{{"a"}, ""},
                    NS::kSupplementationRequested},
                   Code::kOk,
                   "an"},
        AssignCase{"HandlerAfterSupplementation",
                   TestHeader(),
                   {kAssignAn,
                    {Officer(Role::kSpecialist, "an"), RequestSupplementation{{"a"}, ""},
                     NS::kSupplementationRequested},
                    {Applicant(), Supplement{}, NS::kProcessing}},
                   {Officer(Role::kSpecialist, "binh"), Appraise{"ok"}, {}},
                   Code::kFailedPrecondition,
                   "assigned to 'an'"}),
    [](const auto& info) { return info.param.name; });

TEST(Dossier, NextAssigneeOnlyWhileTheAssignedStepWaits) {
  Dossier d = RunSteps({{As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted}});
  EXPECT_EQ(NextAssignee(d), "");
  d = RunSteps({kAssignAn}, d);
  EXPECT_EQ(NextAssignee(d), "an");
  d = RunSteps({{Officer(Role::kSpecialist, "an"), Appraise{""}, NS::kProcessing}}, d);
  EXPECT_EQ(NextAssignee(d), "");
  EXPECT_EQ(d.handler, "an");  // still recorded as the dossier's handler
}

TEST(Dossier, EscalationKeysAreDistinctPerThreshold) {
  EXPECT_EQ(EscalationKey("H40.12-261202-0001", Threshold::kOverdue), "H40.12-261202-0001/overdue");
  EXPECT_EQ(EscalationKey("H40.12-261202-0001", Threshold::kDueSoon),
            "H40.12-261202-0001/due-soon");
}

TEST(Dossier, StatusCodesAreTheNationalNumbers) {
  EXPECT_EQ(static_cast<int>(NS::kSubmittedOnline), 1);
  EXPECT_EQ(static_cast<int>(NS::kResultDelivered), 10);
  EXPECT_EQ(StatusNameVi(NS::kStopped), "Dừng xử lý");
}

}  // namespace
}  // namespace motcua::dossier

namespace motcua::dossier {
namespace {

// Mẫu 05 states the stop's real ground (domain §2.7): each row is the way to the stop, the stop
// command, and the ground recorded (or the field an incomplete stop is refused on).
struct StopCase {
  std::string name;
  bool withdrawal_first;
  Stop stop;
  std::optional<StopGround> ground;  // empty: refused
  std::string refused_field;
};

TEST(StopGroundTest, TheEventRecordsTheGroundTheNoticeStates) {
  const std::vector<StopCase> cases = {
      {"AfterWithdrawalByDefault", true, Stop{"", std::nullopt}, StopGround::kApplicantRequest, ""},
      {"DirectByDefaultIsAnotherGround", false, Stop{"không liên lạc được", std::nullopt},
       StopGround::kOther, ""},
      {"ApplicantAskedAtTheCounter", false,
       Stop{"xin rút hồ sơ", StopGround::kApplicantRequest}, StopGround::kApplicantRequest, ""},
      {"OtherGroundAfterWithdrawal", true, Stop{"hồ sơ giả mạo", StopGround::kOther},
       StopGround::kOther, ""},
      {"OtherGroundNeedsItsReason", true, Stop{"", StopGround::kOther}, std::nullopt, "reason"},
      {"DirectNeedsAReason", false, Stop{"", StopGround::kApplicantRequest}, std::nullopt,
       "reason"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Step> steps = {
        {As(Role::kReception), AcceptAtCounter{TestHeader()}, NS::kAccepted}};
    if (c.withdrawal_first) {
      steps.push_back({Applicant(), RequestWithdrawal{"chuyển nơi ở"}, NS::kWithdrawalRequested});
    }
    const Dossier d = RunSteps(steps);
    auto r = Decide(d, Command{As(Role::kReception), c.stop}, kT0 + 60 * kMin);
    if (!c.ground) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
      ASSERT_FALSE(r.status().fields().empty());
      EXPECT_EQ(r.status().fields()[0].field, c.refused_field);
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].ground, c.ground);
    EXPECT_EQ(StopGroundOf((*r)[0], d), *c.ground);
  }
}

TEST(StopGroundTest, OlderEventsWithoutAGroundReadFromTheStateBefore) {
  DossierEvent old;
  old.type = EventType::kStopped;
  Dossier asked;
  asked.status = NS::kWithdrawalRequested;
  Dossier processing;
  processing.status = NS::kProcessing;
  EXPECT_EQ(StopGroundOf(old, asked), StopGround::kApplicantRequest);
  EXPECT_EQ(StopGroundOf(old, processing), StopGround::kOther);
  EXPECT_EQ(ParseStopGround("applicant_request"), StopGround::kApplicantRequest);
  EXPECT_EQ(ParseStopGround("other"), StopGround::kOther);
  EXPECT_EQ(ParseStopGround("boredom"), std::nullopt);
}

TEST(ActorNameTest, EveryEventCarriesTheNameTheActorHadThen) {
  Actor officer = As(Role::kReception);
  officer.name = "Lò Văn Đức";
  auto r = Decide({}, Command{officer, AcceptAtCounter{TestHeader()}}, kT0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& e : *r) EXPECT_EQ(e.actor_name, "Lò Văn Đức");
}

}  // namespace
}  // namespace motcua::dossier

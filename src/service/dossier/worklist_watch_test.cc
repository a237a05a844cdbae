#include "service/dossier/worklist_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "base/civil_time.h"
#include "service/dossier/dossier_deps_for_test.h"
#include "service/dossier/dossier_service.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

const int64_t kNow = FromVietnam(std::chrono::year(2026) / 12 / 7, 9 * 60);

class WorklistWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::TempStore>(
        std::string("watch-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        env_);
    collaborators_ =
        std::make_unique<DossierCollaboratorsForTest>(env_, **store_, store_->dir() / "files");
    dossiers_ = std::make_unique<DossierService>(env_, **store_, collaborators_->Deps());
    WorklistWatchOptions wo;
    wo.hold_ms = 25000;  // on the fake clock: only TEST_AdvanceMs ends a wait
    wo.poll_ms = 10;
    watch_ = std::make_unique<WorklistWatch>(env_, **store_, dossiers_->queries, wo);
    watch_->Start();
    officer_.kind = Principal::Kind::kUser;
    officer_.user_id = 1;
    officer_.grants = {{authz::Role::kReception, "12345", "40"}};
    all_.mine = false;
  }
  void TearDown() override {
    watch_.reset();
    dossiers_.reset();
    collaborators_.reset();
    store_.reset();
  }
  void Intake(const std::string& unit, const std::string& province) {
    IntakeRequest r;
    r.agency_id = "H" + province + "." + unit;
    r.province = province;
    r.unit = unit;
    r.applicant.full_name = "Lò Thị Mai";
    r.workflow = dossier::DefaultWorkflow("1.001234", 1, 10);
    r.actor = dossier::Actor{"user:1", authz::Role::kReception, "", "demo.reception"};
    ASSERT_TRUE(dossiers_->commands.Intake(r).ok());
  }
  // Starts a wait and returns the future of its answer.
  std::future<Result<std::string>> Wait(const std::string& since) {
    auto answer = std::make_shared<std::promise<Result<std::string>>>();
    auto fut = answer->get_future();
    watch_->Wait(officer_, all_, since,
                 [answer](Result<std::string> v) { answer->set_value(std::move(v)); });
    return fut;
  }
  // Returns true once `n` desks wait (the watch has registered them).
  bool WaitingIs(int n) {
    for (int i = 0; i < 2000 && watch_->Waiting() != n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return watch_->Waiting() == n;
  }

  FakeEnv env_{kNow};
  std::unique_ptr<store::TempStore> store_;
  std::unique_ptr<DossierCollaboratorsForTest> collaborators_;
  std::unique_ptr<DossierService> dossiers_;
  std::unique_ptr<WorklistWatch> watch_;
  Principal officer_;
  WorklistQuery all_;
};

TEST_F(WorklistWatchTest, AStaleVersionIsAnsweredAtOnce) {
  auto v0 = watch_->Version(officer_, all_);
  ASSERT_TRUE(v0.ok());
  auto answer = Wait("not-the-version");
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  EXPECT_EQ(*answer.get(), *v0);
  EXPECT_EQ(watch_->Waiting(), 0);
}

TEST_F(WorklistWatchTest, AChangeInACoveredUnitWakesTheDesk) {
  const std::string v0 = *watch_->Version(officer_, all_);
  auto answer = Wait(v0);
  ASSERT_TRUE(WaitingIs(1));
  Intake("99999", "41");  // another province: not this desk's
  Intake("12345", "40");
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  Result<std::string> v1 = answer.get();
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_NE(*v1, v0);
  EXPECT_EQ(*v1, *watch_->Version(officer_, all_));
}

TEST_F(WorklistWatchTest, ChangesElsewhereDoNotWakeTheDeskAndTheHoldEndsTheWait) {
  const std::string v0 = *watch_->Version(officer_, all_);
  auto answer = Wait(v0);
  ASSERT_TRUE(WaitingIs(1));
  Intake("99999", "41");
  env_.TEST_AdvanceMs(25000);
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_EQ(*answer.get(), v0);  // no change for this desk
}

TEST_F(WorklistWatchTest, StopAnswersEveryWaitingDesk) {
  const std::string v0 = *watch_->Version(officer_, all_);
  auto a = Wait(v0);
  auto b = Wait(v0);
  ASSERT_TRUE(WaitingIs(2));
  watch_->Stop();
  EXPECT_EQ(a.get().status().code(), Code::kUnavailable);
  EXPECT_EQ(b.get().status().code(), Code::kUnavailable);
  EXPECT_EQ(Wait(v0).get().status().code(), Code::kUnavailable);
}

TEST_F(WorklistWatchTest, TheVersionFollowsWhatTheDeskShows) {
  WorklistItem it;
  it.code = "H40.12345-261207-0001";
  it.status = 2;
  const std::string v = WorklistWatch::VersionOf({it});
  EXPECT_EQ(v.size(), 16u);
  WorklistItem ticked = it;
  ticked.remaining_vi = "còn 3 giờ";
  EXPECT_NE(WorklistWatch::VersionOf({ticked}), v);
  WorklistItem moved = it;
  moved.status = 4;
  EXPECT_NE(WorklistWatch::VersionOf({moved}), v);
  EXPECT_NE(WorklistWatch::VersionOf({}), v);
}

}  // namespace
}  // namespace motcua::service

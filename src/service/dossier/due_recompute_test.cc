// Stored due times follow calendar changes: a profile or an announcement saved through
// CalendarService reaches the `dossiers` projection (the public lookup, the work lists, the
// escalations) through the DueRecomputer observer and DossierService::RunDueRecomputations.
#include <gtest/gtest.h>

#include <thread>

#include "base/civil_time.h"
#include "service/identity/audit_service.h"
#include "service/calendar/calendar_service.h"
#include "service/dossier/dossier_deps_for_test.h"
#include "service/dossier/dossier_service.h"
#include "service/dossier/due_recomputer.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

int64_t At(int y, unsigned m, unsigned d, int hh, int mm) {
  return FromVietnam(std::chrono::year(y) / m / d, hh * 60 + mm);
}
std::string Iso(const std::optional<int64_t>& ms) {
  return ms ? FormatRfc3339Vietnam(*ms) : "null";
}

Principal Officer(authz::Role role, const std::string& unit, const std::string& province) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = 100 + static_cast<int>(role);
  p.username = "test." + std::string(authz::RoleName(role));
  p.grants = {{role, unit, province}};
  return p;
}

class DueRecomputeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(calendar_.Load().ok());
    service_ = std::make_unique<DossierService>(env_, *store_, collaborators_.Deps());
    recomputer_ = std::make_unique<DueRecomputer>(env_, service_->jobs, 2);
    calendar_.SetObserver(recomputer_.get());
    // The one-time pass of the upgrade (migration 0015) has nothing to do yet.
    ASSERT_TRUE(service_->jobs.RunDueRecomputations().ok());
  }
  void TearDown() override { calendar_.SetObserver(nullptr); }

  // Accepts a dossier at the counter of `unit` now (a 10-working-day limit).
  std::string Accept(const std::string& agency, const std::string& province,
                     const std::string& unit) {
    IntakeRequest r;
    r.agency_id = agency;
    r.province = province;
    r.unit = unit;
    r.applicant.full_name = "Lò Thị Mai";
    r.workflow = dossier::DefaultWorkflow("1.001193", 1, 10);
    r.actor = dossier::Actor{"user:1", authz::Role::kReception};
    auto in = service_->commands.Intake(r);
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    return in.ok() ? in->code : "";
  }
  std::optional<int64_t> StoredDue(const std::string& code) {
    auto p = service_->queries.Lookup(code);
    EXPECT_TRUE(p.ok()) << code << ": " << p.status().ToString();
    return p.ok() ? p->due_ms : std::nullopt;
  }
  int64_t Pending() {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      return tx.Query("SELECT COUNT(*) FROM due_recomputations", {},
                                      [&](const store::Row& r) { n = r.Int(0); });
                    })
                    .ok());
    return n;
  }
  Status Act(const std::string& code, authz::Role role, const std::string& action,
             const std::string& args) {
    auto cmd = ParseAction(action, args);
    if (!cmd.ok()) return cmd.status();
    auto v = service_->queries.StatusOf(code);
    if (!v.ok()) return v.status();
    return service_->commands.Act(Officer(role, "03721", "14"), code, *cmd, v->second, nullptr).status();
  }

  FakeEnv env_{At(2026, 12, 7, 14, 0)};  // Monday 07/12/2026 14:00, before the 15:00 cut-off
  store::TempStore store_{"due-recompute", env_};
  DossierCollaboratorsForTest collaborators_{env_, *store_, store_.dir() / "files"};
  CalendarService& calendar_ = collaborators_.calendar;
  std::unique_ptr<DossierService> service_;
  std::unique_ptr<DueRecomputer> recomputer_;
};

TEST_F(DueRecomputeTest, ProfileChangeMovesOpenDossiersOfItsUnitsOnly) {
  std::vector<std::string> open;
  for (int i = 0; i < 5; ++i) open.push_back(Accept("H14.03721", "14", "03721"));
  const std::string stopped = Accept("H14.03721", "14", "03721");
  ASSERT_TRUE(Act(stopped, authz::Role::kReception, "stop", R"({"reason":"hết thẩm quyền"})").ok());
  const std::string other = Accept("H40.12", "40", "12345");
  // 10 working days from Monday 14:00.
  const std::string before = "2026-12-21T14:00:00+07:00";
  for (const auto& c : open) ASSERT_EQ(Iso(StoredDue(c)), before) << c;
  ASSERT_EQ(Iso(StoredDue(stopped)), before);
  ASSERT_EQ(Iso(StoredDue(other)), before);

  // Sơn La moves the cut-off to 12:00: a dossier received at 14:00 counts from Tuesday 07:00.
  ASSERT_TRUE(calendar_.PutProfile("14", R"({"cutoff":"12:00"})", "test").ok());
  EXPECT_EQ(Pending(), 1);  // recorded with the profile, in its transaction
  for (const auto& c : open) EXPECT_EQ(Iso(StoredDue(c)), before) << "not before the pass";

  auto n = service_->jobs.RunDueRecomputations(2);  // pages of two: three pages over five dossiers
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(Pending(), 0);
  const std::string after = "2026-12-21T17:00:00+07:00";
  for (const auto& c : open) {
    EXPECT_EQ(Iso(StoredDue(c)), after) << c;
    // The stored time is the one the dossier's own page derives.
    auto v = service_->queries.Get(Officer(authz::Role::kReception, "03721", "14"), c, {"t", "t"});
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(Iso(v->due_ms), after);
  }
  EXPECT_EQ(Iso(StoredDue(stopped)), before) << "a finished dossier keeps its due time";
  EXPECT_EQ(Iso(StoredDue(other)), before) << "another province's dossier does not move";
  EXPECT_EQ(*service_->jobs.RunDueRecomputations(2), 0);
  auto version = service_->queries.StatusOf(open[0]);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->second, 1) << "the dossier itself did not change";
}

TEST_F(DueRecomputeTest, ApologysNewDateStaysAndTheLegalDueMoves) {
  const std::string code = Accept("H14.03721", "14", "03721");
  ASSERT_TRUE(Act(code, authz::Role::kUnitHead, "apologise",
                  R"({"reason":"chờ xác minh","new_due":"2026-12-28T10:00:00+07:00"})")
                  .ok());
  ASSERT_EQ(Iso(StoredDue(code)), "2026-12-28T10:00:00+07:00");
  ASSERT_TRUE(calendar_.PutProfile("03721", R"({"cutoff":"12:00"})", "test").ok());
  ASSERT_EQ(*service_->jobs.RunDueRecomputations(), 1);
  EXPECT_EQ(Iso(StoredDue(code)), "2026-12-28T10:00:00+07:00") << "Mẫu 04's date is fixed";
  std::optional<int64_t> original;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTx& tx) {
                    return tx.Query("SELECT original_due_ms FROM dossiers WHERE code = ?", {code},
                                    [&](const store::Row& r) { original = r.Int(0); });
                  })
                  .ok());
  EXPECT_EQ(Iso(original), "2026-12-21T17:00:00+07:00");
}

TEST_F(DueRecomputeTest, AnnouncementMovesOnlyDossiersItsYearCanReach) {
  const std::string code = Accept("H14.03721", "14", "03721");
  // 2027 days off cannot move a due time in December 2026.
  ASSERT_TRUE(
      calendar_
          .PutAnnouncement(R"({"year":2027,"decision":"Thông báo thử",)"
                           R"("days_off":[{"date":"2027-01-01","name_vi":"Tết Dương lịch"}]})",
                           "test")
          .ok());
  EXPECT_EQ(*service_->jobs.RunDueRecomputations(), 0);
  // A make-up working Saturday on 12/12/2026 brings it one working day closer.
  ASSERT_TRUE(
      calendar_
          .PutAnnouncement(R"({"year":2026,"decision":"Thông báo thử",)"
                           R"("days_off":[{"date":"2026-01-01","name_vi":"Tết Dương lịch"}],)"
                           R"("working_days":[{"date":"2026-12-12","name_vi":"Làm bù"}]})",
                           "test")
          .ok());
  EXPECT_EQ(*service_->jobs.RunDueRecomputations(), 1);
  EXPECT_EQ(Iso(StoredDue(code)), "2026-12-18T14:00:00+07:00");
}

TEST_F(DueRecomputeTest, ANewerChangeCoversAnOlderOneAndUnloadedChangesWait) {
  for (int i = 0; i < 3; ++i) Accept("H14.03721", "14", "03721");
  ASSERT_TRUE(calendar_.PutProfile("14", R"({"cutoff":"12:00"})", "test").ok());
  ASSERT_TRUE(calendar_.PutProfile("14", R"({"cutoff":"13:00"})", "test").ok());
  ASSERT_EQ(Pending(), 2);
  // A change stored but not yet compiled into the calendars in force (the moment between its
  // commit and its recompilation) must wait: done now, it would be done on the old calendars.
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return DossierJobs::EnqueueDueRecompute(
                        tx, {"", 0, calendar_.LoadedEventSeq() + 1000}, env_.NowMs());
                  })
                  .ok());
  std::atomic<bool> stop{true};  // one page, then stop
  ASSERT_TRUE(service_->jobs.RunDueRecomputations(2, &stop).ok());
  EXPECT_EQ(Pending(), 2)
      << "the older profile change is merged into the newer; the unloaded one waits";
  ASSERT_TRUE(service_->jobs.RunDueRecomputations(2).ok());
  EXPECT_EQ(Pending(), 1) << "only the change not in force is left";
}

TEST_F(DueRecomputeTest, BackgroundThreadFollowsTheChangeAndResumesPendingWork) {
  const std::string code = Accept("H14.03721", "14", "03721");
  // Recorded while no thread runs (a CLI import, or a process that stopped): done at Start.
  ASSERT_TRUE(calendar_.PutProfile("14", R"({"cutoff":"12:00"})", "test").ok());
  recomputer_->Start();
  for (int i = 0; i < 500 && Pending() != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(Iso(StoredDue(code)), "2026-12-21T17:00:00+07:00");
  // A change while it runs wakes it.
  ASSERT_TRUE(calendar_.PutProfile("14", R"({"cutoff":"15:00"})", "test").ok());
  for (int i = 0; i < 500 && Iso(StoredDue(code)) != "2026-12-21T14:00:00+07:00"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(Iso(StoredDue(code)), "2026-12-21T14:00:00+07:00");
  recomputer_->Stop();
}

}  // namespace
}  // namespace motcua::service

#include "service/floor/floor_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/civil_time.h"
#include "service/floor/floor_watch.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const int64_t kNine = FromVietnam(year{2026} / month{12} / day{8}, 9 * 60);

Principal Officer(authz::Role role, const std::string& unit) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = 7;
  p.username = "officer";
  p.grants.push_back({role, unit, "14"});
  return p;
}

class FloorServiceTest : public ::testing::Test {
 protected:
  FloorServiceTest() : env_(kNine), store_("floor", env_) { Open(*store_); }

  void Open(store::Store& s) {
    units_ = std::make_unique<UnitService>(env_, s);
    floor_ = std::make_unique<FloorService>(env_, s, *units_);
  }

  void SetUp() override {
    ASSERT_TRUE(store_->Write([](store::Tx& tx) {
                        for (const char* code : {"03721", "03722"})
                          MOTCUA_RETURN_IF_ERROR(
                              tx.Exec("INSERT INTO units (code, era, level, name, name_folded, "
                                      "province_code) VALUES (?, '2025', 'commune', 'X', 'x', '14')",
                                      {std::string(code)})
                                  .status());
                        return Status::Ok();
                      })
                    .ok());
    FloorSetup s;
    s.areas = {{"ho-tich", "A", "Hộ tịch", "Civil status", 2}, {"dat-dai", "B", "Đất đai", "Land", 2}};
    s.counters = {{1, {"ho-tich"}}, {2, {"ho-tich", "dat-dai"}}};
    s.policy.priority_per_normal = 1;
    ASSERT_TRUE(floor_->Configure(director_, "03721", s).ok());
    auto key = floor_->IssueDeviceKey(director_, "03721", "kiosk", 0, "kiosk 1");
    ASSERT_TRUE(key.ok()) << key.status().message();
    kiosk_key_ = *key;
    auto kiosk = floor_->DeviceFor(kiosk_key_, "kiosk", "03721");
    ASSERT_TRUE(kiosk.ok());
    kiosk_ = *kiosk;
  }

  FakeEnv env_;
  store::TempStore store_;
  std::unique_ptr<UnitService> units_;
  std::unique_ptr<FloorService> floor_;
  Principal director_ = Officer(authz::Role::kCentreDirector, "03721");
  Principal reception_ = Officer(authz::Role::kReception, "03721");
  std::string kiosk_key_;
  FloorDevice kiosk_;
};

TEST_F(FloorServiceTest, DevicesAreBoundToTheirKindAndUnit) {
  EXPECT_TRUE(floor_->DeviceFor(kiosk_key_, "kiosk", "03721").ok());
  EXPECT_EQ(floor_->DeviceFor(kiosk_key_, "display", "03721").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(floor_->DeviceFor(kiosk_key_, "kiosk", "03722").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(floor_->DeviceFor("nonsense", "kiosk", "03721").status().code(),
            Code::kPermissionDenied);
  // Reception may not issue keys; a director of another unit may not either.
  EXPECT_EQ(floor_->IssueDeviceKey(reception_, "03721", "kiosk", 0, "").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(floor_->IssueDeviceKey(Officer(authz::Role::kCentreDirector, "03722"), "03721",
                                   "kiosk", 0, "")
                .status()
                .code(),
            Code::kPermissionDenied);
}

TEST_F(FloorServiceTest, TicketsAreNumberedPerAreaAndDayAndCalledByThePolicy) {
  auto a1 = floor_->Issue(kiosk_, "ho-tich", floor::Group::kNormal, "");
  ASSERT_TRUE(a1.ok()) << a1.status().message();
  EXPECT_EQ(a1->label, "A-001");
  EXPECT_EQ(a1->ahead, 0);
  env_.TEST_AdvanceMs(60000);
  auto b1 = floor_->Issue(kiosk_, "dat-dai", floor::Group::kNormal, "");
  auto a2 = floor_->Issue(kiosk_, "ho-tich", floor::Group::kPriority, "");
  ASSERT_TRUE(b1.ok() && a2.ok());
  EXPECT_EQ(b1->label, "B-001");
  EXPECT_EQ(a2->label, "A-002");
  // The priority ticket goes first: A-001 now has one ahead.
  auto a1_now = floor_->Ticket(a1->id);
  ASSERT_TRUE(a1_now.ok());
  EXPECT_EQ(a1_now->ahead, 1);

  // Counter 1 serves ho-tich only: A-002 (priority), then A-001 (interleave 1:1).
  auto c = floor_->Act(reception_, "03721", 1, floor::Action::kCall, {});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->label, "A-002");
  EXPECT_EQ(c->state, "called");
  // It may not call again while it holds a ticket.
  EXPECT_EQ(floor_->Act(reception_, "03721", 1, floor::Action::kCall, {}).status().code(),
            Code::kFailedPrecondition);
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kRecall, {}).ok());
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kStart, {}).ok());
  env_.TEST_AdvanceMs(5 * 60000);
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kEnd, {}).ok());
  auto board = floor_->Board("03721");
  ASSERT_TRUE(board.ok());
  ASSERT_EQ(board->calls.size(), 2u);
  EXPECT_TRUE(board->calls[0].recall);
  EXPECT_EQ(board->calls[0].label, "A-002");
  EXPECT_EQ(board->version, board->calls[0].id);

  // Wrong role and foreign unit are refused at the counter.
  EXPECT_EQ(floor_->Act(director_, "03721", 2, floor::Action::kCall, {}).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(floor_->Act(Officer(authz::Role::kReception, "03722"), "03721", 2,
                        floor::Action::kCall, {})
                .status()
                .code(),
            Code::kPermissionDenied);

  // Counter 2 calls A-001 (older than B-001) and transfers it to land: it keeps its place.
  auto c2 = floor_->Act(reception_, "03721", 2, floor::Action::kCall, {});
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->label, "A-001");
  auto moved = floor_->Act(reception_, "03721", 2, floor::Action::kTransfer, {.to_area = "dat-dai"});
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_EQ(moved->state, "waiting");
  EXPECT_EQ(moved->area, "dat-dai");
  EXPECT_EQ(moved->ahead, 0);

  // The next day starts from 1 again; yesterday's waiting tickets are not called.
  env_.TEST_AdvanceMs(kMsPerDay);
  auto next_day = floor_->Issue(kiosk_, "dat-dai", floor::Group::kNormal, "");
  ASSERT_TRUE(next_day.ok());
  EXPECT_EQ(next_day->label, "B-001");
  auto called = floor_->Act(reception_, "03721", 2, floor::Action::kCall, {});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ(called->id, next_day->id);
}

TEST_F(FloorServiceTest, ARestartLosesNoTicketAndNoCall) {
  auto t = floor_->Issue(kiosk_, "ho-tich", floor::Group::kNormal, "");
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kCall, {}).ok());
  const auto path = store_.dir() / "motcua.db";
  store_->Close();
  store::StoreOptions o;
  o.path = path.string();
  auto reopened = store::OpenSqliteStore(o, env_);
  ASSERT_TRUE(reopened.ok());
  Open(**reopened);
  auto again = floor_->Ticket(t->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, "called");
  EXPECT_EQ(again->counter, 1);
  auto board = floor_->Board("03721");
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->calls.size(), 1u);
  auto events = (*reopened)->Verify([](int64_t, int64_t) {});
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->ok);
  EXPECT_GE(events->events, 4);  // setup, device, issued, called
  (*reopened)->Close();
}

TEST_F(FloorServiceTest, RatingsAppointmentsAndStatistics) {
  auto key = floor_->IssueDeviceKey(director_, "03721", "rating", 1, "counter 1");
  ASSERT_TRUE(key.ok());
  auto terminal = floor_->DeviceFor(*key, "rating", "03721");
  ASSERT_TRUE(terminal.ok());
  EXPECT_EQ(floor_->Rateable(*terminal).status().code(), Code::kNotFound);
  auto t = floor_->Issue(kiosk_, "ho-tich", floor::Group::kNormal, "");
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kCall, {}).ok());
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kStart, {}).ok());
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kEnd, {}).ok());
  auto rateable = floor_->Rateable(*terminal);
  ASSERT_TRUE(rateable.ok());
  EXPECT_EQ(rateable->id, t->id);
  EXPECT_EQ(floor_->Rate(*terminal, t->id, 5, "").code(), Code::kInvalidArgument);
  ASSERT_TRUE(floor_->Rate(*terminal, t->id, 4, "Nhanh, chu đáo").ok());
  EXPECT_EQ(floor_->Rate(*terminal, t->id, 3, "").code(), Code::kAlreadyExists);
  auto ratings = floor_->Ratings("03721", 0, kNine + kMsPerDay);
  ASSERT_TRUE(ratings.ok());
  ASSERT_EQ(ratings->size(), 1u);
  EXPECT_EQ((*ratings)[0].score, 4);
  EXPECT_EQ((*ratings)[0].officer, "user:7");

  // Appointments: capacity 2 per slot; the booking code gives an appointment ticket.
  Principal resident;
  resident.kind = Principal::Kind::kResident;
  resident.resident_id = 3;
  const int64_t ten = kNine + 60 * 60000;
  auto b1 = floor_->Book(resident, "03721", "ho-tich", ten, "");
  auto b2 = floor_->Book(resident, "03721", "ho-tich", ten, "");
  ASSERT_TRUE(b1.ok() && b2.ok()) << b1.status().message();
  EXPECT_EQ(floor_->Book(resident, "03721", "ho-tich", ten, "").status().code(),
            Code::kResourceExhausted);
  EXPECT_EQ(floor_->Book(reception_, "03721", "ho-tich", ten, "").status().code(),
            Code::kPermissionDenied);
  auto appt = floor_->Issue(kiosk_, "", floor::Group::kNormal, b1->code);
  ASSERT_TRUE(appt.ok()) << appt.status().message();
  EXPECT_EQ(appt->group, "appointment");
  EXPECT_EQ(floor_->Issue(kiosk_, "", floor::Group::kNormal, b1->code).status().code(),
            Code::kInvalidArgument);  // used once
  // A no-show releases the slot.
  env_.TEST_AdvanceMs(50 * 60000);
  auto called = floor_->Act(reception_, "03721", 1, floor::Action::kCall, {});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ(called->id, appt->id);
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kNoShow, {}).ok());
  auto slots = floor_->Slots("03721", "ho-tich", "2026-12-08");
  ASSERT_TRUE(slots.ok());
  for (const auto& s : *slots)
    if (s.start_ms == ten) {
      EXPECT_EQ(s.booked, 1);
    }

  auto stats = floor_->Statistics(director_, "03721", "2026-12-08", "2026-12-08");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->total.issued, 2);
  EXPECT_EQ(stats->total.served, 1);
  EXPECT_EQ(stats->total.no_shows, 1);
  EXPECT_EQ(stats->total.ratings, 1);
  EXPECT_EQ(floor_->Statistics(reception_, "03721", "2026-12-08", "2026-12-08").status().code(),
            Code::kPermissionDenied);
  auto xlsx = floor_->StatisticsXlsx(*stats, "vi");
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");  // a zip
}

TEST_F(FloorServiceTest, TheWatchAnswersWaitingBoardsWhenACallCommits) {
  FloorWatch watch(env_, *store_, *floor_, {.hold_ms = 60000, .poll_ms = 50});
  floor_->SetWatch(&watch);
  watch.Start();
  std::atomic<int64_t> got{-1};
  watch.Wait("03721", 0, [&](Result<FloorWatch::Snapshot> s) {
    got = s.ok() ? (*s)->version : -2;
  });
  EXPECT_EQ(watch.Waiting(), 1);
  ASSERT_TRUE(floor_->Issue(kiosk_, "ho-tich", floor::Group::kNormal, "").ok());
  ASSERT_TRUE(floor_->Act(reception_, "03721", 1, floor::Action::kCall, {}).ok());
  for (int i = 0; i < 200 && got.load() == -1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GT(got.load(), 0);
  // A board that already saw the newest call waits; one behind is answered at once.
  std::atomic<int64_t> behind{-1};
  watch.Wait("03721", 0, [&](Result<FloorWatch::Snapshot> s) { behind = s.ok() ? (*s)->version : -2; });
  EXPECT_EQ(behind.load(), got.load());
  watch.Wait("03721", got.load(), [&](Result<FloorWatch::Snapshot>) {});
  EXPECT_EQ(watch.Waiting(), 1);
  watch.Stop();
  EXPECT_EQ(watch.Waiting(), 0);
  floor_->SetWatch(nullptr);
}

}  // namespace
}  // namespace motcua::service

#include "domain/floor/queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/civil_time.h"

namespace motcua::floor {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// 2026-12-08 09:00 Vietnam time, and minutes after it.
const int64_t kNine = FromVietnam(year{2026} / month{12} / day{8}, 9 * 60);
int64_t At(int minutes) { return kNine + int64_t{minutes} * 60000; }

// A compact way to write a waiting ticket: "P3@5" = priority number 3 queued at minute 5;
// "N" normal, "A" appointment (booked at `appt` minutes), "T" a normal ticket transferred.
Ticket T(std::string spec, int appt = 0, std::string area = "a", int target = 0) {
  Ticket t;
  const char g = spec[0];
  const size_t at = spec.find('@');
  t.number = std::stoi(spec.substr(1, at - 1));
  t.queued_ms = At(std::stoi(spec.substr(at + 1)));
  t.issued_ms = t.queued_ms;
  t.group = g == 'P' ? Group::kPriority : g == 'A' ? Group::kAppointment : Group::kNormal;
  if (g == 'A') t.appointment_ms = At(appt);
  t.area = area;
  t.day = DayOf(At(0));
  t.id = spec;
  t.label = Label(area == "a" ? "A" : "B", t.number);
  t.target_counter = target;
  return t;
}

// Returns the ids in the order one counter would call them.
std::vector<std::string> CallOrder(std::vector<Ticket> ts, const Policy& p, int now_min,
                                   int counter_no = 1, std::vector<std::string> areas = {"a"}) {
  Counter c{.number = counter_no, .areas = areas, .priority_streak = 0};
  std::vector<std::string> order;
  while (auto i = ChooseNext(ts, c, p, At(now_min))) {
    order.push_back(ts[*i].id);
    c.priority_streak = StreakAfter(c.priority_streak, ts[*i]);
    ts[*i].state = State::kCalled;
  }
  return order;
}

struct OrderCase {
  const char* name;
  std::vector<Ticket> tickets;
  int priority_per_normal;
  int now_min;
  std::vector<std::string> want;
};

TEST(FloorOrderTest, CallsInTheConfiguredOrder) {
  const std::vector<OrderCase> cases = {
      {"fifo without priority", {T("N2@2"), T("N1@1"), T("N3@3")}, 2, 10, {"N1@1", "N2@2", "N3@3"}},
      {"two priority then one normal",
       {T("N1@1"), T("N2@2"), T("P1@3"), T("P2@4"), T("P3@5"), T("N3@6")},
       2, 10, {"P1@3", "P2@4", "N1@1", "P3@5", "N2@2", "N3@6"}},
      {"one to one", {T("N1@1"), T("N2@2"), T("P1@3"), T("P2@4")}, 1, 10,
       {"P1@3", "N1@1", "P2@4", "N2@2"}},
      {"ratio 0: priority always first", {T("N1@1"), T("P1@3"), T("P2@4"), T("P3@5")}, 0, 10,
       {"P1@3", "P2@4", "P3@5", "N1@1"}},
      {"priority keeps going when no normal waits", {T("P1@1"), T("P2@2"), T("P3@3")}, 1, 10,
       {"P1@1", "P2@2", "P3@3"}},
      {"an appointment at its time goes first",
       {T("P1@1"), T("N1@0"), T("A1@2", /*appt=*/20)}, 2, 10, {"A1@2", "P1@1", "N1@0"}},
      {"an early appointment waits until nothing else does",
       {T("N1@1"), T("A1@2", /*appt=*/90), T("N2@3")}, 2, 10, {"N1@1", "N2@3", "A1@2"}},
      {"appointments by booked time", {T("A1@1", 30), T("A2@2", 15)}, 2, 20, {"A2@2", "A1@1"}},
  };
  for (const auto& c : cases) {
    Policy p;
    p.priority_per_normal = c.priority_per_normal;
    EXPECT_EQ(CallOrder(c.tickets, p, c.now_min), c.want) << c.name;
  }
}

TEST(FloorOrderTest, TransfersKeepTheirPlaceAndGoToTheirCounter) {
  Policy p;
  // N9 was issued at minute 0 in area "b" and transferred to area "a" at minute 30: it keeps its
  // issue time, so it goes before N1 (queued at 5).
  Ticket moved = T("N9@0", 0, "b");
  moved = *Apply([&] { Ticket t = moved; t.state = State::kCalled; t.counter = 4; return t; }(),
                 Action::kTransfer, {.counter = 4, .to_area = "a"}, p, At(30));
  moved.id = "moved";
  EXPECT_EQ(CallOrder({T("N1@5"), moved}, p, 31), (std::vector<std::string>{"moved", "N1@5"}));
  // Transferred to counter 2: counter 1 never calls it, counter 2 calls it first.
  Ticket to2 = T("N8@20", 0, "a", /*target=*/2);
  to2.id = "to2";
  EXPECT_EQ(CallOrder({T("N1@5"), to2}, p, 31, 1), (std::vector<std::string>{"N1@5"}));
  EXPECT_EQ(CallOrder({T("N1@5"), to2}, p, 31, 2), (std::vector<std::string>{"to2", "N1@5"}));
}

TEST(FloorOrderTest, OnlyTheCountersAreas) {
  Policy p;
  std::vector<Ticket> ts = {T("N1@1", 0, "a"), T("N1@0", 0, "b"), T("N2@2", 0, "b")};
  ts[1].id = "b1";
  ts[2].id = "b2";
  EXPECT_EQ(CallOrder(ts, p, 5, 1, {"b"}), (std::vector<std::string>{"b1", "b2"}));
  EXPECT_EQ(CallOrder(ts, p, 5, 1, {"a", "b"}), (std::vector<std::string>{"b1", "N1@1", "b2"}));
}

TEST(FloorOrderTest, DayRollsOverAtMidnightVietnamTime) {
  Policy p;
  // 23:59 on the 8th and 00:00 on the 9th, Vietnam time (16:59 and 17:00 UTC).
  const int64_t late = FromVietnam(year{2026} / month{12} / day{8}, 23 * 60 + 59);
  const int64_t midnight = FromVietnam(year{2026} / month{12} / day{9}, 0);
  EXPECT_EQ(DayOf(late), "2026-12-08");
  EXPECT_EQ(DayOf(midnight), "2026-12-09");
  EXPECT_EQ(NextNumber("2026-12-08", 41, DayOf(late)), 42);
  EXPECT_EQ(NextNumber("2026-12-08", 41, DayOf(midnight)), 1);
  EXPECT_EQ(NextNumber("", 0, "2026-12-09"), 1);
  // Yesterday's waiting ticket is never called today.
  std::vector<Ticket> ts = {T("N1@1")};
  Counter c{.number = 1, .areas = {"a"}};
  EXPECT_FALSE(ChooseNext(ts, c, p, midnight + 9 * 3600000).has_value());
  EXPECT_TRUE(ChooseNext(ts, c, p, late).has_value());
  auto called = Apply(ts[0], Action::kCall, {.counter = 1}, p, midnight);
  EXPECT_EQ(called.status().code(), Code::kFailedPrecondition);
}

TEST(FloorOrderTest, Labels) {
  EXPECT_EQ(Label("B", 27), "B-027");
  EXPECT_EQ(Label("B", 1), "B-001");
  EXPECT_EQ(Label("HT", 1024), "HT-1024");
  EXPECT_EQ(CallPhrase("B-027", 3, "vi"), "Mời số B 027 đến quầy số 3");
  EXPECT_EQ(CallPhrase("B-027", 3, "en"), "Number B 027, please go to counter 3");
}

struct ActionCase {
  const char* name;
  State from;
  int ticket_counter;  // the counter holding the ticket
  int recalls;
  Action action;
  ActionArgs args;
  bool ok;
  State to;
};

TEST(FloorActionTest, EachActionFromEachState) {
  const std::vector<ActionCase> cases = {
      {"call a waiting ticket", State::kWaiting, 0, 0, Action::kCall, {.counter = 1}, true, State::kCalled},
      {"call a called ticket", State::kCalled, 2, 0, Action::kCall, {.counter = 1}, false, {}},
      {"recall at the same counter", State::kCalled, 1, 0, Action::kRecall, {.counter = 1}, true, State::kCalled},
      {"recall at another counter", State::kCalled, 2, 0, Action::kRecall, {.counter = 1}, false, {}},
      {"recall past the limit", State::kCalled, 1, 3, Action::kRecall, {.counter = 1}, false, {}},
      {"recall a waiting ticket", State::kWaiting, 0, 0, Action::kRecall, {.counter = 1}, false, {}},
      {"start a called ticket", State::kCalled, 1, 0, Action::kStart, {.counter = 1}, true, State::kServing},
      {"start a waiting ticket", State::kWaiting, 0, 0, Action::kStart, {.counter = 1}, false, {}},
      {"end a served ticket", State::kServing, 1, 0, Action::kEnd, {.counter = 1}, true, State::kDone},
      {"end a called ticket", State::kCalled, 1, 0, Action::kEnd, {.counter = 1}, false, {}},
      {"no-show a called ticket", State::kCalled, 1, 2, Action::kNoShow, {.counter = 1}, true, State::kNoShow},
      {"no-show a served ticket", State::kServing, 1, 0, Action::kNoShow, {.counter = 1}, false, {}},
      {"no-show after the end", State::kDone, 1, 0, Action::kNoShow, {.counter = 1}, false, {}},
      {"transfer to an area", State::kServing, 1, 0, Action::kTransfer, {.counter = 1, .to_area = "b"}, true, State::kWaiting},
      {"transfer to a counter", State::kCalled, 1, 0, Action::kTransfer, {.counter = 1, .to_counter = 3}, true, State::kWaiting},
      {"transfer nowhere", State::kCalled, 1, 0, Action::kTransfer, {.counter = 1}, false, {}},
      {"transfer to itself", State::kCalled, 1, 0, Action::kTransfer, {.counter = 1, .to_counter = 1}, false, {}},
      {"transfer a done ticket", State::kDone, 1, 0, Action::kTransfer, {.counter = 1, .to_area = "b"}, false, {}},
  };
  Policy p;
  for (const auto& c : cases) {
    Ticket t = T("N1@1");
    t.state = c.from;
    t.counter = c.ticket_counter;
    t.recalls = c.recalls;
    auto r = Apply(t, c.action, c.args, p, At(10));
    EXPECT_EQ(r.ok(), c.ok) << c.name << ": " << r.status().message();
    if (!r.ok() || !c.ok) continue;
    EXPECT_EQ(r->state, c.to) << c.name;
    if (c.action == Action::kCall) {
      EXPECT_EQ(r->counter, 1) << c.name;
    }
    if (c.action == Action::kRecall) {
      EXPECT_EQ(r->recalls, c.recalls + 1) << c.name;
    }
    if (c.action == Action::kTransfer) {
      EXPECT_EQ(r->counter, 0) << c.name;
      EXPECT_TRUE(r->transferred) << c.name;
      EXPECT_EQ(r->target_counter, c.args.to_counter) << c.name;
      EXPECT_EQ(r->area, c.args.to_area.empty() ? "a" : c.args.to_area) << c.name;
    }
  }
}

TEST(FloorWaitTest, AheadAndEstimate) {
  Policy p;
  std::vector<Ticket> ts = {T("N1@1"), T("N2@2"), T("P1@3"), T("N3@4")};
  EXPECT_EQ(Ahead(ts, ts[0], p, At(10)), 1);  // P1 goes first
  EXPECT_EQ(Ahead(ts, ts[2], p, At(10)), 0);
  EXPECT_EQ(Ahead(ts, ts[3], p, At(10)), 3);
  ts[1].state = State::kDone;
  EXPECT_EQ(Ahead(ts, ts[1], p, At(10)), -1);
  EXPECT_EQ(EstimateWaitMinutes(0, 600, 2), 0);
  EXPECT_EQ(EstimateWaitMinutes(3, 600, 2), 15);
  EXPECT_EQ(EstimateWaitMinutes(1, 61, 0), 2);
}

}  // namespace
}  // namespace motcua::floor

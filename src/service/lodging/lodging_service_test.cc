#include "service/lodging/lodging_service.h"

#include <gtest/gtest.h>

#include "base/civil_time.h"
#include "service/lodging/police_formats.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

using authz::Role;
using lodging::GuestKind;
using lodging::ParseDate;

Principal Police(int64_t id, const std::string& unit, const std::string& province) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = id;
  p.grants = {{Role::kPolice, unit, province}};
  return p;
}

Principal Resident(int64_t id, const std::string& id_number, const std::string& name) {
  Principal p;
  p.kind = Principal::Kind::kResident;
  p.resident_id = id;
  p.id_number = id_number;
  p.name = name;
  return p;
}

template <typename T>
T Get(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : T{};
}

int Or(const Result<int>& r) { return r.ok() ? *r : -1; }

int64_t At(const std::string& day, int hour, int minute = 0) {
  return FromVietnam(*ParseDate(day), hour * 60 + minute);
}

LodgingCheckIn Vn(const std::string& id, const std::string& name, int64_t arrival) {
  LodgingCheckIn c;
  c.guest.kind = GuestKind::kVietnamese;
  c.guest.name = name;
  c.guest.id_number = id;
  c.guest.birth = *ParseDate("1990-05-06");
  c.guest.sex = 'F';
  c.guest.reason = 1;
  c.guest.departure_date = *ParseDate("2026-06-12");
  c.room = "101";
  c.arrival_ms = arrival;
  return c;
}

LodgingCheckIn Foreign(const std::string& passport, int64_t arrival) {
  LodgingCheckIn c = Vn("", "John Smith", arrival);
  c.guest.kind = GuestKind::kForeign;
  c.guest.passport = passport;
  c.guest.nationality = "GBR";
  c.guest.sex = 'M';
  c.guest.permitted_until = *ParseDate("2026-07-01");
  return c;
}

class LodgingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<store::TempStore>("lodging", env_);
    audit_ = std::make_unique<AuditService>(env_, **temp_);
    LodgingOptions o;
    o.retention_days = 30;
    svc_ = std::make_unique<LodgingService>(env_, **temp_, *audit_, o);
    // Two homestays in commune 03721 and one in 03646 (same province).
    a_ = Register(host_a_, {"03721", "14"}, "Homestay A");
    b_ = Register(host_b_, {"03721", "14"}, "Homestay B");
    c_ = Register(host_c_, {"03646", "14"}, "Homestay C");
    for (int64_t f : {a_, b_}) ASSERT_TRUE(svc_->DecideFacility(police_, f, true).ok());
    ASSERT_TRUE(svc_->DecideFacility(other_police_, c_, true).ok());
    ASSERT_TRUE(svc_->AddRoom(host_a_, a_, "101").ok());
    ASSERT_TRUE(svc_->AddRoom(host_b_, b_, "101").ok());
  }
  void TearDown() override {
    svc_.reset();
    audit_.reset();
    temp_.reset();
  }
  int64_t Register(const Principal& host, const authz::UnitRef& unit, const std::string& name) {
    LodgingFacilityInput in;
    in.name = name;
    in.type = "homestay";
    in.address = "Thôn 1";
    auto id = svc_->RegisterFacility(host, unit, in);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  std::vector<AccessLogEntry> Log(const std::string& record) {
    Principal auditor;
    auditor.kind = Principal::Kind::kUser;
    auditor.user_id = 99;
    auditor.grants = {{Role::kAuditor, "14", "14"}};
    auto entries = audit_->List(auditor, record, 100);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AccessLogEntry>{};
  }

  FakeEnv env_{At("2026-06-10", 9)};
  std::unique_ptr<store::TempStore> temp_;
  std::unique_ptr<AuditService> audit_;
  std::unique_ptr<LodgingService> svc_;
  const Principal host_a_ = Resident(1, "001088000001", "Chủ A");
  const Principal host_b_ = Resident(2, "001088000002", "Chủ B");
  const Principal host_c_ = Resident(3, "001088000003", "Chủ C");
  const Principal police_ = Police(10, "03721", "14");
  const Principal other_police_ = Police(11, "03646", "14");
  const AccessContext ctx_{"/test", "req"};
  int64_t a_ = 0, b_ = 0, c_ = 0;
};

TEST_F(LodgingTest, AFacilityIsDeclaredOnlyOnceThePoliceConfirmIt) {
  const Principal host = Resident(4, "001088000004", "Chủ D");
  const int64_t d = Register(host, {"03721", "14"}, "Homestay D");
  auto r = svc_->CheckIn(host, d, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs())}, true);
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  // Another commune's police cannot confirm it; its own can.
  EXPECT_EQ(svc_->DecideFacility(other_police_, d, true).code(), Code::kNotFound);
  EXPECT_EQ(svc_->DecideFacility(host, d, true).code(), Code::kPermissionDenied);
  ASSERT_TRUE(svc_->DecideFacility(police_, d, true).ok());
  EXPECT_TRUE(svc_->CheckIn(host, d, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs())}, true).ok());
}

TEST_F(LodgingTest, NoticesAreStampedOnTimeOrLateAndHostsSeeWhatIsLeft) {
  // Two guests arrive at 09:00; one more at 23:30.
  auto ids = svc_->CheckIn(host_a_, a_,
                           {Vn("001090000111", "Lê Thị Hoa", At("2026-06-10", 9)),
                            Foreign("C1234567", At("2026-06-10", 9))},
                           false);
  ASSERT_TRUE(ids.ok()) << ids.status().message();
  auto mine = svc_->MyFacilities(host_a_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].pending, 2);
  // At 22:00 the Vietnamese guest is on time (due 23:00), the foreigner late (due 21:00).
  env_.TEST_SetNowMs(At("2026-06-10", 22));
  ASSERT_EQ(Or(svc_->Declare(host_a_, a_, {})), 2);
  auto reg = svc_->Register(host_a_, a_, true, ctx_);
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->size(), 2u);
  for (const LodgingStay& s : *reg) {
    ASSERT_TRUE(s.notified_ms.has_value());
    EXPECT_EQ(s.on_time, s.kind == GuestKind::kVietnamese) << s.name;
  }
  // A guest arriving at 23:30 is due at 08:00; declared at 07:59 is on time.
  env_.TEST_SetNowMs(At("2026-06-10", 23, 30));
  auto late = svc_->CheckIn(host_a_, a_, {Vn("001090000222", "Trần Văn Bình", env_.NowMs())}, false);
  ASSERT_TRUE(late.ok());
  env_.TEST_SetNowMs(At("2026-06-11", 7, 59));
  ASSERT_EQ(Or(svc_->Declare(host_a_, a_, {})), 1);
  auto stays = svc_->History(police_, a_, ctx_);
  ASSERT_TRUE(stays.ok());
  ASSERT_EQ(stays->size(), 3u);
  EXPECT_EQ((*stays)[0].name, "Trần Văn Bình");
  EXPECT_TRUE((*stays)[0].on_time);
  EXPECT_EQ(FormatRfc3339Vietnam((*stays)[0].due_ms), "2026-06-11T08:00:00+07:00");
  // The police confirm receipt; statistics count the late one.
  EXPECT_EQ(Or(svc_->ConfirmReceipt(police_, a_, {})), 3);
  auto stats = svc_->MonthStats(police_, "2026-06");
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].stays, 3);
  EXPECT_EQ((*stats)[0].foreign, 1);
  EXPECT_EQ((*stats)[0].late, 1);
  EXPECT_EQ((*stats)[0].nights, 6);
}

TEST_F(LodgingTest, ReturningGuestsAndCheckOutAndRoomChange) {
  ASSERT_TRUE(svc_->AddRoom(host_a_, a_, "102").ok());
  auto first = svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs())}, true);
  ASSERT_TRUE(first.ok());
  // Checked in twice while staying: refused.
  auto twice = svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs())}, true);
  EXPECT_EQ(twice.status().code(), Code::kConflict);
  ASSERT_TRUE(svc_->ChangeRoom(host_a_, a_, (*first)[0], "102").ok());
  EXPECT_EQ(svc_->ChangeRoom(host_a_, a_, (*first)[0], "999").code(), Code::kInvalidArgument);
  ASSERT_TRUE(svc_->CheckOut(host_a_, a_, (*first)[0]).ok());
  auto back = svc_->ReturningGuest(host_a_, a_, "001090000111", ctx_);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->name, "Lê Thị Hoa");
  EXPECT_EQ(back->room, "102");
  auto again = svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs())}, true);
  ASSERT_TRUE(again.ok());
  auto reg = svc_->Register(host_a_, a_, false, ctx_);
  ASSERT_EQ(reg->size(), 2u);
  EXPECT_EQ((*reg)[0].guest_id, (*reg)[1].guest_id);  // one guest, two stays
  // Invalid guests: nothing stored, field errors name the guest.
  LodgingCheckIn bad = Vn("123", "", env_.NowMs());
  auto r = svc_->CheckIn(host_a_, a_, {Vn("001090000333", "Ok", env_.NowMs()), bad}, true);
  ASSERT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().fields()[0].field, "guest1.name");
  EXPECT_EQ(Get(svc_->Register(host_a_, a_, false, ctx_)).size(), 2u);
}

// Another facility's staff and another commune's police are refused every guest record.
TEST_F(LodgingTest, OnlyTheFacilitysStaffAndItsCommunesPoliceSeeItsGuests) {
  ASSERT_TRUE(svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs()),
                                          Foreign("C1234567", env_.NowMs())},
                            true)
                  .ok());
  const int64_t stay = Get(svc_->Register(host_a_, a_, true, ctx_)).front().id;
  for (const Principal* who : {&host_b_, &host_c_, &other_police_}) {
    SCOPED_TRACE(who->Describe());
    EXPECT_EQ(svc_->Register(*who, a_, false, ctx_).status().code(), Code::kNotFound);
    EXPECT_EQ(svc_->History(*who, a_, ctx_).status().code(), Code::kNotFound);
    EXPECT_EQ(svc_->ReturningGuest(*who, a_, "001090000111", ctx_).status().code(),
              Code::kNotFound);
    EXPECT_EQ(svc_->Facility(*who, a_).status().code(), Code::kNotFound);
    EXPECT_FALSE(svc_->Export(*who, a_, false, "2026-06-01", "2026-06-30", ctx_).ok());
    EXPECT_FALSE(svc_->Export(*who, a_, true, "2026-06-01", "2026-06-30", ctx_).ok());
    EXPECT_FALSE(svc_->CheckOut(*who, a_, stay).ok());
    EXPECT_FALSE(svc_->ChangeRoom(*who, a_, stay, "101").ok());
    EXPECT_FALSE(svc_->ConfirmReceipt(*who, a_, {}).ok());
    EXPECT_FALSE(svc_->CheckIn(*who, a_, {Vn("001090000999", "X", env_.NowMs())}, true).ok());
  }
  // The other commune's police find nothing by search or arrivals, and see no statistics of it.
  auto found = svc_->Search(other_police_, "001090000111", "kiểm tra", ctx_);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  EXPECT_TRUE(Get(svc_->Arrivals(other_police_, "2026-06-10", ctx_)).empty());
  EXPECT_TRUE(Get(svc_->MonthStats(other_police_, "2026-06")).empty());
  EXPECT_TRUE(svc_->Export(other_police_, 0, false, "2026-06-01", "2026-06-30", ctx_).ok());
  // A resident is no officer at all.
  EXPECT_EQ(svc_->Search(host_b_, "001090000111", "x", ctx_).status().code(),
            Code::kPermissionDenied);
  // The commune's own police do find the guest; the search is logged with its reason.
  auto mine = svc_->Search(police_, "hoa", "kiểm tra hành chính", ctx_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  auto log = Log("lodging-guest:" + std::to_string(mine->front().guest_id));
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().purpose, "lodging search: kiểm tra hành chính");
  EXPECT_EQ(log.front().unit, "03721");
  EXPECT_EQ(svc_->Search(police_, "hoa", " ", ctx_).status().code(), Code::kInvalidArgument);
}

TEST_F(LodgingTest, ExportsReadBackAndAreLogged) {
  ASSERT_TRUE(svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs()),
                                          Foreign("C1234567", env_.NowMs())},
                            true)
                  .ok());
  auto xlsx = svc_->Export(police_, 0, false, "2026-06-10", "2026-06-10", ctx_);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  auto rows = ReadVietnameseXlsx(*xlsx);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].name, "Lê Thị Hoa");
  EXPECT_EQ((*rows)[0].doc_number, "001090000111");
  EXPECT_EQ((*rows)[0].birth, "06/05/1990");
  EXPECT_EQ((*rows)[0].reason, 1);
  auto xml = svc_->Export(police_, a_, true, "2026-06-10", "2026-06-10", ctx_);
  ASSERT_TRUE(xml.ok());
  EXPECT_NE(xml->find("<ma_quoc_tich>GBR</ma_quoc_tich>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<thoi_han_tam_tru>01/07/2026</thoi_han_tam_tru>"), std::string::npos);
  auto foreign = ReadForeignXml(*xml);
  ASSERT_TRUE(foreign.ok());
  ASSERT_EQ(foreign->size(), 1u);
  EXPECT_EQ((*foreign)[0].doc_number, "C1234567");
  bool logged = false;
  for (const auto& e : Log("lodging-facility:" + std::to_string(a_))) {
    if (e.purpose.starts_with("lodging export: XML")) logged = true;
  }
  EXPECT_TRUE(logged);
  // Host B imports both files into their own facility: the same guests, declared.
  auto vn = svc_->Import(host_b_, b_, *xlsx);
  ASSERT_TRUE(vn.ok()) << vn.status().message();
  EXPECT_EQ(vn->added, 1);
  EXPECT_TRUE(vn->problems.empty());
  auto fx = svc_->Import(host_b_, b_, *xml);
  ASSERT_TRUE(fx.ok()) << fx.status().message();
  EXPECT_EQ(fx->added, 1);
  EXPECT_EQ(Get(svc_->Register(host_b_, b_, true, ctx_)).size(), 2u);
  EXPECT_EQ(svc_->Import(host_b_, b_, "not a file").status().code(), Code::kInvalidArgument);
}

TEST_F(LodgingTest, ParticularsAreErasedAfterTheRetentionPeriodAndTheLogSaysSo) {
  auto ids = svc_->CheckIn(host_a_, a_, {Vn("001090000111", "Lê Thị Hoa", env_.NowMs()),
                                         Vn("001090000222", "Trần Văn Bình", env_.NowMs())},
                           true);
  ASSERT_TRUE(ids.ok());
  ASSERT_TRUE(svc_->CheckOut(host_a_, a_, (*ids)[0]).ok());
  // The commune keeps data 10 days.
  ASSERT_TRUE(svc_->SetSettings(police_, {"03721", "14"}, {12, 10}).ok());
  env_.TEST_AdvanceMs(9LL * 24 * 3600 * 1000);
  EXPECT_EQ(Or(svc_->EraseExpired()), 0);
  env_.TEST_AdvanceMs(2LL * 24 * 3600 * 1000);
  EXPECT_EQ(Or(svc_->EraseExpired()), 1);
  // The guest still staying keeps their data; the other is gone from every view.
  auto found = svc_->Search(police_, "001090000111", "kiểm tra", ctx_);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  EXPECT_EQ(Get(svc_->Search(police_, "001090000222", "kiểm tra", ctx_)).size(), 1u);
  auto history = svc_->History(police_, a_, ctx_);
  ASSERT_EQ(history->size(), 2u);
  for (const LodgingStay& s : *history) {
    if (s.id == (*ids)[0]) {
      EXPECT_TRUE(s.erased);
      EXPECT_EQ(s.name, "");
      EXPECT_EQ(s.id_number, "");
    }
  }
  EXPECT_EQ(Get(svc_->MonthStats(police_, "2026-06")).front().stays, 2);  // counts stay
  auto log = Log("lodging-stay:" + std::to_string((*ids)[0]));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].purpose.find("erased 10 days after check-out"), std::string::npos)
      << log[0].purpose;
  EXPECT_NE(log[0].purpose.find("guest"), std::string::npos);
  EXPECT_EQ(Or(svc_->EraseExpired()), 0);  // once
}

}  // namespace
}  // namespace motcua::service

namespace motcua::service {
namespace {

// Residence Law Art 30(4): a household's relatives staying repeatedly need only one notice.
TEST_F(LodgingTest, AHouseholdsRelativeStayingAgainNeedsNoNewNotice) {
  const Principal host = Resident(5, "001088000005", "Chủ hộ E");
  LodgingFacilityInput in;
  in.name = "Hộ ông E";
  in.type = "household";
  in.address = "Bản 2";
  const int64_t h = Get(svc_->RegisterFacility(host, {"03721", "14"}, in));
  ASSERT_TRUE(svc_->DecideFacility(police_, h, true).ok());
  LodgingCheckIn son = Vn("001095000555", "Con trai", env_.NowMs());
  son.room = "";
  son.family = true;
  auto first = Get(svc_->CheckIn(host, h, {son}, false));
  ASSERT_EQ(first.size(), 1u);
  // Not declared yet: the first stay is still to declare, and a second one would be too.
  ASSERT_TRUE(svc_->CheckOut(host, h, first[0]).ok());
  auto second = Get(svc_->CheckIn(host, h, {son}, false));
  auto reg = Get(svc_->Register(host, h, true, ctx_));
  ASSERT_EQ(reg.size(), 1u);
  EXPECT_FALSE(reg[0].notified_ms.has_value());
  EXPECT_EQ(Or(svc_->Declare(host, h, {})), 2);
  ASSERT_TRUE(svc_->CheckOut(host, h, second[0]).ok());
  // Declared once: the next stay is covered by the first notice, on time, with nothing to do.
  env_.TEST_AdvanceMs(7LL * 24 * 3600 * 1000);
  auto third = Get(svc_->CheckIn(host, h, {son}, false));
  reg = Get(svc_->Register(host, h, true, ctx_));
  ASSERT_EQ(reg.size(), 1u);
  EXPECT_TRUE(reg[0].notified_ms.has_value());
  EXPECT_TRUE(reg[0].on_time);
  EXPECT_EQ(reg[0].covered_by, first[0]);
  // Not for a guest who is no relative: their next stay needs its own notice.
  LodgingCheckIn guest = son;
  guest.guest.id_number = "001095000556";
  guest.family = false;
  ASSERT_TRUE(svc_->CheckIn(host, h, {guest}, true).ok());
  ASSERT_TRUE(svc_->CheckOut(host, h, Get(svc_->Register(host, h, true, ctx_)).front().id).ok());
  auto again = Get(svc_->CheckIn(host, h, {guest}, false));
  for (const LodgingStay& s : Get(svc_->Register(host, h, true, ctx_))) {
    if (s.id == again[0]) EXPECT_FALSE(s.notified_ms.has_value());
  }
  (void)third;
}

}  // namespace
}  // namespace motcua::service

#include "domain/lodging/notice.h"

#include <gtest/gtest.h>

#include "base/civil_time.h"

namespace motcua::lodging {
namespace {

using std::chrono::year_month_day;

// "2026-01-31 23:30" (Vietnam time) → instant.
int64_t At(const std::string& s) {
  auto d = ParseDate(s.substr(0, 10));
  EXPECT_TRUE(d.has_value()) << s;
  const int minute = std::stoi(s.substr(11, 2)) * 60 + std::stoi(s.substr(14, 2));
  return FromVietnam(*d, minute);
}

struct DueCase {
  const char* what;
  GuestKind kind;
  int foreign_hours;
  const char* arrival;
  const char* due;
};

TEST(NoticeDueTest, Table) {
  const DueCase cases[] = {
      {"morning arrival: 23:00 the same day", GuestKind::kVietnamese, 12, "2026-06-10 09:15",
       "2026-06-10 23:00"},
      {"22:59: still the same day", GuestKind::kVietnamese, 12, "2026-06-10 22:59",
       "2026-06-10 23:00"},
      {"at 23:00 exactly: 08:00 the next day", GuestKind::kVietnamese, 12, "2026-06-10 23:00",
       "2026-06-11 08:00"},
      {"after 23:00: 08:00 the next day", GuestKind::kVietnamese, 12, "2026-06-10 23:40",
       "2026-06-11 08:00"},
      {"at midnight: the new day's 23:00", GuestKind::kVietnamese, 12, "2026-06-11 00:00",
       "2026-06-11 23:00"},
      {"00:30: the day it is", GuestKind::kVietnamese, 12, "2026-06-11 00:30",
       "2026-06-11 23:00"},
      {"month end after 23:00", GuestKind::kVietnamese, 12, "2026-01-31 23:30",
       "2026-02-01 08:00"},
      {"February end in a common year", GuestKind::kVietnamese, 12, "2026-02-28 23:05",
       "2026-03-01 08:00"},
      {"February end in a leap year", GuestKind::kVietnamese, 12, "2028-02-28 23:05",
       "2028-02-29 08:00"},
      {"year end", GuestKind::kVietnamese, 12, "2026-12-31 23:59", "2027-01-01 08:00"},
      {"foreigner: 12 hours", GuestKind::kForeign, 12, "2026-06-10 09:15", "2026-06-10 21:15"},
      {"foreigner after 23:00: 12 hours", GuestKind::kForeign, 12, "2026-06-10 23:30",
       "2026-06-11 11:30"},
      {"foreigner, remote commune: 24 hours", GuestKind::kForeign, 24, "2026-06-10 09:15",
       "2026-06-11 09:15"},
      {"foreigner, remote, across the month end", GuestKind::kForeign, 24, "2026-04-30 20:00",
       "2026-05-01 20:00"},
  };
  for (const DueCase& c : cases) {
    DeadlineRules rules;
    rules.foreign_hours = c.foreign_hours;
    EXPECT_EQ(FormatRfc3339Vietnam(NoticeDue(At(c.arrival), c.kind, rules)),
              FormatRfc3339Vietnam(At(c.due)))
        << c.what;
  }
}

TEST(NoticeDueTest, OnTimeIsStrictlyBefore) {
  const int64_t due = At("2026-06-10 23:00");
  EXPECT_TRUE(OnTime(due - 1, due));
  EXPECT_FALSE(OnTime(due, due));
  EXPECT_FALSE(OnTime(due + 60'000, due));
}

TEST(ValidationTest, Identifiers) {
  struct Case {
    const char* s;
    bool id, passport, nationality;
  } cases[] = {
      {"001088000123", true, true, false}, {"00108800012", false, true, false},
      {"0010880001234", false, true, false}, {"00108800012a", false, false, false},
      {"C1234567", false, true, false},   {"c1234567", false, false, false},
      {"AB12", false, false, false},      {"VNM", false, false, true},
      {"FRA", false, false, true},        {"XYZ", false, false, false},
      {"fra", false, false, false},       {"", false, false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsPersonalIdNumber(c.s), c.id) << c.s;
    EXPECT_EQ(IsPassportNumber(c.s), c.passport) << c.s;
    EXPECT_EQ(IsNationality(c.s), c.nationality) << c.s;
  }
}

GuestInput Vietnamese() {
  GuestInput g;
  g.name = "Nguyễn Văn An";
  g.id_number = "001088000123";
  g.birth = *ParseDate("1988-03-04");
  g.sex = 'M';
  g.reason = 1;
  g.arrival_date = *ParseDate("2026-06-10");
  g.departure_date = *ParseDate("2026-06-12");
  return g;
}

std::vector<std::string> Fields(const GuestInput& g) {
  std::vector<std::string> out;
  for (const auto& p : Validate(g)) out.push_back(p.field);
  return out;
}

TEST(ValidationTest, Guests) {
  EXPECT_TRUE(Validate(Vietnamese()).empty());

  GuestInput g = Vietnamese();
  g.departure_date = *ParseDate("2026-07-10");  // exactly 30 days
  EXPECT_TRUE(Validate(g).empty());
  g.departure_date = *ParseDate("2026-07-11");  // 31 days
  EXPECT_EQ(Fields(g), std::vector<std::string>{"departure"});
  g.departure_date = *ParseDate("2026-06-09");  // before arrival
  EXPECT_EQ(Fields(g), std::vector<std::string>{"departure"});

  g = Vietnamese();
  g.id_number = "12345";
  g.sex = 'X';
  g.reason = 7;
  EXPECT_EQ(Fields(g), (std::vector<std::string>{"id_number", "sex", "reason"}));

  g = Vietnamese();
  g.name = "Nguyễn\x01 An";  // would break the police's XML
  EXPECT_EQ(Fields(g), std::vector<std::string>{"name"});

  g = Vietnamese();
  g.birth = *ParseDate("2026-06-11");  // born after arriving
  EXPECT_EQ(Fields(g), std::vector<std::string>{"birth"});

  GuestInput f = Vietnamese();
  f.kind = GuestKind::kForeign;
  f.passport = "C1234567";
  f.nationality = "FRA";
  f.permitted_until = *ParseDate("2026-08-01");
  EXPECT_TRUE(Validate(f).empty());
  f.nationality = "VNM";  // a Vietnamese is declared by ID number
  f.permitted_until.reset();
  EXPECT_EQ(Fields(f), (std::vector<std::string>{"nationality", "permitted_until"}));
}

TEST(DateTest, ParseAndFormat) {
  EXPECT_EQ(FormatDate(*ParseDate("2026-02-28")), "28/02/2026");
  EXPECT_EQ(IsoDate(*ParseDate("04/03/1988")), "1988-03-04");
  EXPECT_FALSE(ParseDate("2026-02-30"));
  EXPECT_FALSE(ParseDate("30/02/2026"));
  EXPECT_FALSE(ParseDate("2026-2-3"));
  EXPECT_FALSE(ParseDate("2026-02-03x"));
}

}  // namespace
}  // namespace motcua::lodging

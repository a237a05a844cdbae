#include "base/civil_time.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

using namespace std::chrono;

TEST(CivilTimeTest, RoundTripsVietnamTime) {
  int64_t t = FromVietnam(year(2026) / 11 / 23, 9 * 60 + 30);
  EXPECT_EQ(FormatRfc3339Vietnam(t), "2026-11-23T09:30:00+07:00");
  EXPECT_EQ(FormatRfc3339Utc(t), "2026-11-23T02:30:00Z");
  LocalDateTime l = ToVietnam(t);
  EXPECT_EQ(l.date, year(2026) / 11 / 23);
  EXPECT_EQ(l.minute_of_day, 570);
}

TEST(CivilTimeTest, LocalMidnightIsPreviousUtcDay) {
  int64_t t = FromVietnam(year(2026) / 1 / 1, 0);
  EXPECT_EQ(FormatRfc3339Utc(t), "2025-12-31T17:00:00Z");
  EXPECT_EQ(ToVietnam(t).date, year(2026) / 1 / 1);
  EXPECT_EQ(ToVietnam(t - 1).date, year(2025) / 12 / 31);
}

TEST(CivilTimeTest, BeforeEpoch) {
  int64_t t = FromVietnam(year(1901) / 2 / 19, 12 * 60);
  EXPECT_EQ(FormatRfc3339Vietnam(t), "1901-02-19T12:00:00+07:00");
}

struct ParseCase {
  const char* text;
  bool ok;
  const char* utc;
};

TEST(CivilTimeTest, ParsesRfc3339) {
  const ParseCase cases[] = {
      {"2026-11-23T09:30:00+07:00", true, "2026-11-23T02:30:00Z"},
      {"2026-11-23T02:30:00Z", true, "2026-11-23T02:30:00Z"},
      {"2026-11-23T02:30:00.250Z", true, "2026-11-23T02:30:00.250Z"},
      {"2026-11-23T00:30:00-02:00", true, "2026-11-23T02:30:00Z"},
      {"2026-11-23", false, ""},
      {"2026-02-30T00:00:00Z", false, ""},
      {"2026-11-23T25:00:00Z", false, ""},
      {"2026-11-23T09:30:00", false, ""},
      {"2026-11-23T09:30:00+7", false, ""},
      {"not a time", false, ""},
      {"2026-11-23T09:30:00Zjunk", false, ""},
  };
  for (const auto& c : cases) {
    auto r = ParseRfc3339(c.text);
    EXPECT_EQ(r.has_value(), c.ok) << c.text;
    if (r && c.ok) EXPECT_EQ(FormatRfc3339Utc(*r), c.utc) << c.text;
  }
}

TEST(CivilTimeTest, FormatsVietnameseDate) {
  EXPECT_EQ(FormatDateVn(year(2026) / 2 / 5), "05/02/2026");
}

}  // namespace
}  // namespace motcua

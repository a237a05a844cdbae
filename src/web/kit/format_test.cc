#include "web/kit/format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace motcua::web {
namespace {

// 2026-02-05T00:00:00Z.
constexpr int64_t kFeb5Utc = 1770249600000;
constexpr int64_t kHour = 3600 * 1000;

TEST(FormatTest, DatesAndTimesAreVietnamTime) {
  EXPECT_EQ(FormatDate(kFeb5Utc), "05/02/2026");
  EXPECT_EQ(FormatTime(kFeb5Utc), "07:00");
  EXPECT_EQ(FormatDateTime(kFeb5Utc + 9 * kHour + 30 * 60 * 1000), "16:30 05/02/2026");
  // 17:00 UTC is already the next day in Vietnam; 16:59 UTC is not.
  EXPECT_EQ(FormatDateTime(kFeb5Utc + 17 * kHour), "00:00 06/02/2026");
  EXPECT_EQ(FormatDateTime(kFeb5Utc + 17 * kHour - 60 * 1000), "23:59 05/02/2026");
  // Seconds are dropped, not rounded.
  EXPECT_EQ(FormatTime(kFeb5Utc + 59 * 1000), "07:00");
  EXPECT_EQ(FormatDate(0), "01/01/1970");
  EXPECT_EQ(FormatTime(0), "07:00");
  // Before the epoch.
  EXPECT_EQ(FormatDateTime(-8 * kHour), "23:00 31/12/1969");
}

TEST(FormatTest, MoneyIsGroupedWithDotsAndTheDongSign) {
  EXPECT_EQ(FormatVnd(1234000), "1.234.000\u00a0₫");
  EXPECT_EQ(FormatVnd(0), "0\u00a0₫");
  EXPECT_EQ(FormatVnd(999), "999\u00a0₫");
  EXPECT_EQ(FormatVnd(1000), "1.000\u00a0₫");
  EXPECT_EQ(FormatVnd(-50000), "-50.000\u00a0₫");
  EXPECT_EQ(GroupThousands(100000), "100.000");
  EXPECT_EQ(GroupThousands(12345678), "12.345.678");
  EXPECT_EQ(GroupThousands(std::numeric_limits<int64_t>::max()), "9.223.372.036.854.775.807");
  EXPECT_EQ(GroupThousands(std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
}

}  // namespace
}  // namespace motcua::web

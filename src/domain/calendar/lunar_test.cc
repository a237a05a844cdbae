#include "domain/calendar/lunar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace motcua::calendar {
namespace {

using std::chrono::year_month_day;

std::string Iso(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

TEST(LunarTest, JulianDayNumberRoundTrips) {
  EXPECT_EQ(JulianDayNumber(std::chrono::year{2000} / 1 / 1), 2451545);
  EXPECT_EQ(JulianDayNumber(std::chrono::year{1970} / 1 / 1), 2440588);
  for (int64_t j = 2415000; j < 2489000; j += 37) EXPECT_EQ(JulianDayNumber(FromJulianDayNumber(j)), j);
}

// Every year of the reference table (python-holidays' VIETNAMESE_CALENDAR at UTC+7, MIT): Tết,
// its eve (the last day of the lunar year) and Giỗ Tổ Hùng Vương (10/3 lunar).
TEST(LunarTest, MatchesTheReferenceTableFor1901To2100) {
  std::ifstream in(MOTCUA_SOURCE_DIR "/data/holidays/vn_tet_and_hung_kings_1901_2100.csv");
  ASSERT_TRUE(in) << "reference table not found";
  std::string line;
  std::getline(in, line);  // header
  int years = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string year, tet, eve, hung;
    std::getline(ss, year, ',');
    std::getline(ss, tet, ',');
    std::getline(ss, eve, ',');
    std::getline(ss, hung, ',');
    if (!hung.empty() && hung.back() == '\r') hung.pop_back();
    const int y = std::stoi(year);
    const int64_t tet_jdn = JulianDayNumber(TetDate(y));
    EXPECT_EQ(Iso(TetDate(y)), tet) << y;
    EXPECT_EQ(Iso(FromJulianDayNumber(tet_jdn - 1)), eve) << y;
    EXPECT_EQ(Iso(LunarToSolar(y, 3, 10)), hung) << y;
    ++years;
  }
  EXPECT_EQ(years, 200);
}

TEST(LunarTest, KnownDates) {
  EXPECT_EQ(Iso(TetDate(2026)), "2026-02-17");
  EXPECT_EQ(Iso(LunarToSolar(2026, 3, 10)), "2026-04-26");
  EXPECT_EQ(Iso(TetDate(2007)), "2007-02-17");  // differs from China's calendar
  EXPECT_EQ(Iso(TetDate(2030)), "2030-02-02");  // differs from China's calendar
}

}  // namespace
}  // namespace motcua::calendar

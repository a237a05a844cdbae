// The Vietnamese lunisolar calendar, computed astronomically for UTC+07:00.
//
// Our own implementation of the published method: mean new moons with the periodic terms of
// J. Meeus, "Astronomical Algorithms" (2nd ed., ch. 49, the first-order terms) and the apparent
// solar longitude of ch. 25 (low precision). A lunar month starts on the local (UTC+7) civil day of
// its new moon; month 11 is the month containing the winter solstice (solar longitude 270°); in a
// year of 13 months the first month without a principal solar term (a multiple of 30°) is the leap
// month. Checked against ../shared/data/holidays/vn_tet_and_hung_kings_1901_2100.csv for every year
// (lunar_test.cc). Pure functions, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

namespace motcua::calendar {

// Returns the Julian Day Number of a Gregorian date.
int64_t JulianDayNumber(std::chrono::year_month_day date);
// Returns the Gregorian date of a Julian Day Number.
std::chrono::year_month_day FromJulianDayNumber(int64_t jdn);

// Returns the Gregorian date of day `day` (1..30) of lunar month `month` (1..12, never the leap
// copy) of the lunar year that starts in Gregorian year `year`, for 1901 <= year <= 2100.
std::chrono::year_month_day LunarToSolar(int year, int month, int day);

// Returns Tết Nguyên Đán (lunar 1/1) of the lunar year starting in Gregorian `year`.
inline std::chrono::year_month_day TetDate(int year) { return LunarToSolar(year, 1, 1); }

}  // namespace motcua::calendar

#include "domain/calendar/lunar.h"

#include <cmath>

namespace motcua::calendar {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180.0;
constexpr double kSynodicMonth = 29.530588853;
constexpr double kTimeZoneDays = 7.0 / 24.0;  // UTC+07:00

// Returns the Julian Ephemeris Day of the k-th mean new moon after the one of 1900-01-01, with the
// periodic corrections for the Sun's and Moon's anomalies and the Moon's argument of latitude, and a
// polynomial ΔT (Meeus, Astronomical Formulae for Calculators, ch. 32; Astronomical Algorithms ch. 49).
double NewMoonJd(int64_t k) {
  const double t = k / 1236.85;
  const double t2 = t * t, t3 = t2 * t;
  double jd = 2415020.75933 + kSynodicMonth * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * kRad);
  const double m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * kRad;
  const double mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * kRad;
  const double f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * kRad;
  double c = (0.1734 - 0.000393 * t) * std::sin(m) + 0.0021 * std::sin(2 * m);
  c += -0.4068 * std::sin(mp) + 0.0161 * std::sin(2 * mp) - 0.0004 * std::sin(3 * mp);
  c += 0.0104 * std::sin(2 * f) - 0.0051 * std::sin(m + mp) - 0.0074 * std::sin(m - mp);
  c += 0.0004 * std::sin(2 * f + m) - 0.0004 * std::sin(2 * f - m);
  c += -0.0006 * std::sin(2 * f + mp) + 0.0010 * std::sin(2 * f - mp) + 0.0005 * std::sin(m + 2 * mp);
  // ΔT (TT − UT) in days.
  double delta_t;
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd + c - delta_t;
}

// Returns the local (UTC+7) day number of the k-th new moon.
int64_t NewMoonDay(int64_t k) {
  return static_cast<int64_t>(std::floor(NewMoonJd(k) + 0.5 + kTimeZoneDays));
}

// Returns the apparent solar longitude in radians, in [0, 2π), at Julian Day `jd` (Meeus ch. 25).
double SunLongitude(double jd) {
  const double t = (jd - 2451545.0) / 36525.0;
  const double t2 = t * t;
  const double m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * kRad;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(m);
  dl += (0.019993 - 0.000101 * t) * std::sin(2 * m) + 0.000290 * std::sin(3 * m);
  double l = (l0 + dl) * kRad;
  l -= 2 * kPi * std::floor(l / (2 * kPi));
  return l;
}

// Returns which 30° sector (0..11) the Sun is in at the start of local day `day`.
int SunSector(int64_t day) {
  return static_cast<int>(std::floor(SunLongitude(day - 0.5 - kTimeZoneDays) / kPi * 6));
}

// Returns the new-moon index nearest to local day `day`.
int64_t MonthIndexNear(int64_t day) {
  return static_cast<int64_t>(std::floor((day - 2415021.076998695) / kSynodicMonth + 0.5));
}

// Returns the first day of lunar month 11 of Gregorian year `year` (the month holding the winter
// solstice, which the Sun reaches in sector 9, 270°–300°).
int64_t Month11Start(int year) {
  const int64_t dec31 = JulianDayNumber(std::chrono::year{year} / 12 / 31);
  const int64_t k = static_cast<int64_t>(std::floor((dec31 - 2415021) / kSynodicMonth));
  int64_t nm = NewMoonDay(k);
  if (SunSector(nm) >= 9) nm = NewMoonDay(k - 1);
  return nm;
}

// Returns the offset, counted in months after month 11, of the leap month in a 13-month lunar year
// whose month 11 starts on `a11`: the first month in which no principal term begins.
int LeapMonthOffset(int64_t a11) {
  const int64_t k = MonthIndexNear(a11);
  int i = 1;
  int arc = SunSector(NewMoonDay(k + i));
  int last;
  do {
    last = arc;
    ++i;
    arc = SunSector(NewMoonDay(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

int64_t JulianDayNumber(std::chrono::year_month_day date) {
  const int y0 = static_cast<int>(date.year());
  const int m0 = static_cast<int>(static_cast<unsigned>(date.month()));
  const int d = static_cast<int>(static_cast<unsigned>(date.day()));
  const int a = (14 - m0) / 12;
  const int64_t y = y0 + 4800 - a;
  const int64_t m = m0 + 12 * a - 3;
  return d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

std::chrono::year_month_day FromJulianDayNumber(int64_t jdn) {
  // 2440588 is the JDN of 1970-01-01.
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{jdn - 2440588}}};
}

std::chrono::year_month_day LunarToSolar(int year, int month, int day) {
  const int64_t a11 = Month11Start(year - 1);
  const int64_t b11 = Month11Start(year);
  const int64_t k = MonthIndexNear(a11);
  // Month m (1..12) of the new year lies m + 1 months after month 11, one more if a leap month
  // came before it.
  int offset = month + 1;
  if (b11 - a11 > 365) {
    const int leap = LeapMonthOffset(a11);
    if (leap <= offset) ++offset;
  }
  return FromJulianDayNumber(NewMoonDay(k + offset) + day - 1);
}

}  // namespace motcua::calendar

// Working calendars and the legal working-time clock (domain.md §4, §9).
//
// A CalendarProfile says when an office works: office hours, weekly rest days, the late cut-off and
// the holiday rules. A WorkCalendar is a profile compiled for the years 1901–2100 together with the
// official announcements in force: a table of working days with the count of working days before
// each, so that converting between an instant and its working-time position is O(1) and a due date
// is two table reads (docs/performance.md, bench/deadlines). A WorkCalendar is immutable after
// construction and safe to share between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace motcua::calendar {

inline constexpr int kFirstYear = 1901;
inline constexpr int kLastYear = 2100;

// Why a day is off or worked, for listings and for explaining a due date.
enum class DaySource { kComputed, kAnnounced };

// One day that differs from the weekly pattern: a weekday off, or a rest day worked.
struct SpecialDay {
  std::chrono::year_month_day date;
  bool working = false;  // true: a make-up working day on a weekly rest day
  std::string name_vi;
  std::string name_en;
  DaySource source = DaySource::kComputed;
  std::string decision;  // for announced days: the decision's number and date
};

// A year's official announcement (Ministry of Home Affairs notice under the Prime Minister's
// decision). When a year has one, its days off and make-up days replace the computed defaults for
// that whole year: the notice is the authority (Labour Code Art. 112(3)). Days off that fall on a
// rest day are allowed and change nothing.
struct Announcement {
  int year = 0;
  std::string decision;       // e.g. "Thông báo 9441/TB-BNV"
  std::string decision_date;  // e.g. "2025-10-16"
  struct Day {
    std::chrono::year_month_day date;
    std::string name_vi;
    std::string name_en;
  };
  std::vector<Day> days_off;
  std::vector<Day> working_days;  // make-up working days on weekly rest days
};

// How a limit counted in calendar days or months ("30 ngày", "03 tháng") ends.
enum class DayCount {
  // Civil Code 2015 Art. 147(2)–(3) and 148: the day of reception is not counted; the limit ends
  // at the end of its last day (for months, the corresponding day of the last month, or that
  // month's last day when it has none); a last day that is a weekly rest day or a holiday moves
  // the end to the end of the next working day. "The end of the day" is read as the close of
  // office hours (the result is handed over in office hours; Art. 148(6) says 24:00 for private
  // acts). The default: the best-supported reading (domain.md §4, issue 16).
  kCivilCode,
  // The earlier reading: the reception instant plus N × 24 hours (a month as 30 days), moved to
  // the next working instant when it is not one. Kept as an option for a centre that counts so.
  kElapsed24h,
};

// Returns "civil_code" or "elapsed_24h".
std::string_view DayCountName(DayCount d);
// Parses "civil_code" or "elapsed_24h".
std::optional<DayCount> ParseDayCount(std::string_view name);

// When and how an office works. Defaults are the national ones for state offices.
struct CalendarProfile {
  std::string name = "national";
  // Office hours in minutes after local midnight: a morning and an afternoon session. One working
  // day is their sum (default 270 + 210 = 480 minutes = 8 working hours).
  int morning_open = 7 * 60;
  int morning_close = 11 * 60 + 30;
  int afternoon_open = 13 * 60 + 30;
  int afternoon_close = 17 * 60;
  // Dossiers received at or after the cut-off count from the next working day (domain.md §4).
  int cutoff = 15 * 60;
  // Weekly rest days, indexed by weekday (0 = Sunday … 6 = Saturday); default Saturday and Sunday
  // (Decision 188/1999/QĐ-TTg).
  bool rest_day[7] = {true, false, false, false, false, false, true};
  // The computed holiday rules (Labour Code 2019 Art. 112 and Art. 111(3)).
  bool computed_holidays = true;
  // How calendar-day and month limits end (see DayCount). Set per province or commune in its
  // calendar profile (`"day_count": "elapsed_24h"`); the national profile uses the default.
  DayCount day_count = DayCount::kCivilCode;

  // Returns an error naming the field when the hours are out of order or outside the day.
  Status Validate() const;
  int MorningMinutes() const { return morning_close - morning_open; }
  int DayMinutes() const { return MorningMinutes() + afternoon_close - afternoon_open; }
};

// Returns the computed public holidays of `year` under Labour Code 2019: 1/1; Tết (the last day of
// the lunar year and lunar 1/1–1/4); Giỗ Tổ Hùng Vương (lunar 10/3); 30/4; 1/5; 1/9 and 2/9; and,
// for each holiday falling on a weekly rest day of `profile`, the next working day off (Art. 111(3)).
// Which day accompanies 2/9 is fixed yearly by the Prime Minister; 1/9 is the reading the issue and
// the 2025–2026 notices follow, and an announcement overrides it.
std::vector<SpecialDay> ComputedHolidays(const CalendarProfile& profile, int year);

// A span of time during which the clock stands still: [from_ms, to_ms); no end yet when to_ms is
// empty.
struct Pause {
  int64_t from_ms = 0;
  std::optional<int64_t> to_ms;
};

enum class TimeUnit { kWorkingDays, kWorkingHours, kCalendarDays, kCalendarMonths, kSameDay };

// Returns the unit named "working_days", "working_hours", "calendar_days", "calendar_months" or
// "same_day".
std::optional<TimeUnit> ParseTimeUnit(std::string_view name);

struct Deadline {
  int64_t counted_from_ms = 0;
  std::optional<int64_t> due_ms;  // empty while an open pause holds the clock
  bool paused = false;
};

// Working time left before a due instant, or by which it has passed, in whole working minutes.
struct Remaining {
  int64_t working_minutes = 0;  // never negative
  bool overdue = false;         // the instant is after the due time
};

class WorkCalendar {
 public:
  // Returns a calendar for `profile` with `announcements` in force (at most one per year), or an
  // error naming the profile field or announcement that is wrong.
  static Result<WorkCalendar> Build(const CalendarProfile& profile,
                                    const std::vector<Announcement>& announcements);

  const CalendarProfile& profile() const { return profile_; }

  // Returns whether `date` is a working day. Dates outside 1901–2100 are not.
  bool IsWorkingDay(std::chrono::year_month_day date) const;
  // Returns whether the instant lies inside office hours on a working day.
  bool IsWorkingInstant(int64_t instant_ms) const;
  // Returns the days of `year` that differ from the weekly pattern, in date order.
  std::vector<SpecialDay> SpecialDays(int year) const;

  // Returns the instant from which the clock counts for a dossier received at `received_ms`
  // (domain.md §4; the rule 1).
  int64_t CountedFrom(int64_t received_ms) const;
  // Returns the deadline for `amount` of `unit` from a dossier received at `received_ms`, with the
  // clock stopped during `pauses`. Instants are taken to the minute (seconds and milliseconds are
  // dropped), so a due time is always a whole minute. Working days and hours count working time
  // from CountedFrom; calendar days and months count as the profile's day_count says (a pause
  // moves the last day on by the days it spans, counted as Art. 147 counts them: the day it
  // starts not counted); a fraction of a day counts as a whole day and months must be whole.
  // Errors: a negative amount, a fractional number of months, an instant outside 1901–2100, a
  // pause that ends before it starts (the field is named).
  Result<Deadline> Compute(int64_t received_ms, double amount, TimeUnit unit,
                           const std::vector<Pause>& pauses) const;
  // Returns the earliest instant at which `minutes` of working time have elapsed since
  // `counted_from_ms` (which must be a working instant or a closing time). Hot path: O(1).
  int64_t AddWorkingMinutes(int64_t counted_from_ms, int64_t minutes) const;
  // Returns the working minutes between two instants (negative when `to` is before `from`).
  int64_t WorkingMinutesBetween(int64_t from_ms, int64_t to_ms) const;
  // Returns the working time left from `now_ms` to `due_ms`, or by which `now_ms` is past it.
  Remaining RemainingAt(int64_t due_ms, int64_t now_ms) const;
  // Returns the first working instant at or after `instant_ms` (itself when it is one).
  int64_t NextWorkingInstant(int64_t instant_ms) const;

  // Returns the size in bytes of the compiled tables.
  size_t TableBytes() const;

 private:
  WorkCalendar() = default;
  // Returns the working-time position of an instant in milliseconds: working time elapsed between
  // the start of 1901 and the instant. Instants outside the table are clamped to its ends.
  int64_t Position(int64_t instant_ms) const;
  // Returns the earliest instant whose position is `position` (> 0).
  int64_t InstantAt(int64_t position) const;
  // Returns the opening of the first working day after day index `day`.
  int64_t NextOpening(int64_t day) const;
  // Returns the working time elapsed in a working day at `ms_of_day` (milliseconds after midnight).
  int64_t WorkedInDay(int64_t ms_of_day) const;
  int64_t DayIndex(std::chrono::year_month_day date) const;
  // Returns the close of office hours of the first working day on or after local day `day`.
  int64_t CloseOfWorkingDayFrom(int64_t day_since_epoch) const;

  CalendarProfile profile_;
  int64_t first_day_ = 0;                 // days since 1970-01-01 of 1901-01-01
  std::vector<int32_t> workdays_before_;  // per day: working days before it since 1901-01-01
  std::vector<int32_t> workday_;          // k-th working day → day index
  std::vector<SpecialDay> special_;       // sorted by date
};

// Returns "còn 2 ngày 3 giờ" / "quá hạn 1 ngày 2 giờ" (lang "vi") or "2 days 3 hours left" /
// "overdue by 1 day 2 hours" (lang "en"), with minutes shown when under one hour.
std::string FormatRemaining(const Remaining& r, int day_minutes, std::string_view lang);

// Returns the due instant of an accommodation notice (domain.md §10): before 23:00 on the arrival
// day, or before 08:00 the next day when the guest arrives at or after 23:00 (local time).
int64_t AccommodationNoticeDue(int64_t arrival_ms);

}  // namespace motcua::calendar

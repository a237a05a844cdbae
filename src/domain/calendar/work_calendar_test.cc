#include "domain/calendar/work_calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "base/civil_time.h"

namespace motcua::calendar {
namespace {

using std::chrono::year_month_day;

year_month_day Date(const std::string& iso) {
  return std::chrono::year{std::stoi(iso.substr(0, 4))} /
         std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))} /
         std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))};
}

// "2026-11-23 09:30" in Vietnam time.
int64_t At(const std::string& s) {
  return FromVietnam(Date(s), std::stoi(s.substr(11, 2)) * 60 + std::stoi(s.substr(14, 2)));
}

std::string Show(int64_t t) {
  const LocalDateTime l = ToVietnam(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", static_cast<int>(l.date.year()),
                static_cast<unsigned>(l.date.month()), static_cast<unsigned>(l.date.day()),
                l.minute_of_day / 60, l.minute_of_day % 60);
  return buf;
}

// The 2026 notice as shipped in data/calendars/2026.json (Tết 16–20/02; 31/08 off, made up 22/08).
Announcement Notice2026() {
  Announcement a;
  a.year = 2026;
  a.decision = "Thông báo 9441/TB-BNV";
  for (const char* d : {"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                        "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01", "2026-08-31",
                        "2026-09-01", "2026-09-02"})
    a.days_off.push_back({Date(d), "nghỉ", "off"});
  a.working_days.push_back({Date("2026-08-22"), "làm bù", "make-up"});
  return a;
}

const WorkCalendar& Cal() {
  static const WorkCalendar c = *WorkCalendar::Build(CalendarProfile{}, {Notice2026()});
  return c;
}

struct StartCase {
  const char* received;
  const char* counted_from;
  const char* why;
};

TEST(WorkCalendarTest, CountedFrom) {
  const StartCase cases[] = {
      {"2026-11-23 06:30", "2026-11-23 07:00", "before opening: that day's opening"},
      {"2026-11-23 07:00", "2026-11-23 07:00", "at opening"},
      {"2026-11-23 10:15", "2026-11-23 10:15", "a working instant"},
      {"2026-11-23 11:29", "2026-11-23 11:29", "last morning minute"},
      {"2026-11-23 11:30", "2026-11-23 13:30", "lunch starts: afternoon opening"},
      {"2026-11-23 12:45", "2026-11-23 13:30", "lunch: afternoon opening"},
      {"2026-11-23 13:30", "2026-11-23 13:30", "afternoon opening"},
      {"2026-11-23 14:59", "2026-11-23 14:59", "one minute before the cut-off"},
      {"2026-11-23 15:00", "2026-11-24 07:00", "at the cut-off: next working day"},
      {"2026-11-23 16:30", "2026-11-24 07:00", "after the cut-off"},
      {"2026-11-23 17:30", "2026-11-24 07:00", "after closing"},
      {"2026-11-27 15:10", "2026-11-30 07:00", "Friday after the cut-off: Monday"},
      {"2026-11-28 09:00", "2026-11-30 07:00", "Saturday: Monday"},
      {"2026-02-13 15:00", "2026-02-23 07:00", "before Tết: after the Tết days off"},
      {"2026-02-18 09:00", "2026-02-23 07:00", "during Tết"},
      {"2026-08-21 16:00", "2026-08-22 07:00", "a make-up Saturday is a working day"},
      {"2026-08-28 15:30", "2026-09-03 07:00", "31/08 swapped off, 1–2/09 National Day"},
      {"2026-12-31 15:00", "2027-01-04 07:00", "year end: 1/1/2027 (Friday) off"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(Show(Cal().CountedFrom(At(c.received))), c.counted_from) << c.why;
}

struct DueCase {
  const char* received;
  double amount;
  const char* unit;
  std::vector<std::pair<const char*, const char*>> pauses;  // "" as the end: open
  const char* due;  // "" when there is none
  const char* why;
};

TEST(WorkCalendarTest, Due) {
  const DueCase cases[] = {
      {"2026-11-23 10:00", 1, "working_days", {}, "2026-11-24 10:00", "one working day"},
      {"2026-11-23 07:00", 1, "working_days", {}, "2026-11-23 17:00", "ends exactly at closing"},
      {"2026-11-23 07:00", 0.5, "working_days", {}, "2026-11-23 11:00", "half a day = 4 hours"},
      {"2026-11-23 07:00", 4.5, "working_hours", {}, "2026-11-23 11:30", "ends exactly at 11:30"},
      {"2026-11-23 11:00", 1, "working_hours", {}, "2026-11-23 14:00", "spans lunch"},
      {"2026-11-23 13:30", 3.5, "working_hours", {}, "2026-11-23 17:00", "ends at 17:00"},
      {"2026-11-23 16:00", 1, "working_hours", {}, "2026-11-24 08:00", "received after cut-off"},
      {"2026-11-23 09:00", 0, "working_days", {}, "2026-11-23 09:00", "zero amount"},
      {"2026-11-27 14:00", 3, "working_days", {}, "2026-12-02 14:00", "Friday afternoon"},
      {"2026-11-27 14:00", 0.5, "working_days", {}, "2026-11-30 08:00", "Friday over the weekend"},
      {"2026-02-13 10:00", 1, "working_days", {}, "2026-02-23 10:00", "over Tết"},
      {"2026-08-21 10:00", 1, "working_days", {}, "2026-08-22 10:00", "onto a make-up Saturday"},
      {"2026-12-31 10:00", 1, "working_days", {}, "2027-01-04 10:00", "over the year end"},
      {"2026-11-23 09:00", 15, "working_days", {}, "2026-12-14 09:00", "three weeks"},
      {"2026-11-23 09:00", 1, "same_day", {}, "2026-11-23 17:00", "same day"},
      {"2026-11-23 15:30", 1, "same_day", {}, "2026-11-24 17:00", "same day after the cut-off"},
      {"2026-11-23 08:00", 2, "working_days", {{"2026-11-24 10:00", "2026-11-25 10:00"}},
       "2026-11-26 08:00", "a pause of one working day"},
      {"2026-02-12 08:00", 3, "working_days", {{"2026-02-13 08:00", "2026-02-23 08:00"}},
       "2026-02-25 08:00", "a pause spanning Tết adds back only working time"},
      {"2026-11-23 08:00", 1, "working_days", {{"2026-11-23 06:00", "2026-11-23 09:00"}},
       "2026-11-24 09:00", "a pause before counting starts counts from the start"},
      {"2026-11-23 08:00", 1, "working_days", {{"2026-11-25 08:00", "2026-11-26 08:00"}},
       "2026-11-24 08:00", "a pause after the due time changes nothing"},
      {"2026-11-23 08:00", 2, "working_days",
       {{"2026-11-24 08:00", "2026-11-24 12:00"}, {"2026-11-24 10:00", "2026-11-24 15:30"}},
       "2026-11-25 15:30", "overlapping pauses count once"},
      {"2026-11-23 08:00", 2, "working_days", {{"2026-11-24 10:00", ""}}, "", "an open pause"},
  };
  for (const auto& c : cases) {
    std::vector<Pause> pauses;
    for (const auto& [from, to] : c.pauses) {
      Pause p{At(from), std::nullopt};
      if (*to) p.to_ms = At(to);
      pauses.push_back(p);
    }
    auto d = Cal().Compute(At(c.received), c.amount, *ParseTimeUnit(c.unit), pauses);
    ASSERT_TRUE(d.ok()) << c.why << ": " << d.status().message();
    if (*c.due) {
      ASSERT_TRUE(d->due_ms.has_value()) << c.why;
      EXPECT_EQ(Show(*d->due_ms), c.due) << c.why;
      EXPECT_FALSE(d->paused) << c.why;
    } else {
      EXPECT_FALSE(d->due_ms.has_value()) << c.why;
      EXPECT_TRUE(d->paused) << c.why;
    }
  }
}

// Limits counted in calendar days and months, built from the Civil Code 2015: Art. 147(2) the day
// of reception is not counted; Art. 148(1) days end at the end of the last day (read as the close
// of office hours, 17:00); Art. 148(3) months end on the corresponding day of the last month, or
// its last day; Art. 148(5) a last day that is a rest day or holiday moves the end to the close of
// the next working day. Pauses move the last day on by the days they span.
TEST(WorkCalendarTest, DayCountedLimitsFollowTheCivilCode) {
  const DueCase cases[] = {
      {"2026-11-27 10:00", 3, "calendar_days", {}, "2026-11-30 17:00",
       "received on a Friday: Sat, Sun, Mon; ends Monday at closing"},
      {"2026-11-27 10:00", 2, "calendar_days", {}, "2026-11-30 17:00",
       "last day a Sunday: the next working day"},
      {"2026-11-27 16:30", 1, "calendar_days", {}, "2026-11-30 17:00",
       "after the cut-off on a Friday: the day is still not counted, Saturday is off"},
      {"2026-11-23 09:00", 30, "calendar_days", {}, "2026-12-23 17:00", "thirty days"},
      {"2026-11-23 16:59", 30, "calendar_days", {}, "2026-12-23 17:00",
       "the hour of reception does not matter"},
      {"2026-11-23 09:00", 0, "calendar_days", {}, "2026-11-23 17:00", "zero days: that day"},
      {"2026-11-23 09:00", 0.5, "calendar_days", {}, "2026-11-24 17:00",
       "a fraction of a day counts as a day"},
      {"2026-02-12 09:00", 5, "calendar_days", {}, "2026-02-23 17:00",
       "last day on Tết (17/02): after the Tết days off"},
      {"2026-08-21 10:00", 1, "calendar_days", {}, "2026-08-22 17:00",
       "last day a make-up Saturday: a working day, it ends there"},
      {"2026-08-28 10:00", 3, "calendar_days", {}, "2026-09-03 17:00",
       "last day the swapped 31/08, then National Day 1–2/09"},
      {"2026-01-30 09:00", 1, "calendar_months", {}, "2026-03-02 17:00",
       "30 Jan + 1 month: 28 Feb (no 30 Feb), a Saturday, so Monday 2 Mar"},
      {"2026-01-31 09:00", 1, "calendar_months", {}, "2026-03-02 17:00",
       "31 Jan + 1 month: the last day of February"},
      {"2028-01-31 09:00", 1, "calendar_months", {}, "2028-02-29 17:00",
       "31 Jan + 1 month in a leap year: 29 Feb"},
      {"2026-03-31 09:00", 1, "calendar_months", {}, "2026-05-04 17:00",
       "31 Mar + 1 month: 30 Apr, a holiday, then 1 May and the weekend"},
      {"2026-05-29 09:00", 3, "calendar_months", {}, "2026-09-03 17:00",
       "29 Aug is a Saturday; 31/08 swapped off; 1–2/09 National Day"},
      {"2026-11-23 09:00", 12, "calendar_months", {}, "2027-11-23 17:00", "a year"},
      {"2026-11-23 09:00", 10, "calendar_days", {{"2026-11-24 10:00", "2026-11-27 08:00"}},
       "2026-12-07 17:00", "a pause over three days moves the last day on by three"},
      {"2026-11-23 09:00", 10, "calendar_days", {{"2026-11-24 10:00", "2026-11-24 15:00"}},
       "2026-12-03 17:00", "a pause inside one day moves nothing"},
      {"2026-11-23 09:00", 1, "calendar_days", {{"2026-11-25 08:00", "2026-11-26 08:00"}},
       "2026-11-24 17:00", "a pause after the limit changes nothing"},
      {"2026-11-23 09:00", 10, "calendar_days", {{"2026-11-24 10:00", ""}}, "", "an open pause"},
  };
  for (const auto& c : cases) {
    std::vector<Pause> pauses;
    for (const auto& [from, to] : c.pauses) {
      Pause p{At(from), std::nullopt};
      if (*to) p.to_ms = At(to);
      pauses.push_back(p);
    }
    auto d = Cal().Compute(At(c.received), c.amount, *ParseTimeUnit(c.unit), pauses);
    ASSERT_TRUE(d.ok()) << c.why << ": " << d.status().message();
    if (*c.due) {
      ASSERT_TRUE(d->due_ms.has_value()) << c.why;
      EXPECT_EQ(Show(*d->due_ms), c.due) << c.why;
    } else {
      EXPECT_FALSE(d->due_ms.has_value()) << c.why;
      EXPECT_TRUE(d->paused) << c.why;
    }
  }
  EXPECT_FALSE(Cal().Compute(At("2026-11-23 09:00"), 1.5, TimeUnit::kCalendarMonths, {}).ok())
      << "months are whole";
}

// The earlier reading, kept as an option (CalendarProfile::day_count = kElapsed24h): reception +
// N × 24 h (a month as 30 days), moved to the next working instant.
TEST(WorkCalendarTest, DayCountedLimitsAsElapsedHoursWhenConfigured) {
  CalendarProfile p;
  p.day_count = DayCount::kElapsed24h;
  const WorkCalendar c = *WorkCalendar::Build(p, {Notice2026()});
  struct Case {
    const char* received;
    double amount;
    const char* unit;
    const char* due;
  } cases[] = {
      {"2026-11-27 10:00", 3, "calendar_days", "2026-11-30 10:00"},
      {"2026-11-25 10:00", 3, "calendar_days", "2026-11-30 07:00"},  // lands on Saturday
      {"2026-01-30 10:00", 1, "calendar_months", "2026-03-02 07:00"},  // 30 days: Sunday 1 Mar
  };
  for (const auto& k : cases) {
    auto d = c.Compute(At(k.received), k.amount, *ParseTimeUnit(k.unit), {});
    ASSERT_TRUE(d.ok() && d->due_ms) << k.received;
    EXPECT_EQ(Show(*d->due_ms), k.due) << k.received;
  }
  EXPECT_EQ(ParseDayCount("elapsed_24h"), DayCount::kElapsed24h);
  EXPECT_EQ(ParseDayCount("civil_code"), DayCount::kCivilCode);
  EXPECT_EQ(DayCountName(DayCount::kElapsed24h), "elapsed_24h");
  EXPECT_FALSE(ParseDayCount("24h").has_value());
}

// Due times are whole minutes whatever the seconds and milliseconds of the reception and of the
// pauses: the instants are taken to the minute first (the cause of "08:59:59.998").
TEST(WorkCalendarTest, DueTimesAreWholeMinutes) {
  struct Case {
    int64_t received_extra_ms, from_extra_ms, to_extra_ms;
    const char* unit;
    double amount;
    const char* due;
  } cases[] = {
      {37'123, 12'500, 59'998, "working_days", 1, "2026-11-24 09:30"},
      {59'999, 0, 2, "working_hours", 2, "2026-11-23 11:30"},
      {1, 59'999, 1, "working_days", 0.5, "2026-11-23 15:30"},
      {37'123, 12'500, 59'998, "calendar_days", 3, "2026-11-26 17:00"},
      {37'123, 0, 0, "same_day", 1, "2026-11-24 07:30"},
  };
  for (const auto& k : cases) {
    // Received 09:00:xx, paused 09:30:xx → 10:00:xx (half an hour of working time).
    std::vector<Pause> pauses{{At("2026-11-23 09:30") + k.from_extra_ms,
                               At("2026-11-23 10:00") + k.to_extra_ms}};
    auto d = Cal().Compute(At("2026-11-23 09:00") + k.received_extra_ms, k.amount,
                           *ParseTimeUnit(k.unit), pauses);
    ASSERT_TRUE(d.ok() && d->due_ms) << k.unit;
    EXPECT_EQ(*d->due_ms % kMsPerMinute, 0) << k.unit << " " << k.received_extra_ms;
    EXPECT_EQ(Show(*d->due_ms), k.due) << k.unit << " " << k.received_extra_ms;
  }
}

TEST(WorkCalendarTest, BadInputNamesTheField) {
  struct Bad {
    int64_t start;
    double amount;
    std::vector<Pause> pauses;
    const char* field;
  };
  const Bad cases[] = {
      {At("2026-11-23 08:00"), -1, {}, "amount"},
      {At("1900-12-31 08:00"), 1, {}, "start"},
      {At("2101-01-02 08:00"), 1, {}, "start"},
      {At("2026-11-23 08:00"), 1, {{At("2026-11-24 10:00"), At("2026-11-24 09:00")}}, "pauses[0].to"},
  };
  for (const auto& b : cases) {
    auto d = Cal().Compute(b.start, b.amount, TimeUnit::kWorkingDays, b.pauses);
    ASSERT_FALSE(d.ok());
    ASSERT_FALSE(d.status().fields().empty());
    EXPECT_EQ(d.status().fields()[0].field, b.field);
  }
}

TEST(WorkCalendarTest, SpecialDaysOf2026AreTheAnnouncement) {
  auto days = Cal().SpecialDays(2026);
  std::vector<std::string> shown;
  for (const auto& d : days) shown.push_back(Show(FromVietnam(d.date, 0)).substr(0, 10));
  const std::vector<std::string> want = {"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18",
                                         "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30",
                                         "2026-05-01", "2026-08-22", "2026-08-31", "2026-09-01",
                                         "2026-09-02"};
  EXPECT_EQ(shown, want);
  for (const auto& d : days) {
    EXPECT_EQ(d.source, DaySource::kAnnounced);
    EXPECT_EQ(d.working, d.date == Date("2026-08-22"));
  }
}

TEST(WorkCalendarTest, ComputedHolidaysWithCompensation) {
  // 2027 has no announcement: Tết eve Fri 5/2, mùng 1–4 Sat 6/2 – Tue 9/2; Sat and Sun are
  // compensated on Wed 10/2 and Thu 11/2; 1/5 is a Saturday, compensated on Mon 3/5.
  std::set<std::string> off;
  for (const auto& d : Cal().SpecialDays(2027)) {
    EXPECT_EQ(d.source, DaySource::kComputed);
    off.insert(Show(FromVietnam(d.date, 0)).substr(0, 10));
  }
  const std::set<std::string> want = {"2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09",
                                      "2027-02-10", "2027-02-11", "2027-04-16", "2027-04-30",
                                      "2027-05-03", "2027-09-01", "2027-09-02"};
  EXPECT_EQ(off, want);
}

// The computed defaults against python-holidays' table (MIT; data/holidays/) for the years under
// Labour Code 2019 (2021 on), leaving out the days the Prime Minister fixes each year (which Tết
// days beyond mùng 1–3, which day goes with 2/9), which that table estimates.
TEST(WorkCalendarTest, ComputedDefaultsAgreeWithTheReferenceTable) {
  const WorkCalendar c = *WorkCalendar::Build(CalendarProfile{}, {});
  std::ifstream in(MOTCUA_SOURCE_DIR "/data/holidays/vn_public_holidays_1995_2035.csv");
  ASSERT_TRUE(in);
  std::string line;
  std::getline(in, line);
  int checked = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string date, wd, vi, en, kind;
    std::getline(ss, date, ',');
    std::getline(ss, wd, ',');
    std::getline(ss, vi, ',');
    std::getline(ss, en, ',');
    std::getline(ss, kind, ',');
    if (std::stoi(date.substr(0, 4)) < 2021) continue;
    const bool tet_fixed = en == "Lunar New Year" || en == "Second Day of Lunar New Year" ||
                           en == "Third Day of Lunar New Year";
    const bool law_fixed = en == "New Year's Day" || en == "Hung Kings' Commemoration Day" ||
                           en == "Liberation Day/Reunification Day" ||
                           en == "International Labor Day" || tet_fixed;
    if (kind == "holiday" && (law_fixed || date.substr(5) == "09-02")) {
      EXPECT_FALSE(c.IsWorkingDay(Date(date))) << date << " " << en;
      ++checked;
    }
    if (kind == "observed" && en.find("Lunar") == std::string::npos &&
        en.find("National") == std::string::npos) {
      EXPECT_FALSE(c.IsWorkingDay(Date(date))) << date << " " << en;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(WorkCalendarTest, PropertyElapsedWorkingTimeEqualsTheAmount) {
  const WorkCalendar& c = Cal();
  std::mt19937_64 rng(20261202);
  const int64_t lo = At("2000-01-01 00:00"), hi = At("2100-06-01 00:00");
  for (int i = 0; i < 20000; ++i) {
    // Instants in whole minutes: Compute takes its inputs to the minute (DueTimesAreWholeMinutes).
    auto minute = [](int64_t t) { return t - t % kMsPerMinute; };
    const int64_t start = minute(lo + static_cast<int64_t>(rng() % (hi - lo)));
    const int64_t minutes = static_cast<int64_t>(rng() % (60 * 480));
    std::vector<Pause> pauses;
    int64_t paused_minutes = 0;
    const int64_t from = c.CountedFrom(start);
    if (i % 2) {
      const int64_t pf = minute(from + static_cast<int64_t>(rng() % (10 * kMsPerDay)));
      const int64_t pt = minute(pf + static_cast<int64_t>(rng() % (10 * kMsPerDay)));
      pauses.push_back({pf, pt});
    }
    auto d = c.Compute(start, minutes / 60.0, TimeUnit::kWorkingHours, pauses);
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(d->due_ms);
    const int64_t due = *d->due_ms;
    for (const auto& p : pauses) {
      const int64_t pf = std::max(p.from_ms, from);
      if (pf < due) paused_minutes += c.WorkingMinutesBetween(pf, std::min(*p.to_ms, due));
    }
    ASSERT_EQ(c.WorkingMinutesBetween(from, due) - paused_minutes, minutes) << Show(start);
    ASSERT_TRUE(c.IsWorkingDay(ToVietnam(due).date)) << Show(due);
    if (minutes > 0 && pauses.empty()) {
      // Earliest: one minute sooner is not enough.
      ASSERT_LT(c.WorkingMinutesBetween(from, due - kMsPerMinute), minutes) << Show(start);
    }
  }
}

TEST(WorkCalendarTest, RemainingAndOverdue) {
  const WorkCalendar& c = Cal();
  const int64_t due = At("2026-11-26 10:00");
  Remaining r = c.RemainingAt(due, At("2026-11-23 09:00"));
  EXPECT_FALSE(r.overdue);
  EXPECT_EQ(FormatRemaining(r, 480, "vi"), "còn 3 ngày 1 giờ");
  EXPECT_EQ(FormatRemaining(r, 480, "en"), "3 days 1 hour left");
  r = c.RemainingAt(due, At("2026-11-27 12:00"));  // Friday's lunch break
  EXPECT_TRUE(r.overdue);
  EXPECT_EQ(r.working_minutes, 90 + 210 + 270);  // Thu 10:00–11:30, 13:30–17:00, Fri 07:00–11:30
  EXPECT_EQ(FormatRemaining(r, 480, "vi"), "quá hạn 1 ngày 1 giờ");
  r = c.RemainingAt(due, At("2026-11-30 10:00"));
  EXPECT_EQ(FormatRemaining(r, 480, "vi"), "quá hạn 2 ngày");
  EXPECT_EQ(FormatRemaining(r, 480, "en"), "overdue by 2 days");
  r = c.RemainingAt(due, At("2026-11-26 09:15"));
  EXPECT_EQ(FormatRemaining(r, 480, "vi"), "còn 45 phút");
}

TEST(WorkCalendarTest, AccommodationNotice) {
  EXPECT_EQ(Show(AccommodationNoticeDue(At("2026-11-23 14:00"))), "2026-11-23 23:00");
  EXPECT_EQ(Show(AccommodationNoticeDue(At("2026-11-23 22:59"))), "2026-11-23 23:00");
  EXPECT_EQ(Show(AccommodationNoticeDue(At("2026-11-23 23:00"))), "2026-11-24 08:00");
  EXPECT_EQ(Show(AccommodationNoticeDue(At("2026-11-23 23:40"))), "2026-11-24 08:00");
}

TEST(WorkCalendarTest, ProfileAndAnnouncementValidation) {
  CalendarProfile p;
  p.cutoff = 18 * 60;
  EXPECT_EQ(WorkCalendar::Build(p, {}).status().fields()[0].field, "cutoff");
  p = CalendarProfile{};
  p.morning_close = 14 * 60;
  EXPECT_FALSE(WorkCalendar::Build(p, {}).ok());
  Announcement a = Notice2026();
  a.working_days.push_back({Date("2026-08-24"), "x", "x"});  // a Monday
  EXPECT_EQ(WorkCalendar::Build(CalendarProfile{}, {a}).status().fields()[0].field, "working_days");
  EXPECT_FALSE(WorkCalendar::Build(CalendarProfile{}, {Notice2026(), Notice2026()}).ok());
}

TEST(WorkCalendarTest, ATableIsUnderOneMegabyte) { EXPECT_LT(Cal().TableBytes(), 1u << 20); }

TEST(WorkCalendarTest, ASixDayWeekProfile) {
  CalendarProfile p;
  p.name = "six-day";
  p.rest_day[6] = false;  // Saturday worked
  const WorkCalendar c = *WorkCalendar::Build(p, {});
  EXPECT_EQ(Show(c.CountedFrom(At("2027-11-27 16:00"))), "2027-11-29 07:00");  // Sat after cut-off
  EXPECT_EQ(Show(c.CountedFrom(At("2027-11-26 16:00"))), "2027-11-27 07:00");  // Fri → Sat
}

}  // namespace
}  // namespace motcua::calendar

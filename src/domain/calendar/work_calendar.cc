#include "domain/calendar/work_calendar.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "base/civil_time.h"
#include "domain/calendar/lunar.h"

namespace motcua::calendar {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

int64_t DaysSinceEpoch(year_month_day d) { return sys_days{d}.time_since_epoch().count(); }
year_month_day DateOf(int64_t days_since_epoch) {
  return year_month_day{sys_days{days{days_since_epoch}}};
}
int WeekdayOf(year_month_day d) { return static_cast<int>(weekday{sys_days{d}}.c_encoding()); }
int YearOf(year_month_day d) { return static_cast<int>(d.year()); }

// Splits an instant into a local day (days since 1970-01-01) and milliseconds after local midnight.
void SplitLocal(int64_t instant_ms, int64_t* day_out, int64_t* ms_of_day) {
  const int64_t local = instant_ms + kVietnamOffsetMs;
  int64_t d = local / kMsPerDay;
  if (local % kMsPerDay < 0) --d;
  *day_out = d;
  *ms_of_day = local - d * kMsPerDay;
}

int64_t InstantOf(int64_t day_since_epoch, int64_t ms_of_day) {
  return day_since_epoch * kMsPerDay + ms_of_day - kVietnamOffsetMs;
}

struct Holiday {
  int64_t day;  // days since epoch
  const char* vi;
  const char* en;
};


}  // namespace

Status CalendarProfile::Validate() const {
  auto bad = [&](const char* field, const char* why) {
    return Status::InvalidArgument(std::string("calendar profile '") + name + "': " + why,
                                   {{field, why}});
  };
  if (morning_open < 0 || morning_open >= morning_close)
    return bad("morning_open", "the morning must open before it closes");
  if (morning_close > afternoon_open)
    return bad("afternoon_open", "the afternoon must open at or after the morning closes");
  if (afternoon_open >= afternoon_close || afternoon_close > 24 * 60)
    return bad("afternoon_close", "the afternoon must close after it opens, within the day");
  if (cutoff <= morning_open || cutoff > afternoon_close)
    return bad("cutoff", "the cut-off must lie between the morning opening and the closing");
  if (std::all_of(std::begin(rest_day), std::end(rest_day), [](bool r) { return r; }))
    return bad("rest_days", "at least one day of the week must be a working day");
  return Status::Ok();
}

std::vector<SpecialDay> ComputedHolidays(const CalendarProfile& profile, int y) {
  std::vector<Holiday> hs;
  auto fixed = [&](unsigned m, unsigned d, const char* vi, const char* en) {
    hs.push_back({DaysSinceEpoch(year{y} / month{m} / day{d}), vi, en});
  };
  fixed(1, 1, "Tết Dương lịch", "New Year's Day");
  const int64_t tet = DaysSinceEpoch(TetDate(y));
  hs.push_back({tet - 1, "Tết Nguyên Đán (ngày cuối năm âm lịch)", "Lunar New Year's Eve"});
  hs.push_back({tet, "Tết Nguyên Đán (mùng 1)", "Lunar New Year (day 1)"});
  hs.push_back({tet + 1, "Tết Nguyên Đán (mùng 2)", "Lunar New Year (day 2)"});
  hs.push_back({tet + 2, "Tết Nguyên Đán (mùng 3)", "Lunar New Year (day 3)"});
  hs.push_back({tet + 3, "Tết Nguyên Đán (mùng 4)", "Lunar New Year (day 4)"});
  hs.push_back({DaysSinceEpoch(LunarToSolar(y, 3, 10)), "Giỗ Tổ Hùng Vương",
                "Hung Kings' Commemoration Day"});
  fixed(4, 30, "Ngày Chiến thắng", "Reunification Day");
  fixed(5, 1, "Ngày Quốc tế Lao động", "International Labour Day");
  fixed(9, 1, "Quốc khánh", "National Day");
  fixed(9, 2, "Quốc khánh", "National Day");
  std::sort(hs.begin(), hs.end(), [](const Holiday& a, const Holiday& b) { return a.day < b.day; });

  std::map<int64_t, SpecialDay> off;  // by day
  auto is_rest = [&](int64_t d) { return profile.rest_day[WeekdayOf(DateOf(d))]; };
  std::vector<const Holiday*> to_compensate;
  for (const Holiday& h : hs) {
    // A holiday on a weekly rest day, or on a day already taken by another holiday (Giỗ Tổ can
    // fall on 30/4 or 1/5), gives the next working day off (Art. 111(3); the coincidence reading
    // is ours: each statutory holiday is a paid day off).
    if (is_rest(h.day) || off.count(h.day)) {
      to_compensate.push_back(&h);
      continue;
    }
    off[h.day] = SpecialDay{DateOf(h.day), false, h.vi, h.en, DaySource::kComputed, ""};
  }
  std::vector<int64_t> holiday_days;
  for (const Holiday& h : hs) holiday_days.push_back(h.day);
  for (const Holiday* h : to_compensate) {
    int64_t d = h->day + 1;
    while (is_rest(d) || off.count(d) ||
           std::find(holiday_days.begin(), holiday_days.end(), d) != holiday_days.end())
      ++d;
    off[d] = SpecialDay{DateOf(d), false, std::string(h->vi) + " (nghỉ bù)",
                        std::string(h->en) + " (observed)", DaySource::kComputed, ""};
  }
  std::vector<SpecialDay> out;
  for (auto& [d, s] : off) out.push_back(std::move(s));
  return out;
}

std::string_view DayCountName(DayCount d) {
  return d == DayCount::kElapsed24h ? "elapsed_24h" : "civil_code";
}

std::optional<DayCount> ParseDayCount(std::string_view name) {
  if (name == "civil_code") return DayCount::kCivilCode;
  if (name == "elapsed_24h") return DayCount::kElapsed24h;
  return std::nullopt;
}

std::optional<TimeUnit> ParseTimeUnit(std::string_view name) {
  if (name == "working_days") return TimeUnit::kWorkingDays;
  if (name == "working_hours") return TimeUnit::kWorkingHours;
  if (name == "calendar_days") return TimeUnit::kCalendarDays;
  if (name == "calendar_months") return TimeUnit::kCalendarMonths;
  if (name == "same_day") return TimeUnit::kSameDay;
  return std::nullopt;
}

Result<WorkCalendar> WorkCalendar::Build(const CalendarProfile& profile,
                                         const std::vector<Announcement>& announcements) {
  MOTCUA_RETURN_IF_ERROR(profile.Validate());
  std::map<int, const Announcement*> by_year;
  for (const Announcement& a : announcements) {
    const std::string what = "announcement " + a.decision + " for " + std::to_string(a.year);
    if (a.year < kFirstYear || a.year > kLastYear)
      return Status::InvalidArgument(what + ": the year must be between 1901 and 2100",
                                     {{"year", "must be between 1901 and 2100"}});
    if (by_year.count(a.year))
      return Status::InvalidArgument(what + ": the year has two announcements",
                                     {{"year", "has two announcements"}});
    for (const auto& d : a.days_off) {
      if (!d.date.ok() || YearOf(d.date) != a.year)
        return Status::InvalidArgument(what + ": a day off lies outside the year",
                                       {{"days_off", "a day lies outside the year"}});
    }
    for (const auto& d : a.working_days) {
      if (!d.date.ok() || YearOf(d.date) != a.year)
        return Status::InvalidArgument(what + ": a make-up day lies outside the year",
                                       {{"working_days", "a day lies outside the year"}});
      if (!profile.rest_day[WeekdayOf(d.date)])
        return Status::InvalidArgument(
            what + ": a make-up working day must be a weekly rest day (" +
                FormatDateVn(d.date) + " is already a working day)",
            {{"working_days", "must be a weekly rest day"}});
      for (const auto& o : a.days_off)
        if (o.date == d.date)
          return Status::InvalidArgument(what + ": " + FormatDateVn(d.date) +
                                             " is both a day off and a make-up working day",
                                         {{"working_days", "also listed as a day off"}});
    }
    by_year[a.year] = &a;
  }

  WorkCalendar c;
  c.profile_ = profile;
  c.first_day_ = DaysSinceEpoch(year{kFirstYear} / 1 / 1);
  // One year past the last so that deadlines started late in 2100 still land in the table.
  const int64_t end_day = DaysSinceEpoch(year{kLastYear + 2} / 1 / 1);
  const int64_t n = end_day - c.first_day_;
  std::vector<int8_t> working(n);
  for (int64_t i = 0; i < n; ++i) working[i] = !profile.rest_day[WeekdayOf(DateOf(c.first_day_ + i))];
  for (int y = kFirstYear; y <= kLastYear + 1; ++y) {
    std::vector<SpecialDay> special;
    if (auto it = by_year.find(y); it != by_year.end()) {
      const Announcement& a = *it->second;
      for (const auto& d : a.days_off)
        special.push_back({d.date, false, d.name_vi, d.name_en, DaySource::kAnnounced,
                           a.decision + (a.decision_date.empty() ? "" : " (" + a.decision_date + ")")});
      for (const auto& d : a.working_days)
        special.push_back({d.date, true, d.name_vi, d.name_en, DaySource::kAnnounced,
                           a.decision + (a.decision_date.empty() ? "" : " (" + a.decision_date + ")")});
    } else if (profile.computed_holidays) {
      special = ComputedHolidays(profile, y);
    }
    for (auto& s : special) {
      const int64_t i = DaysSinceEpoch(s.date) - c.first_day_;
      const bool rest = profile.rest_day[WeekdayOf(s.date)];
      if (s.working != rest) continue;  // a day off on a rest day changes nothing
      working[i] = s.working;
      if (y <= kLastYear) c.special_.push_back(std::move(s));
    }
  }
  std::sort(c.special_.begin(), c.special_.end(), [](const SpecialDay& a, const SpecialDay& b) {
    return sys_days{a.date} < sys_days{b.date};
  });
  c.workdays_before_.resize(n + 1);
  int32_t count = 0;
  for (int64_t i = 0; i < n; ++i) {
    c.workdays_before_[i] = count;
    if (working[i]) {
      c.workday_.push_back(static_cast<int32_t>(i));
      ++count;
    }
  }
  c.workdays_before_[n] = count;
  return c;
}

int64_t WorkCalendar::DayIndex(year_month_day date) const {
  return DaysSinceEpoch(date) - first_day_;
}

bool WorkCalendar::IsWorkingDay(year_month_day date) const {
  const int64_t i = DayIndex(date);
  if (i < 0 || i + 1 >= static_cast<int64_t>(workdays_before_.size())) return false;
  return workdays_before_[i + 1] != workdays_before_[i];
}

int64_t WorkCalendar::WorkedInDay(int64_t ms) const {
  const int64_t mo = profile_.morning_open * kMsPerMinute, mc = profile_.morning_close * kMsPerMinute;
  const int64_t ao = profile_.afternoon_open * kMsPerMinute,
                ac = profile_.afternoon_close * kMsPerMinute;
  return std::clamp(ms, mo, mc) - mo + std::clamp(ms, ao, ac) - ao;
}

bool WorkCalendar::IsWorkingInstant(int64_t instant_ms) const {
  int64_t d, ms;
  SplitLocal(instant_ms, &d, &ms);
  if (!IsWorkingDay(DateOf(d))) return false;
  const int64_t m = ms / kMsPerMinute;
  return (m >= profile_.morning_open && m < profile_.morning_close) ||
         (m >= profile_.afternoon_open && m < profile_.afternoon_close);
}

std::vector<SpecialDay> WorkCalendar::SpecialDays(int y) const {
  std::vector<SpecialDay> out;
  for (const auto& s : special_)
    if (YearOf(s.date) == y) out.push_back(s);
  return out;
}

int64_t WorkCalendar::Position(int64_t instant_ms) const {
  int64_t d, ms;
  SplitLocal(instant_ms, &d, &ms);
  const int64_t day_ms = profile_.DayMinutes() * kMsPerMinute;
  int64_t i = d - first_day_;
  const int64_t n = static_cast<int64_t>(workdays_before_.size()) - 1;
  if (i < 0) return 0;
  if (i >= n) return workdays_before_[n] * day_ms;
  const bool working = workdays_before_[i + 1] != workdays_before_[i];
  return workdays_before_[i] * day_ms + (working ? WorkedInDay(ms) : 0);
}

int64_t WorkCalendar::InstantAt(int64_t position) const {
  const int64_t day_ms = profile_.DayMinutes() * kMsPerMinute;
  const int64_t morning_ms = profile_.MorningMinutes() * kMsPerMinute;
  int64_t k = (position - 1) / day_ms;
  if (k >= static_cast<int64_t>(workday_.size())) k = static_cast<int64_t>(workday_.size()) - 1;
  const int64_t within = position - k * day_ms;
  const int64_t ms = within <= morning_ms
                         ? profile_.morning_open * kMsPerMinute + within
                         : profile_.afternoon_open * kMsPerMinute + (within - morning_ms);
  return InstantOf(first_day_ + workday_[k], ms);
}

int64_t WorkCalendar::NextOpening(int64_t day_since_epoch) const {
  const int64_t i = day_since_epoch - first_day_;
  const int64_t n = static_cast<int64_t>(workdays_before_.size()) - 1;
  const int64_t k = i < 0 ? 0 : (i >= n ? workdays_before_[n] : workdays_before_[i + 1]);
  const int64_t idx = k < static_cast<int64_t>(workday_.size()) ? workday_[k] : workday_.back();
  return InstantOf(first_day_ + idx, profile_.morning_open * kMsPerMinute);
}

int64_t WorkCalendar::CloseOfWorkingDayFrom(int64_t day_since_epoch) const {
  int64_t d = day_since_epoch;
  if (!IsWorkingDay(DateOf(d))) {
    int64_t ms;
    SplitLocal(NextOpening(d), &d, &ms);
  }
  return InstantOf(d, profile_.afternoon_close * kMsPerMinute);
}

int64_t WorkCalendar::NextWorkingInstant(int64_t instant_ms) const {
  if (IsWorkingInstant(instant_ms)) return instant_ms;
  int64_t d, ms;
  SplitLocal(instant_ms, &d, &ms);
  if (IsWorkingDay(DateOf(d))) {
    if (ms < profile_.morning_open * kMsPerMinute) return InstantOf(d, profile_.morning_open * kMsPerMinute);
    if (ms < profile_.afternoon_open * kMsPerMinute)
      return InstantOf(d, profile_.afternoon_open * kMsPerMinute);
  }
  return NextOpening(d);
}

int64_t WorkCalendar::CountedFrom(int64_t received_ms) const {
  int64_t d, ms;
  SplitLocal(received_ms, &d, &ms);
  if (IsWorkingDay(DateOf(d)) && ms < profile_.cutoff * kMsPerMinute) return NextWorkingInstant(received_ms);
  return NextOpening(d);
}

int64_t WorkCalendar::AddWorkingMinutes(int64_t counted_from_ms, int64_t minutes) const {
  if (minutes <= 0) return counted_from_ms;
  return InstantAt(Position(counted_from_ms) + minutes * kMsPerMinute);
}

int64_t WorkCalendar::WorkingMinutesBetween(int64_t from_ms, int64_t to_ms) const {
  return (Position(to_ms) - Position(from_ms)) / kMsPerMinute;
}

Remaining WorkCalendar::RemainingAt(int64_t due_ms, int64_t now_ms) const {
  Remaining r;
  r.overdue = now_ms > due_ms;
  const int64_t diff = Position(due_ms) - Position(now_ms);
  r.working_minutes = (diff < 0 ? -diff : diff) / kMsPerMinute;
  return r;
}

size_t WorkCalendar::TableBytes() const {
  return workdays_before_.size() * sizeof(int32_t) + workday_.size() * sizeof(int32_t) +
         special_.size() * sizeof(SpecialDay);
}

Result<Deadline> WorkCalendar::Compute(int64_t received_ms, double amount, TimeUnit unit,
                                       const std::vector<Pause>& pauses) const {
  const int64_t lo = InstantOf(first_day_, 0);
  const int64_t hi = InstantOf(DaysSinceEpoch(year{kLastYear + 1} / 1 / 1), 0);
  auto in_range = [&](int64_t t) { return t >= lo && t < hi; };
  if (!in_range(received_ms))
    return Status::InvalidArgument("the start must lie in the years 1901–2100",
                                   {{"start", "must lie in the years 1901–2100"}});
  if (!std::isfinite(amount) || amount < 0)
    return Status::InvalidArgument("the amount must be zero or more", {{"amount", "must be zero or more"}});
  if (amount > 36500)
    return Status::InvalidArgument("the amount is too large", {{"amount", "must be at most 36500"}});
  if (unit == TimeUnit::kCalendarMonths && (amount != std::floor(amount) || amount > 1200))
    return Status::InvalidArgument("a limit in months must be a whole number of months (at most 1200)",
                                   {{"amount", "must be a whole number of months, at most 1200"}});
  // Merge the pauses, checking each.
  std::vector<Pause> sorted = pauses;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const std::string f = "pauses[" + std::to_string(i) + "]";
    if (!in_range(sorted[i].from_ms))
      return Status::InvalidArgument(f + ".from must lie in the years 1901–2100",
                                     {{f + ".from", "must lie in the years 1901–2100"}});
    if (sorted[i].to_ms && !in_range(*sorted[i].to_ms))
      return Status::InvalidArgument(f + ".to must lie in the years 1901–2100",
                                     {{f + ".to", "must lie in the years 1901–2100"}});
    if (sorted[i].to_ms && *sorted[i].to_ms < sorted[i].from_ms)
      return Status::InvalidArgument(f + " ends before it starts", {{f + ".to", "ends before the pause starts"}});
  }
  // Due times are whole minutes: the instants are taken to the minute before any arithmetic, so no
  // second or millisecond of a reception or a pause leaks into a due time (08:59:59.998).
  auto to_minute = [](int64_t t) {
    return t - ((t % kMsPerMinute) + kMsPerMinute) % kMsPerMinute;
  };
  received_ms = to_minute(received_ms);
  for (Pause& p : sorted) {
    p.from_ms = to_minute(p.from_ms);
    if (p.to_ms) p.to_ms = to_minute(*p.to_ms);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Pause& a, const Pause& b) { return a.from_ms < b.from_ms; });
  std::vector<Pause> merged;
  for (const Pause& p : sorted) {
    if (!merged.empty() && (!merged.back().to_ms || p.from_ms <= *merged.back().to_ms)) {
      if (!merged.back().to_ms) continue;
      if (!p.to_ms) merged.back().to_ms.reset();
      else merged.back().to_ms = std::max(*merged.back().to_ms, *p.to_ms);
      continue;
    }
    merged.push_back(p);
  }

  Deadline out;
  out.counted_from_ms = CountedFrom(received_ms);
  const int64_t c = out.counted_from_ms;
  for (const Pause& p : merged)
    if (!p.to_ms) out.paused = true;
  if (out.paused) return out;  // an open pause holds the clock: no due time yet

  const bool day_counted = unit == TimeUnit::kCalendarDays || unit == TimeUnit::kCalendarMonths;
  if (day_counted && profile_.day_count == DayCount::kCivilCode) {
    // Civil Code 2015 Art. 147(2): the day of reception is not counted; Art. 148(1)–(3): the
    // limit ends at the end of its last day (months: the corresponding day of the last month, or
    // its last day); Art. 148(5): a last day off moves the end to the next working day.
    int64_t reception_day, unused;
    SplitLocal(received_ms, &reception_day, &unused);
    int64_t last = reception_day;
    if (unit == TimeUnit::kCalendarDays) {
      last += static_cast<int64_t>(std::ceil(amount - 1e-9));
    } else {
      const year_month_day r = DateOf(reception_day);
      const std::chrono::year_month ym =
          std::chrono::year_month{r.year(), r.month()} +
          std::chrono::months{static_cast<int>(amount)};
      const day last_of_month = std::chrono::year_month_day_last{ym / std::chrono::last}.day();
      last = DaysSinceEpoch(ym / std::min(r.day(), last_of_month));
    }
    // A pause moves the last day on by the days it spans (its first day not counted).
    for (const Pause& p : merged) {
      const int64_t from = std::max(p.from_ms, received_ms);
      if (from >= CloseOfWorkingDayFrom(last)) break;  // the limit ended before this pause
      if (*p.to_ms <= from) continue;
      int64_t from_day, to_day;
      SplitLocal(from, &from_day, &unused);
      SplitLocal(*p.to_ms, &to_day, &unused);
      last += to_day - from_day;
    }
    out.due_ms = CloseOfWorkingDayFrom(last);
    return out;
  }
  if (day_counted) {
    const double days = unit == TimeUnit::kCalendarMonths ? amount * 30 : amount;
    int64_t due = c + static_cast<int64_t>(std::llround(days * 24 * 60)) * kMsPerMinute;
    for (const Pause& p : merged) {
      const int64_t from = std::max(p.from_ms, c);
      if (*p.to_ms <= from || from >= due) continue;
      due += *p.to_ms - from;
    }
    out.due_ms = NextWorkingInstant(due);
    return out;
  }
  int64_t minutes = 0;
  switch (unit) {
    case TimeUnit::kWorkingDays:
      minutes = std::llround(amount * profile_.DayMinutes());
      break;
    case TimeUnit::kWorkingHours:
      minutes = std::llround(amount * 60);
      break;
    case TimeUnit::kSameDay: {
      int64_t d, ms;
      SplitLocal(c, &d, &ms);
      minutes = WorkingMinutesBetween(c, InstantOf(d, profile_.afternoon_close * kMsPerMinute));
      break;
    }
    case TimeUnit::kCalendarDays:
    case TimeUnit::kCalendarMonths:
      break;
  }
  const int64_t start = Position(c);
  int64_t target = start + minutes * kMsPerMinute;
  for (const Pause& p : merged) {
    const int64_t from = std::max(p.from_ms, c);
    if (*p.to_ms <= from) continue;
    const int64_t pf = Position(from);
    if (pf >= target) break;  // the clock ran out before this pause began
    target += Position(*p.to_ms) - pf;
  }
  out.due_ms = target == start ? c : InstantAt(target);
  return out;
}

std::string FormatRemaining(const Remaining& r, int day_minutes, std::string_view lang) {
  const int64_t d = r.working_minutes / day_minutes;
  const int64_t h = (r.working_minutes % day_minutes) / 60;
  const int64_t m = r.working_minutes % 60;
  const bool vi = lang != "en";
  std::string parts;
  auto add = [&](int64_t n, const char* vi_unit, const char* en_one, const char* en_many) {
    if (!parts.empty()) parts += ' ';
    parts += std::to_string(n) + ' ' + (vi ? vi_unit : (n == 1 ? en_one : en_many));
  };
  if (d > 0) add(d, "ngày", "day", "days");
  if (h > 0) add(h, "giờ", "hour", "hours");
  if (d == 0 && h == 0) add(m, "phút", "minute", "minutes");
  if (vi) return (r.overdue ? "quá hạn " : "còn ") + parts;
  return r.overdue ? "overdue by " + parts : parts + " left";
}

int64_t AccommodationNoticeDue(int64_t arrival_ms) {
  int64_t d, ms;
  SplitLocal(arrival_ms, &d, &ms);
  if (ms < 23 * 60 * kMsPerMinute) return InstantOf(d, 23 * 60 * kMsPerMinute);
  return InstantOf(d + 1, 8 * 60 * kMsPerMinute);
}

}  // namespace motcua::calendar

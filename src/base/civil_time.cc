#include "base/civil_time.h"

#include <fmt/format.h>

#include <cctype>

namespace motcua {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

namespace {
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

LocalDateTime ToVietnam(int64_t instant_ms) {
  int64_t local = instant_ms + kVietnamOffsetMs;
  int64_t day = FloorDiv(local, kMsPerDay);
  int64_t in_day = local - day * kMsPerDay;
  LocalDateTime out;
  out.date = year_month_day(sys_days(days(day)));
  out.minute_of_day = static_cast<int>(in_day / kMsPerMinute);
  out.second = static_cast<int>((in_day / 1000) % 60);
  out.millisecond = static_cast<int>(in_day % 1000);
  return out;
}

int64_t FromVietnam(year_month_day date, int minute_of_day) {
  int64_t day = sys_days(date).time_since_epoch().count();
  return day * kMsPerDay + int64_t{minute_of_day} * kMsPerMinute - kVietnamOffsetMs;
}

static std::string Format(int64_t instant_ms, int64_t offset_ms, std::string_view suffix) {
  int64_t local = instant_ms + offset_ms;
  int64_t day = FloorDiv(local, kMsPerDay);
  int64_t in_day = local - day * kMsPerDay;
  year_month_day d{sys_days(days(day))};
  int64_t secs = in_day / 1000;
  int ms = static_cast<int>(in_day % 1000);
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", int(d.year()),
                                unsigned(d.month()), unsigned(d.day()), secs / 3600,
                                (secs / 60) % 60, secs % 60);
  if (ms != 0) out += fmt::format(".{:03d}", ms);
  out += suffix;
  return out;
}

std::string FormatRfc3339Vietnam(int64_t instant_ms) {
  return Format(instant_ms, kVietnamOffsetMs, "+07:00");
}
std::string FormatRfc3339Utc(int64_t instant_ms) { return Format(instant_ms, 0, "Z"); }

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  auto digits = [&](size_t pos, size_t n) -> std::optional<int> {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2),
       mi = digits(14, 2), se = digits(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || s.size() < 20) return std::nullopt;
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  year_month_day date{std::chrono::year(*y), std::chrono::month(*mo), std::chrono::day(*d)};
  if (!date.ok() || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
  size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  int64_t offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    auto oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
    if (!oh || !om || pos + 6 != s.size() || s[pos + 3] != ':' || *oh > 23 || *om > 59)
      return std::nullopt;
    offset_min = (*oh * 60 + *om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t day = sys_days(date).time_since_epoch().count();
  int sec = *se == 60 ? 59 : *se;  // a leap second is read as :59
  return day * kMsPerDay + ((int64_t{*h} * 60 + *mi) * 60 + sec) * 1000 + ms -
         offset_min * kMsPerMinute;
}

std::string FormatDateVn(year_month_day date) {
  return fmt::format("{:02d}/{:02d}/{:04d}", unsigned(date.day()), unsigned(date.month()),
                     int(date.year()));
}

}  // namespace motcua

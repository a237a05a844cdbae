// Civil time in Vietnam. Instants are int64 milliseconds since the Unix epoch (UTC); Vietnam is a
// fixed UTC+07:00 with no daylight saving since 1975, so local civil time is a plain offset.
// All functions are pure and thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua {

inline constexpr int64_t kVietnamOffsetMs = 7 * 3600 * 1000;
inline constexpr int64_t kMsPerMinute = 60 * 1000;
inline constexpr int64_t kMsPerDay = 24 * 3600 * 1000;

struct LocalDateTime {
  std::chrono::year_month_day date;
  int minute_of_day = 0;  // 0..1439
  int second = 0;
  int millisecond = 0;
};

// Returns the Vietnam civil date and time of an instant.
LocalDateTime ToVietnam(int64_t instant_ms);
// Returns the instant of a Vietnam civil date at `minute_of_day`.
int64_t FromVietnam(std::chrono::year_month_day date, int minute_of_day);
// Returns "2026-11-23T09:30:00+07:00" (milliseconds shown only when non-zero).
std::string FormatRfc3339Vietnam(int64_t instant_ms);
// Returns "2026-11-23T02:30:00.123Z".
std::string FormatRfc3339Utc(int64_t instant_ms);
// Parses an RFC 3339 date-time with a 'Z' or ±hh:mm offset ("2026-11-23T09:30:00+07:00",
// fractional seconds allowed). Returns nullopt when the text is not one.
std::optional<int64_t> ParseRfc3339(std::string_view text);
// Returns "dd/mm/yyyy" for a date.
std::string FormatDateVn(std::chrono::year_month_day date);

}  // namespace motcua

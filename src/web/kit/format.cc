#include "web/kit/format.h"

#include <fmt/format.h>

#include "base/civil_time.h"

namespace motcua::web {

std::string FormatDate(int64_t instant_ms) { return FormatDateVn(ToVietnam(instant_ms).date); }

std::string FormatTime(int64_t instant_ms) {
  int minute = ToVietnam(instant_ms).minute_of_day;
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::string FormatDateTime(int64_t instant_ms) {
  return FormatTime(instant_ms) + " " + FormatDate(instant_ms);
}

std::string GroupThousands(int64_t amount) {
  // Unsigned magnitude, so INT64_MIN has one too.
  uint64_t magnitude =
      amount < 0 ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  std::string digits = std::to_string(magnitude), out;
  if (amount < 0) out += '-';
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string FormatVnd(int64_t amount) { return GroupThousands(amount) + "\u00a0₫"; }

}  // namespace motcua::web

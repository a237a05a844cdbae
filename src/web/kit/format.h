// How pages show instants and money. Instants are UTC milliseconds (base/civil_time.h) and are
// shown in Vietnam time (UTC+07:00) in every language, the way Vietnamese documents write them;
// amounts are whole đồng with '.' between thousands. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace motcua::web {

// Returns the Vietnam civil date of an instant as "dd/mm/yyyy" ("05/02/2026").
std::string FormatDate(int64_t instant_ms);
// Returns the Vietnam wall-clock time of an instant as "HH:mm", 24-hour ("07:05", "16:30").
std::string FormatTime(int64_t instant_ms);
// Returns "HH:mm dd/mm/yyyy" ("16:30 05/02/2026"), the order used on receipts.
std::string FormatDateTime(int64_t instant_ms);
// Returns the digits of `amount` grouped by thousands with '.' ("1.234.000", "-5.000", "0").
std::string GroupThousands(int64_t amount);
// Returns an amount of Vietnamese đồng as "1.234.000 ₫". The space is a no-break space (U+00A0)
// so the sign never wraps away from its number on a narrow screen.
std::string FormatVnd(int64_t amount);

}  // namespace motcua::web

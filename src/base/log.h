// Logging: spdlog underneath. Human-readable lines on a terminal, one JSON object a line otherwise
// (or when asked). Thread-safe after InitLogging.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace motcua {

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error, off
  bool json = false;           // one JSON object a line (for log collectors)
};

// Configures the default logger. Call once at start-up.
void InitLogging(const LogOptions& options);
// Returns `s` escaped for use inside a JSON string literal (without the quotes).
std::string JsonEscape(std::string_view s);
// Writes one access-log line (a JSON object) to the "access" logger (stdout).
void LogAccess(std::string_view json_line);

}  // namespace motcua

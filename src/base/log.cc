#include "base/log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <unistd.h>

namespace motcua {

namespace {
std::shared_ptr<spdlog::logger> g_access;  // set once by InitLogging, before serving
}  // namespace


void InitLogging(const LogOptions& options) {
  auto logger = spdlog::stderr_color_mt("motcua");
  if (options.json || !isatty(STDERR_FILENO)) {
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  } else {
    logger->set_pattern("%H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(spdlog::level::from_str(options.level));
  spdlog::set_default_logger(logger);
  auto access = spdlog::get("access");
  if (!access) access = spdlog::stdout_logger_mt("access");
  g_access = access;
  access->set_pattern("%v");
  access->set_level(spdlog::level::info);
}

void LogAccess(std::string_view json_line) {
  // The logger is kept from InitLogging: looking it up in spdlog's registry takes a global lock.
  if (g_access) g_access->info("{}", json_line);
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

}  // namespace motcua

// URL and cookie helpers. Pure and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::http {

// Decodes %XX escapes (and '+' as space when `plus_as_space`). Returns nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);
// Encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view s);
// Parses "a=1&b=x%20y" (also application/x-www-form-urlencoded bodies). Bad pairs are skipped.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);
// Returns the value of cookie `name` in a Cookie header.
std::optional<std::string> FindCookie(std::string_view header, std::string_view name);

}  // namespace motcua::http

#include "domain/dossier/code.h"

#include <cstdio>
#include <string>

namespace motcua::dossier {

namespace {
bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
}  // namespace

Status ValidateAgencyId(std::string_view id) {
  if (id.empty()) return Status::InvalidArgument("the agency electronic id is empty");
  if (id.size() > 35) {
    return Status::InvalidArgument("the agency electronic id '" + std::string(id) +
                                   "' is longer than 35 characters");
  }
  char prev = '.';
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    if (!ok) {
      return Status::InvalidArgument("the agency electronic id '" + std::string(id) +
                                     "' may hold only A-Z, digits and dots");
    }
    if (c == '.' && prev == '.') {
      return Status::InvalidArgument("the agency electronic id '" + std::string(id) +
                                     "' has an empty group");
    }
    prev = c;
  }
  if (prev == '.') {
    return Status::InvalidArgument("the agency electronic id '" + std::string(id) +
                                   "' ends with a dot");
  }
  return Status::Ok();
}

Result<std::string> FormatDossierCode(const DossierCode& code) {
  MOTCUA_RETURN_IF_ERROR(ValidateAgencyId(code.agency));
  if (code.sequence < 1) return Status::InvalidArgument("the daily sequence starts at 1");
  const int y = static_cast<int>(code.day.year());
  if (!code.day.ok() || y < 2000 || y > 2099) {
    return Status::InvalidArgument("the day of a dossier code must be a date in 2000-2099");
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "-%02d%02u%02u-%04lld", y % 100,
                static_cast<unsigned>(code.day.month()), static_cast<unsigned>(code.day.day()),
                static_cast<long long>(code.sequence));
  return code.agency + buf;
}

Result<DossierCode> ParseDossierCode(std::string_view text) {
  const size_t last = text.rfind('-');
  if (last == std::string_view::npos || last == 0) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a dossier code");
  }
  const size_t mid = text.rfind('-', last - 1);
  if (mid == std::string_view::npos) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a dossier code");
  }
  const std::string_view agency = text.substr(0, mid);
  const std::string_view day = text.substr(mid + 1, last - mid - 1);
  const std::string_view seq = text.substr(last + 1);
  MOTCUA_RETURN_IF_ERROR(ValidateAgencyId(agency));
  if (day.size() != 6 || !AllDigits(day)) {
    return Status::InvalidArgument("the date part of '" + std::string(text) + "' is not yymmdd");
  }
  if (seq.size() < 4 || seq.size() > 9 || !AllDigits(seq)) {
    return Status::InvalidArgument("the sequence of '" + std::string(text) +
                                   "' must have 4 to 9 digits");
  }
  const int yy = std::stoi(std::string(day.substr(0, 2)));
  const unsigned mm = std::stoul(std::string(day.substr(2, 2)));
  const unsigned dd = std::stoul(std::string(day.substr(4, 2)));
  std::chrono::year_month_day ymd{std::chrono::year(2000 + yy), std::chrono::month(mm),
                                  std::chrono::day(dd)};
  if (!ymd.ok()) {
    return Status::InvalidArgument("the date part of '" + std::string(text) + "' is not a date");
  }
  const int64_t n = std::stoll(std::string(seq));
  if (n < 1) return Status::InvalidArgument("the sequence of '" + std::string(text) + "' is zero");
  if (seq.size() > 4 && seq[0] == '0') {
    return Status::InvalidArgument("the sequence of '" + std::string(text) +
                                   "' has a leading zero beyond 4 digits");
  }
  return DossierCode{std::string(agency), ymd, n};
}

}  // namespace motcua::dossier

#include "domain/dossier/code.h"

#include <algorithm>
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

std::string TidyDossierCodeInput(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      i += 2;  // U+00A0 no-break space
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      // U+2010..U+2015 dashes, U+2212 minus → '-'; U+200B..U+200D, U+2060 (zero width), U+202F
      // (narrow no-break space) → nothing.
      if (b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) {
        out += '-';
        i += 3;
        continue;
      }
      if (b1 == 0x88 && b2 == 0x92) {
        out += '-';
        i += 3;
        continue;
      }
      if ((b1 == 0x80 && ((b2 >= 0x8B && b2 <= 0x8D) || b2 == 0xAF)) || (b1 == 0x81 && b2 == 0xA0)) {
        i += 3;
        continue;
      }
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
        static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      i += 3;  // U+FEFF byte-order mark
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c);
    ++i;
  }
  return out;
}

std::string CompactDossierCode(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const char c = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::vector<std::string> ExpandCompactDossierCode(std::string_view compact,
                                                  const std::vector<std::string>& agencies) {
  std::vector<std::string> out;
  for (const auto& agency : agencies) {
    std::string bare;
    for (char c : agency) {
      if (c != '.') bare += c;
    }
    if (bare.empty() || !compact.starts_with(bare)) continue;
    const std::string_view rest = compact.substr(bare.size());
    if (rest.size() < 10 || rest.size() > 15 || !AllDigits(rest)) continue;
    std::string code = agency + "-" + std::string(rest.substr(0, 6)) + "-" +
                       std::string(rest.substr(6));
    if (ParseDossierCode(code).ok()) out.push_back(std::move(code));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace motcua::dossier

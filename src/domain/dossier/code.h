// Dossier codes (mã số hồ sơ, domain.md §5.1): "<agency electronic id>-<yymmdd>-<sequence>", e.g.
// "H15.50.05.13-261008-0975". The sequence counts the dossiers an agency received that day, from 1,
// written with at least 4 digits. Pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::dossier {

struct DossierCode {
  std::string agency;               // electronic id: "H15.50.05.13"
  std::chrono::year_month_day day;  // date received (Vietnam civil date)
  int64_t sequence = 0;             // 1, 2, … within (agency, day)
  bool operator==(const DossierCode&) const = default;
};

// Returns OK when `id` is an agency electronic id (Decision 20/2020/QĐ-TTg Art 4 as amended):
// at most 35 characters of A–Z, digits and dots; non-empty dot-separated groups; InvalidArgument
// saying what is wrong otherwise.
Status ValidateAgencyId(std::string_view id);
// Returns "H15.50.05.13-261008-0975". InvalidArgument for a bad agency id, a sequence < 1, or a
// day outside 2000–2099 (yymmdd cannot say the century).
Result<std::string> FormatDossierCode(const DossierCode& code);
// Parses a code written by FormatDossierCode; InvalidArgument naming the bad part otherwise.
Result<DossierCode> ParseDossierCode(std::string_view text);

// Returns what a person typed or pasted as a code, tidied for a lookup (issue 23, point 5): every
// space (also a no-break or zero-width one, or a line break from a copied SMS) dropped, the
// dashes people's keyboards and phones write (‐ ‑ ‒ – — −) turned into '-', a-z upper-cased.
// "  h40.12 – 261202-0001 " → "H40.12-261202-0001". Anything else is kept as it is.
std::string TidyDossierCodeInput(std::string_view text);
// Returns the letters and digits of `text`, upper-cased: the code with its dots and dashes left
// out, as some people copy it ("H40.12-261202-0001" → "H4012261202 0001" without the space).
std::string CompactDossierCode(std::string_view text);
// Returns the codes that `compact` (CompactDossierCode of an input) can stand for, given the
// agency electronic ids that issue codes: for each agency whose id without dots starts `compact`,
// the rest read as yymmdd and a sequence of 4 to 9 digits. Usually one code; none when nothing
// fits. Pure.
std::vector<std::string> ExpandCompactDossierCode(std::string_view compact,
                                                  const std::vector<std::string>& agencies);

}  // namespace motcua::dossier

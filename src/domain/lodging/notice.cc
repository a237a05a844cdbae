#include "domain/lodging/notice.h"

#include <algorithm>
#include <cstdio>

#include "base/civil_time.h"

namespace motcua::lodging {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int64_t kHourMs = 3600 * 1000;

// ISO 3166-1 alpha-3, from Debian's iso-codes (/usr/share/iso-codes/json/iso_3166-1.json), sorted.
constexpr std::string_view kAlpha3[] = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
};

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}

}  // namespace

int64_t NoticeDue(int64_t arrival_ms, GuestKind kind, const DeadlineRules& rules) {
  if (kind == GuestKind::kForeign) {
    return arrival_ms + static_cast<int64_t>(std::max(1, rules.foreign_hours)) * kHourMs;
  }
  const LocalDateTime t = ToVietnam(arrival_ms);
  if (t.minute_of_day >= 23 * 60) {
    return FromVietnam(year_month_day{sys_days{t.date} + days{1}}, 8 * 60);
  }
  return FromVietnam(t.date, 23 * 60);
}

bool IsFacilityType(std::string_view code) {
  return std::find(std::begin(kFacilityTypes), std::end(kFacilityTypes), code) !=
         std::end(kFacilityTypes);
}

bool IsStayReason(int code) {
  return std::find(std::begin(kStayReasons), std::end(kStayReasons), code) !=
         std::end(kStayReasons);
}

bool IsPersonalIdNumber(std::string_view s) {
  return s.size() == 12 && AllOf(s, [](char c) { return c >= '0' && c <= '9'; });
}

bool IsPassportNumber(std::string_view s) {
  return s.size() >= 6 && s.size() <= 20 &&
         AllOf(s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

bool IsNationality(std::string_view s) {
  return s.size() == 3 && std::binary_search(std::begin(kAlpha3), std::end(kAlpha3), s);
}

std::vector<FieldProblem> Validate(const GuestInput& g) {
  std::vector<FieldProblem> out;
  auto add = [&](const char* field, const char* key) { out.push_back({field, key}); };
  // A name is printed into the police's XML and XLSX: no control characters.
  const bool controls = std::any_of(g.name.begin(), g.name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (g.name.empty() || g.name.size() > 200 || controls) add("name", "lodging.err.name");
  if (g.kind == GuestKind::kVietnamese) {
    if (!IsPersonalIdNumber(g.id_number)) add("id_number", "lodging.err.id_number");
  } else {
    if (!IsPassportNumber(g.passport)) add("passport", "lodging.err.passport");
    if (!IsNationality(g.nationality) || g.nationality == "VNM")
      add("nationality", "lodging.err.nationality");
    if (!g.permitted_until || !g.permitted_until->ok())
      add("permitted_until", "lodging.err.permitted_until");
  }
  if (!g.birth.ok()) {
    add("birth", "lodging.err.birth");
  } else if (g.arrival_date.ok() && sys_days{g.birth} > sys_days{g.arrival_date}) {
    add("birth", "lodging.err.birth");
  }
  if (g.sex != 'M' && g.sex != 'F') add("sex", "lodging.err.sex");
  if (!IsStayReason(g.reason)) add("reason", "lodging.err.reason");
  if (!g.arrival_date.ok()) add("arrival", "lodging.err.arrival");
  if (!g.departure_date.ok()) {
    add("departure", "lodging.err.departure");
  } else if (g.arrival_date.ok()) {
    const auto nights = (sys_days{g.departure_date} - sys_days{g.arrival_date}).count();
    if (nights < 0) add("departure", "lodging.err.departure");
    else if (nights > kMaxStayDays) add("departure", "lodging.err.too_long");
  }
  return out;
}

std::optional<year_month_day> ParseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const std::string str(s);
  if (str.size() == 10 && str[4] == '-' &&
      std::sscanf(str.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
  } else if (str.size() == 10 && str[2] == '/' &&
             std::sscanf(str.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3) {
  } else {
    return std::nullopt;
  }
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                     std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  return ymd;
}

std::string FormatDate(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(d.day()),
                static_cast<unsigned>(d.month()), static_cast<int>(d.year()));
  return buf;
}

std::string IsoDate(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

}  // namespace motcua::lodging

// Administrative units of Vietnam in two eras, and the agency electronic id of each.
//
// A unit code alone is ambiguous: the 2025 reorganisation (two levels: 34 provinces and 3,321
// communes, wards and special zones, in force 1/7/2025) kept the 5-digit GSO code of one
// predecessor commune, so "00004" is Phường Trúc Bạch before 2025 and Phường Ba Đình after. Every
// unit therefore carries its era, and a unit is identified by (era, code).
//
// The agency electronic id (mã định danh điện tử, Decision 20/2020/QĐ-TTg Art 4 as amended by
// Decision 09/2025/QĐ-TTg) is at most 35 characters of digits, upper-case A–Z and dots, one
// dot-separated group per hierarchy level from the top, the first group `MX1X2` (a letter A–Y and
// two digits, e.g. H01). The actual ids assigned to the 34 provinces and 3,321 communes are
// published by each province and are NOT in our data, so the derivation here is a configurable
// placeholder (ElectronicIdOptions): replace it with the published ids through the override maps.
//
// Plain value types and pure functions; no I/O. Thread-safe as values are (const use is safe).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace motcua::units {

enum class Era {
  k2025,     // the two-level structure in force from 1/7/2025
  kPre2025,  // the three-level structure in force until 30/6/2025 (data cut-off 01/03/2025)
};
// Returns "2025" or "pre2025".
std::string_view EraName(Era era);
// Returns the era named "2025" or "pre2025"; InvalidArgument otherwise.
Result<Era> ParseEra(std::string_view name);

enum class Level {
  kProvince,     // tỉnh, or thành phố trực thuộc trung ương
  kDistrict,     // huyện/quận/thị xã/thành phố thuộc tỉnh (pre-2025 only)
  kCommune,      // xã
  kWard,         // phường
  kTownship,     // thị trấn (pre-2025 only)
  kSpecialZone,  // đặc khu (2025)
};
// Returns "province", "district", "commune", "ward", "township" or "special_zone".
std::string_view LevelName(Level level);

struct Unit {
  Era era = Era::k2025;
  std::string code;           // GSO code: 2 digits (province), 3 (district), 5 (commune level)
  Level level = Level::kCommune;
  std::string name;           // without the type word, official tone placement: "Thuận Châu"
  std::string full_name;      // "Xã Thuận Châu", "Tỉnh Sơn La", "Thành phố Hà Nội"
  std::string province_code;  // own code for a province
  std::string district_code;  // pre-2025 commune level only; "" otherwise
  std::string electronic_id;  // agency e-id of the unit's People's Committee; see ElectronicIdOptions
};

// One link of the 2025 reorganisation: (part of) pre-2025 unit `old_code` became 2025 unit
// `new_code`. An old commune split between several new units has several links, all partial.
struct UnitMapping {
  std::string old_code;  // era pre2025
  std::string new_code;  // era 2025
  bool full = true;      // false: only part of the old unit's territory (address-level decision)
};

// How electronic ids are derived. Defaults are a documented placeholder, not the published ids:
// a province gets "H" + its 2-digit GSO code, a commune-level unit "<province id>.<5-digit code>",
// a pre-2025 district "<province id>.<3-digit code>". Overrides win over the templates.
struct ElectronicIdOptions {
  // Template for a province; "{code}" is replaced by the 2-digit GSO code. Must yield `MX1X2`.
  std::string province_template = "H{code}";
  // Template for a commune/ward/special zone (and pre-2025 district); "{province}" is the
  // province's e-id, "{code}" the unit's GSO code.
  std::string unit_template = "{province}.{code}";
  // Exact ids by code, e.g. from a province's published list; keyed per era.
  std::map<std::string, std::string> overrides_2025;
  std::map<std::string, std::string> overrides_pre2025;
};

// Returns OK when `id` is a well-formed agency electronic id: 1–35 characters of 0-9, A-Z and '.',
// no empty group, and a first group of a letter A–Y followed by two digits. InvalidArgument
// (saying what is wrong) otherwise.
Status ValidateElectronicId(std::string_view id);

// Returns the electronic id of `unit` under `options` (its province's id must be given for a
// non-province unit). InvalidArgument when the result is not well formed.
Result<std::string> DeriveElectronicId(const Unit& unit, std::string_view province_id,
                                       const ElectronicIdOptions& options);

// Returns the unit-type word and the bare name of a full name: "Xã Thuận Châu" →
// {kCommune, "Thuận Châu"}; "Thành phố Hà Nội" → {kProvince, "Hà Nội"}. InvalidArgument when the
// name has no known prefix. `province_level` selects the province prefixes (Tỉnh / Thành phố).
Result<std::pair<Level, std::string>> SplitFullName(std::string_view full_name,
                                                    bool province_level);

// Returns `name` ready for comparison across sources: NFC, tone placement normalised, runs of
// spaces collapsed, "<br>" (a markdown conversion artefact) treated as a space.
std::string CanonicalName(std::string_view name);

}  // namespace motcua::units

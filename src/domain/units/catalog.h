// UnitCatalog: every administrative unit of both eras and the old→new links, built from the
// contents of the public data files (the caller reads them; this code does no I/O).
//
// Rules (see data/units/*/SOURCE.txt):
//  * 2025 era: the official list (Công văn 1027/CTK-CSCL and 915/CTK-CSCL) decides which units
//    exist, their codes, names and types. The richer units-2025 JSON is matched to it by code, or
//    by province + name where the official list corrected a code (Ba Chẽ, Ia Mơ); names are
//    compared after CanonicalName (NFC + tone placement). Every disagreement is reported.
//  * pre-2025 era: 63 provinces, their districts and communes, from the v2.4.1 JSON.
//  * mapping: from merges (new → old, with full/partial) and splits (old → new), provinces and
//    commune level. A link to a 2025 code the official list does not know (after code corrections)
//    is reported and dropped; a link from an old code missing from the pre-2025 list is kept and
//    reported (the mapping was made from the 01/03/2025 list, which differs slightly).
//  * electronic ids derived with ElectronicIdOptions (see unit.h; a placeholder unless overridden).
//
// A built catalog is immutable; const methods are safe to call from several threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "domain/units/unit.h"

namespace motcua::units {

// The raw contents of the data files. Empty optional parts are skipped (and counted as zero).
struct UnitSources {
  std::string official_provinces_csv;  // units-2025-official/915_…province_codes.csv (required)
  std::string official_communes_csv;   // units-2025-official/1027_…commune_codes.csv (required)
  std::string units_2025_json;         // units-2025/full_json_vn_units.json (optional)
  std::string units_pre2025_json;      // units-pre2025/vn_only_simplified_vn_units_v2.4.1.json
  std::string merges_json;             // units-mapping-2025/merges_new_to_old.json (optional)
  std::string splits_json;             // units-mapping-2025/splits_old_to_new.json (optional)
};

// Relative paths of those files under a data directory (data/units/ in this repository), in the
// order of UnitSources' fields, for the caller that reads them.
struct UnitSourcePaths {
  static constexpr std::string_view kOfficialProvinces =
      "units-2025-official/915_CTK-CSCL_official_province_codes.csv";
  static constexpr std::string_view kOfficialCommunes =
      "units-2025-official/1027_CTK-CSCL_official_commune_codes.csv";
  static constexpr std::string_view kUnits2025 = "units-2025/full_json_vn_units.json";
  static constexpr std::string_view kUnitsPre2025 =
      "units-pre2025/vn_only_simplified_vn_units_v2.4.1.json";
  static constexpr std::string_view kMerges = "units-mapping-2025/merges_new_to_old.json";
  static constexpr std::string_view kSplits = "units-mapping-2025/splits_old_to_new.json";
};

struct UnitLoadReport {
  int provinces_2025 = 0;
  int units_2025 = 0;  // commune level: communes + wards + special zones
  int communes_2025 = 0, wards_2025 = 0, special_zones_2025 = 0;
  int provinces_pre2025 = 0, districts_pre2025 = 0, units_pre2025 = 0;
  int mappings = 0, partial_mappings = 0;
  int tone_only_name_differences = 0;  // names equal after tone normalisation (Hoà/Hòa)
  // Where the official list and units-2025 disagree (code corrections, names, types, units in one
  // and not the other): one line each, official value first.
  std::vector<std::string> disagreements;
  // Lines or records that could not be used, saying which file and where.
  std::vector<std::string> problems;
};

class UnitCatalog {
 public:
  // Returns the catalog built from `sources`; InvalidArgument when a required file is malformed
  // (not CSV with the expected header, not JSON of the expected shape) or the official lists are
  // inconsistent (a commune whose province is not in the province list). Records that are merely
  // unusable are skipped and listed in report().problems.
  static Result<UnitCatalog> Build(const UnitSources& sources,
                                   const ElectronicIdOptions& options = {});

  // Returns all units: 2025 provinces, 2025 commune level, then the pre-2025 ones, each group
  // ordered by code.
  const std::vector<Unit>& units() const { return units_; }
  const std::vector<UnitMapping>& mappings() const { return mappings_; }
  const UnitLoadReport& report() const { return report_; }

  // Returns the unit of `era` with `code`, or nullptr.
  const Unit* Find(Era era, std::string_view code) const;
  // Returns the 2025 units that (part of) pre-2025 unit `old_code` became; empty when unknown.
  std::vector<UnitMapping> NewUnitsOf(std::string_view old_code) const;
  // Returns the pre-2025 units that 2025 unit `new_code` was formed from.
  std::vector<UnitMapping> OldUnitsOf(std::string_view new_code) const;

 private:
  std::vector<Unit> units_;
  std::vector<UnitMapping> mappings_;
  UnitLoadReport report_;
  std::map<std::pair<Era, std::string>, size_t> index_;
  std::multimap<std::string, size_t, std::less<>> by_old_;  // old code → index in mappings_
  std::multimap<std::string, size_t, std::less<>> by_new_;
};

}  // namespace motcua::units

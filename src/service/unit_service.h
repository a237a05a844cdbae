// UnitService: the administrative units this installation knows (the 34 provinces and 3,321
// communes, wards and special zones of the 2025 reorganisation), loaded from the official code
// lists shipped in data/units-2025-official/. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

struct Unit {
  std::string code;
  std::string era;  // "2025"
  std::string level;  // province, commune, ward, special_zone
  std::string name;
  std::string province_code;
};

struct UnitImportReport {
  int provinces = 0;
  int communes = 0;
  std::vector<std::string> problems;  // lines that could not be read, with their line numbers
};

class UnitService {
 public:
  UnitService(Env& env, store::Store& store) : env_(env), store_(store) {}
  // Loads the official 2025 lists from `dir` (915_…province_codes.csv, 1027_…commune_codes.csv)
  // in one transaction: all or nothing. Re-importing replaces the 2025 units.
  Result<UnitImportReport> ImportOfficial2025(const std::string& dir,
                                              const std::function<void(int64_t, int64_t)>& progress);
  // Returns true when the 2025 units are loaded.
  Result<bool> Loaded();
  // Returns the units matching: `province` (code, "" = any), `query` (folded name words, any
  // order, word prefixes; "" = all), `era` ("2025" unless asked). Provinces first, then by name.
  Result<std::vector<Unit>> Search(const std::string& province, const std::string& query,
                                   const std::string& era, int limit);
  // Returns one unit; NotFound when no unit of that era has the code.
  Result<Unit> Get(const std::string& code, const std::string& era);

 private:
  Env& env_;
  store::Store& store_;
};

}  // namespace motcua::service

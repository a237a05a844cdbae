// UnitService: the administrative units this installation knows — the 34 provinces and 3,321
// communes, wards and special zones of the 2025 reorganisation (the official code lists win), the
// pre-2025 provinces, districts and communes, and the old→new mapping — built by
// units::UnitCatalog from data/units/ and stored with their era and agency electronic id.
// Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/units/unit.h"
#include "store/store.h"

namespace motcua::service {

struct Unit {
  std::string code;
  std::string era;  // "2025"
  std::string level;  // province, commune, ward, special_zone
  std::string name;
  std::string province_code;
  std::string agency_id;  // mã định danh điện tử (Decision 20/2020 format)
};

struct UnitImportReport {
  int provinces = 0;
  int communes = 0;
  int pre2025_units = 0;      // provinces, districts and communes before the reorganisation
  int mappings = 0;           // old → new links
  int disagreements = 0;      // where units-2025 differs from the official list (official kept)
  std::vector<std::string> problems;  // lines that could not be read, with their line numbers
};

class UnitService {
 public:
  UnitService(Env& env, store::Store& store, units::ElectronicIdOptions ids = {})
      : env_(env), store_(store), ids_(std::move(ids)) {}
  // Loads every unit of both eras and the mapping from the units data directory `dir` (holding
  // units-2025-official/, units-2025/, units-pre2025/, units-mapping-2025/; a path to the
  // units-2025-official folder itself is also accepted) in one transaction: all or nothing.
  // Re-importing replaces what was loaded before.
  Result<UnitImportReport> Import(const std::string& dir,
                                  const std::function<void(int64_t, int64_t)>& progress);
  // Returns true when the 2025 units are loaded.
  Result<bool> Loaded();
  // Returns the units matching: `province` (code, "" = any), `query` (folded name words, any
  // order, word prefixes; "" = all), `era` ("2025" unless asked). Provinces first, then by name.
  Result<std::vector<Unit>> Search(const std::string& province, const std::string& query,
                                   const std::string& era, int limit);
  // Returns one unit; NotFound when no unit of that era has the code.
  Result<Unit> Get(const std::string& code, const std::string& era);
  // The same inside the caller's read transaction (one snapshot for several questions).
  Result<Unit> Get(store::ReadTx& tx, const std::string& code, const std::string& era);

 private:
  Env& env_;
  store::Store& store_;
  units::ElectronicIdOptions ids_;
};

}  // namespace motcua::service

// What the files of service/lodging share and nobody else uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/lodging/lodging_service.h"

namespace motcua::service {

// Who a request is for one facility.
struct LodgingService::Access {
  LodgingFacility facility;
  authz::UnitRef unit;
  bool staff = false;   // on the facility's staff list (a resident)
  bool host = false;    // its host
  bool police = false;  // lodging.read over its commune
  bool manage = false;  // lodging.manage over its commune
};

// The units and provinces where an officer holds a permission.
struct LodgingScope {
  std::vector<store::Value> units, provinces;
  bool empty() const { return units.empty() && provinces.empty(); }
  // Returns "(unit_col IN (…) OR province_col IN (…))" and appends its parameters.
  std::string Where(const std::string& unit_col, const std::string& province_col,
                    std::vector<store::Value>* params) const;
};
LodgingScope LodgingScopeOf(const Principal& who, std::string_view permission);
// Returns "'',?,?…" with n placeholders.
std::string LodgingPlaceholders(size_t n);

}  // namespace motcua::service

namespace motcua::service {
// Returns the field error for `field` whose page message is the catalogue key `key`
// ("lodging.err.id_number"), carried in FieldError::reason.
inline FieldError LodgingBad(std::string field, std::string key) {
  return FieldError{field, "is not valid (" + key + ")", key};
}
}  // namespace motcua::service

// Roles, permissions and unit scopes: who may do what, where. Pure and thread-safe.
//
// An officer holds grants: a role scoped to a unit — a commune (its 5-digit code) or a province
// (its 2-digit code, covering every commune in it). One person may hold several roles in several
// units. A permission is granted when some grant's role carries it and the grant's unit covers the
// target unit. The role → permission table is data (domain.md §1); a unit's own deployment may
// extend it later through configuration.
//
// National data (the procedure records of the national catalogue and the year's holiday
// announcement) belongs to no province. Only the national administrator changes it, through the
// `national.*` permissions that no other role carries. Its grant is on the pseudo-unit kNationUnit
// ("VN"), which is no commune or province, so it covers no province's units: a national
// administrator does not manage a province's accounts, offerings, workflows or calendars, and a
// province administrator does not change national data (decision 0007).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::authz {

enum class Role {
  kReception,        // một cửa: receives, checks, issues receipts, returns results
  kSpecialist,       // chuyên viên: appraises, drafts
  kUnitHead,         // lãnh đạo phòng: reviews
  kSigner,           // chủ tịch / phó chủ tịch: signs
  kClerk,            // văn thư: numbers, stamps, issues
  kCentreDirector,   // giám đốc trung tâm: watches deadlines and the index
  kPolice,           // công an xã: accommodation notices
  kCommunityMember,  // tổ công nghệ số cộng đồng: helps residents
  kProvinceAdmin,    // quản trị tỉnh: its units' accounts, offerings, workflows, calendars
  kAuditor,          // kiểm tra: reads the personal-data access log of their units
  kNationalAdmin,    // quản trị quốc gia: national procedure records, holiday announcement
};

// The pseudo-unit of national grants: the only unit a national administrator is granted on, and
// the only role that may be granted on it.
inline constexpr char kNationUnit[] = "VN";
// Returns true for roles granted on the nation rather than on a commune or province.
constexpr bool IsNationalRole(Role role) { return role == Role::kNationalAdmin; }
// Returns true for roles granted on a province (never on a commune).
constexpr bool IsProvinceRole(Role role) {
  return role == Role::kProvinceAdmin || role == Role::kAuditor;
}

inline constexpr Role kAllRoles[] = {
    Role::kReception,     Role::kSpecialist,     Role::kUnitHead,     Role::kSigner,
    Role::kClerk,         Role::kCentreDirector, Role::kPolice,       Role::kCommunityMember,
    Role::kProvinceAdmin, Role::kAuditor,        Role::kNationalAdmin};

// Returns "reception", "specialist", … (the names used in the CLI, API and configuration).
std::string_view RoleName(Role role);
// Parses a role name; InvalidArgument listing the valid names otherwise.
Result<Role> ParseRole(std::string_view name);

// Permissions named in route rules ("perm:<name>").
std::vector<std::string_view> PermissionsOf(Role role);
// Returns every permission any role has (for generated tests).
std::vector<std::string_view> AllPermissions();

struct Grant {
  Role role = Role::kReception;
  std::string unit_code;      // commune code ("03721") or province code ("14")
  std::string province_code;  // the province of unit_code (itself for a province grant)
  bool operator==(const Grant&) const = default;
  bool IsProvinceWide() const { return unit_code == province_code; }
};

// A unit a request acts on: a commune with its province, or a province.
struct UnitRef {
  std::string unit_code;
  std::string province_code;
};

// Returns true when `grant` covers `target` (same unit, or a province grant over its communes).
bool Covers(const Grant& grant, const UnitRef& target);
// Returns OK when some grant carries `permission` and covers `target` (any unit when nullopt);
// PermissionDenied otherwise, saying which permission was missing.
Status Check(const std::vector<Grant>& grants, std::string_view permission,
             const std::optional<UnitRef>& target);
// Returns the grants that carry `permission` (their units are where it holds).
std::vector<Grant> GrantsWith(const std::vector<Grant>& grants, std::string_view permission);

// Returns "001******345"-style masking of an ID number, and "09******12" for phone numbers:
// enough to recognise, not enough to use.
std::string MaskIdNumber(std::string_view id);
std::string MaskPhone(std::string_view phone);
// Returns the name with every word but the last shortened to its initial: "Nguyễn Văn An" →
// "N. V. An" — the most a public page shows.
std::string MaskName(std::string_view full_name);

}  // namespace motcua::authz

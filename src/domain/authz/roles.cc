#include "domain/authz/roles.h"

#include <algorithm>
#include <set>

namespace motcua::authz {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kReception: return "reception";
    case Role::kSpecialist: return "specialist";
    case Role::kUnitHead: return "unit_head";
    case Role::kSigner: return "signer";
    case Role::kClerk: return "clerk";
    case Role::kCentreDirector: return "centre_director";
    case Role::kPolice: return "police";
    case Role::kCommunityMember: return "community_member";
    case Role::kProvinceAdmin: return "province_admin";
    case Role::kAuditor: return "auditor";
    case Role::kNationalAdmin: return "national_admin";
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  std::string list;
  for (Role r : kAllRoles) list += (list.empty() ? "" : ", ") + std::string(RoleName(r));
  return Status::InvalidArgument("unknown role '" + std::string(name) + "'; roles are: " + list,
                                 {{"role", "unknown role"}});
}

std::vector<std::string_view> PermissionsOf(Role r) {
  // Every officer may read the dossiers of its units; the rest follows domain.md §1.
  switch (r) {
    case Role::kReception:
      // dossier.certify: certify an electronic copy from the original at the counter (chứng thực
      // bản sao điện tử từ bản chính, Decree 45/2020 Art 10; issue 17).
      return {"officer", "dossier.read", "dossier.receive", "dossier.return", "person.read",
              "dossier.certify", "floor.serve"};
    case Role::kSpecialist:
      return {"officer", "dossier.read", "dossier.process", "person.read"};
    case Role::kUnitHead:
      return {"officer", "dossier.read", "dossier.review", "person.read"};
    case Role::kSigner:
      return {"officer", "dossier.read", "dossier.sign"};
    case Role::kClerk:
      return {"officer", "dossier.read", "dossier.number"};
    case Role::kCentreDirector:
      return {"officer", "dossier.read", "report.read", "floor.manage", "community.manage"};
    case Role::kPolice:
      return {"officer", "lodging.read", "lodging.manage", "person.read"};
    case Role::kCommunityMember:
      return {"officer", "assist.submit", "community.record"};
    case Role::kProvinceAdmin:
      return {"officer", "admin.accounts", "admin.catalogue", "admin.calendar", "report.read",
              "community.manage"};
    case Role::kAuditor:
      return {"officer", "audit.read"};
    case Role::kNationalAdmin:
      return {"officer", "national.catalogue", "national.calendar"};
  }
  return {};
}

std::vector<std::string_view> AllPermissions() {
  std::set<std::string_view> all;
  for (Role r : kAllRoles) {
    for (auto p : PermissionsOf(r)) all.insert(p);
  }
  return {all.begin(), all.end()};
}

bool Covers(const Grant& g, const UnitRef& t) {
  if (g.unit_code == t.unit_code) return true;
  return g.IsProvinceWide() && g.province_code == t.province_code;
}

Status Check(const std::vector<Grant>& grants, std::string_view permission,
             const std::optional<UnitRef>& target) {
  for (const Grant& g : grants) {
    auto perms = PermissionsOf(g.role);
    if (std::find(perms.begin(), perms.end(), permission) == perms.end()) continue;
    if (!target || Covers(g, *target)) return Status::Ok();
  }
  return Status::PermissionDenied(
      target ? "you do not have the '" + std::string(permission) + "' permission for unit " +
                   target->unit_code
             : "you do not have the '" + std::string(permission) + "' permission");
}

std::vector<Grant> GrantsWith(const std::vector<Grant>& grants, std::string_view permission) {
  std::vector<Grant> out;
  for (const Grant& g : grants) {
    auto perms = PermissionsOf(g.role);
    if (std::find(perms.begin(), perms.end(), permission) != perms.end()) out.push_back(g);
  }
  return out;
}

namespace {
// Splits UTF-8 into code points (as strings).
std::vector<std::string> CodePoints(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string MaskMiddle(std::string_view s, size_t keep_front, size_t keep_back) {
  if (s.size() <= keep_front + keep_back) return std::string(s.size(), '*');
  return std::string(s.substr(0, keep_front)) + std::string(s.size() - keep_front - keep_back, '*') +
         std::string(s.substr(s.size() - keep_back));
}
}  // namespace

std::string MaskIdNumber(std::string_view id) { return MaskMiddle(id, 3, 3); }
std::string MaskPhone(std::string_view phone) { return MaskMiddle(phone, 2, 2); }

std::string MaskName(std::string_view full) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : full) {
    if (c == ' ') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(cur);
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    if (i + 1 == words.size()) {
      out += words[i];
    } else {
      out += CodePoints(words[i]).front() + ".";
    }
  }
  return out;
}

}  // namespace motcua::authz

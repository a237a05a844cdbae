#include "service/platform/principal.h"

#include <algorithm>

namespace motcua::service {

std::string Principal::Id() const {
  switch (kind) {
    case Kind::kUser: return "user:" + std::to_string(user_id);
    case Kind::kResident: return "resident:" + std::to_string(resident_id);
    default: return "anonymous";
  }
}

std::string Principal::FullName() const {
  switch (kind) {
    case Kind::kUser: return display_name;
    case Kind::kResident: return name;
    default: return "";
  }
}

std::string Principal::Describe() const {
  std::string out = Id();
  for (const auto& g : grants) {
    out += " " + std::string(authz::RoleName(g.role)) + "@" + g.unit_code;
  }
  if (via_token) out += " (api token)";
  return out;
}

Status Principal::Check(std::string_view permission,
                        const std::optional<authz::UnitRef>& target) const {
  if (kind != Kind::kUser) {
    return Status::PermissionDenied("this needs an officer account");
  }
  if (needs_totp) {
    return Status::PermissionDenied(
        "your role requires a second sign-in factor; set up an authenticator app first");
  }
  if (via_token && !(token_permissions.size() == 1 && token_permissions[0] == "*") &&
      std::find(token_permissions.begin(), token_permissions.end(), permission) ==
          token_permissions.end()) {
    return Status::PermissionDenied("this API token does not carry the '" +
                                    std::string(permission) + "' permission");
  }
  return authz::Check(grants, permission, target);
}

std::string LanguageCookie(const std::string& lang, bool tls) {
  return std::string(kLanguageCookie) + "=" + lang +
         "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly" + (tls ? "; Secure" : "");
}

}  // namespace motcua::service

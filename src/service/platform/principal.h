// Principal: who is acting in a request — nobody, an officer (by session or API token), or a
// resident signed in through OpenID Connect — with the grants that decide what they may do.
// A value type; copy freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/authz/roles.h"

namespace motcua::service {

struct Principal {
  enum class Kind { kAnonymous, kUser, kResident };
  Kind kind = Kind::kAnonymous;

  // Officer
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::vector<authz::Grant> grants;
  // Set for API tokens: only these permissions ("*" = all of the grants).
  std::vector<std::string> token_permissions;
  bool via_token = false;

  // Resident
  int64_t resident_id = 0;
  std::string id_number;
  std::string name;
  bool level2 = false;

  // Officer or resident: the language last chosen for pages ("" = never chose).
  std::string lang;

  // Session
  std::string csrf;           // the session's CSRF token ("" for bearer tokens)
  bool needs_totp = false;    // signed in, but policy requires a second factor not yet set up

  bool signed_in() const { return kind != Kind::kAnonymous; }
  // Returns "user:12", "resident:7" or "anonymous".
  std::string Id() const;
  // Returns the person's full name as printed on documents: the officer's display name, the
  // resident's name; "" when the account has none (never the id).
  std::string FullName() const;
  // Returns the id with roles: "user:12 reception@03721 signer@03721".
  std::string Describe() const;
  // Returns OK when the principal holds `permission` over `target` (any unit when nullopt),
  // honouring token restrictions and the second-factor policy.
  Status Check(std::string_view permission, const std::optional<authz::UnitRef>& target) const;
};

// The cookie that remembers a browser's language for pages; sign-in copies the account's choice
// (Principal::lang) into it.
inline constexpr char kLanguageCookie[] = "motcua_lang";
// Returns the Set-Cookie value that remembers `lang` on this browser for a year.
std::string LanguageCookie(const std::string& lang, bool tls);

}  // namespace motcua::service

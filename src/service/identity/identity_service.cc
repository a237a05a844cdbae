#include "service/identity/identity_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "domain/authz/totp.h"

namespace motcua::service {

using authz::Grant;
using authz::Role;
using nlohmann::json;

namespace {

constexpr char kWrongCredentials[] =
    "wrong username or password (sai tên đăng nhập hoặc mật khẩu); check both and try again";

bool ValidUsername(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

NewEvent AccountEvent(const std::string& stream, const std::string& type, int64_t now,
                      const std::string& actor, const json& body) {
  return NewEvent{"00", stream, type, now, actor, body.dump()};
}

}  // namespace

bool IsIdNumber(const std::string& s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsOrganisationId(const std::string& s) {
  auto digits = [](std::string_view v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() == 10) return digits(s);
  if (s.size() == 14 && s[10] == '-') return digits(s.substr(0, 10)) && digits(s.substr(11));
  return false;
}

IdentityService::IdentityService(Env& env, store::Store& store, SiteService& site,
                                 UnitService& units, IdentityOptions options)
    : env_(env),
      store_(store),
      site_(site),
      units_(units),
      options_(std::move(options)),
      hasher_(options_.hasher) {}

Result<authz::UnitRef> IdentityService::ResolveUnit(const std::string& code) {
  Result<Unit> unit = units_.Get(code, "2025");
  if (unit.ok()) return authz::UnitRef{unit->code, unit->province_code};
  if (unit.status().code() != Code::kNotFound) return unit.status();
  auto site = site_.Get();
  if (site.ok()) {
    if (code == site->unit_code) return authz::UnitRef{site->unit_code, site->province_code};
    if (code == site->province_code) return authz::UnitRef{code, code};
  }
  return Status::InvalidArgument(
      fmt::format("unknown unit '{}'; use a 2025 commune or province code (motcua units import "
                  "loads them all)",
                  code),
      {{"unit", "unknown unit code"}});
}

Result<int64_t> IdentityService::CreateUser(
    const std::string& username, const std::string& display_name, const std::string& password,
    const std::vector<std::pair<Role, std::string>>& roles, const std::string& actor) {
  std::vector<FieldError> errors;
  if (!ValidUsername(username)) {
    errors.push_back({"username", "3 to 64 letters, digits, '.', '_' or '-'"});
  }
  if (password.size() < options_.min_password_length) {
    errors.push_back(
        {"password", fmt::format("at least {} characters", options_.min_password_length)});
  }
  if (roles.empty()) errors.push_back({"role", "at least one role"});
  std::vector<Grant> grants;
  for (const auto& [role, unit] : roles) {
    // National grants are on the nation, and nothing else is (roles.h).
    if (authz::IsNationalRole(role) || unit == authz::kNationUnit) {
      if (!authz::IsNationalRole(role) || (!unit.empty() && unit != authz::kNationUnit)) {
        errors.push_back(
            {"unit", fmt::format("the role {} is granted on the nation ('{}') and only it is",
                                 authz::RoleName(Role::kNationalAdmin), authz::kNationUnit)});
        continue;
      }
      grants.push_back(Grant{role, authz::kNationUnit, authz::kNationUnit});
      continue;
    }
    auto ref = ResolveUnit(unit);
    if (!ref.ok()) {
      errors.push_back({"unit", ref.status().message()});
      continue;
    }
    grants.push_back(Grant{role, ref->unit_code, ref->province_code});
  }
  if (!errors.empty()) return Status::InvalidArgument("the account cannot be created", errors);
  MOTCUA_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  int64_t now = env_.NowMs();
  int64_t id = 0;
  Status st = Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO users (username, display_name, password_hash, "
                                   "created_ms) VALUES (?, ?, ?, ?)",
                                   {username, display_name.empty() ? username : display_name,
                                    hash, now})
                               .status());
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT id FROM users WHERE username = ?", {username},
                                    [&](const store::Row& r) { id = r.Int(0); }));
    json jg = json::array();
    for (const Grant& g : grants) {
      MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO role_grants (user_id, role, unit_code, "
                                     "province_code) VALUES (?, ?, ?, ?)",
                                     {id, std::string(authz::RoleName(g.role)), g.unit_code,
                                      g.province_code})
                                 .status());
      jg.push_back({{"role", authz::RoleName(g.role)}, {"unit", g.unit_code}});
    }
    return tx.Append(AccountEvent("user/" + std::to_string(id), "user.created", now, actor,
                                  {{"user_id", id}, {"username", username}, {"grants", jg}}))
        .status();
  });
  if (st.code() == Code::kAlreadyExists) {
    return Status::AlreadyExists("the username '" + username + "' is taken; choose another");
  }
  MOTCUA_RETURN_IF_ERROR(st);
  return id;
}

Result<Principal> IdentityService::LoadUser(int64_t user_id) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  bool found = false, disabled = false, has_totp = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id, username, display_name, disabled, totp_secret IS NOT NULL, COALESCE(lang, '') "
        "FROM users WHERE id = ?",
        {user_id}, [&](const store::Row& r) {
          found = true;
          p.user_id = r.Int(0);
          p.username = r.Text(1);
          p.display_name = r.Text(2);
          disabled = r.Int(3) != 0;
          has_totp = r.Int(4) != 0;
          p.lang = r.Text(5);
        }));
    return tx.Query("SELECT role, unit_code, province_code FROM role_grants WHERE user_id = ? "
                    "ORDER BY role, unit_code",
                    {user_id}, [&](const store::Row& r) {
                      auto role = authz::ParseRole(r.Text(0));
                      if (role.ok()) p.grants.push_back(Grant{*role, r.Text(1), r.Text(2)});
                    });
  }));
  if (!found || disabled) return Status::Unauthenticated("the account does not exist or is disabled");
  if (!has_totp) {
    for (const Grant& g : p.grants) {
      for (Role r : options_.totp_required_roles) p.needs_totp |= g.role == r;
    }
  }
  return p;
}

Result<UserSummary> IdentityService::GetUser(const std::string& username) {
  int64_t id = 0;
  bool totp = false, disabled = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT id, totp_secret IS NOT NULL, disabled FROM users WHERE username = ?",
                    {username}, [&](const store::Row& r) {
                      id = r.Int(0);
                      totp = r.Int(1) != 0;
                      disabled = r.Int(2) != 0;
                    });
  }));
  if (!id) return Status::NotFound("no account named '" + username + "'");
  UserSummary u;
  u.id = id;
  u.username = username;
  u.totp = totp;
  u.disabled = disabled;
  auto p = LoadUser(id);
  if (p.ok()) {
    u.display_name = p->display_name;
    u.grants = p->grants;
  }
  return u;
}

Result<std::vector<UserSummary>> IdentityService::ListUsers(const authz::UnitRef& target) {
  std::vector<std::string> names;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT DISTINCT u.username FROM users u JOIN role_grants g ON g.user_id = u.id "
        "WHERE g.unit_code = ? OR g.province_code = ? AND ? = ? ORDER BY u.username",
        {target.unit_code, target.unit_code, target.unit_code, target.province_code},
        [&](const store::Row& r) { names.push_back(r.Text(0)); });
  }));
  std::vector<UserSummary> out;
  for (const auto& n : names) {
    auto u = GetUser(n);
    if (u.ok()) out.push_back(*u);
  }
  return out;
}

bool IdentityService::RateLimited(const std::string& key, int limit, int64_t now) {
  std::lock_guard<std::mutex> lock(limiter_mu_);
  auto& v = failures_[key];
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](int64_t t) { return t < now - options_.failure_window_ms; }),
          v.end());
  return static_cast<int>(v.size()) >= limit;
}

void IdentityService::RecordFailure(const std::string& key, int64_t now) {
  std::lock_guard<std::mutex> lock(limiter_mu_);
  failures_[key].push_back(now);
}

Result<Session> IdentityService::Login(const LoginRequest& req) {
  int64_t now = env_.NowMs();
  std::string account_key = "account:" + req.username;
  std::string address_key = "address:" + req.remote_ip;
  if (RateLimited(account_key, options_.max_failures_per_account, now) ||
      RateLimited(address_key, options_.max_failures_per_address, now)) {
    return Status::ResourceExhausted(fmt::format(
        "too many failed sign-ins (quá nhiều lần đăng nhập sai); wait {} minutes and try again, "
        "or ask an administrator to reset the password",
        options_.failure_window_ms / 60000));
  }
  int64_t id = 0;
  std::string hash, totp_secret;
  bool disabled = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT id, password_hash, COALESCE(totp_secret, ''), disabled FROM users WHERE "
        "username = ?",
        {req.username}, [&](const store::Row& r) {
          id = r.Int(0);
          hash = r.Text(1);
          totp_secret = r.Text(2);
          disabled = r.Int(3) != 0;
        });
  }));
  // Verify even for unknown accounts (against a dummy hash) so timing reveals nothing.
  MOTCUA_ASSIGN_OR_RETURN(bool ok, hasher_.Verify(id && !disabled ? hash : "", req.password));
  if (!ok) {
    RecordFailure(account_key, now);
    RecordFailure(address_key, now);
    return Status::Unauthenticated(kWrongCredentials);
  }
  bool mfa_ok = false;
  if (!totp_secret.empty()) {
    auto key = authz::Base32Decode(totp_secret);
    if (req.totp_code.empty()) {
      return Status(Code::kUnauthenticated,
                    "enter the 6-digit code from your authenticator app (nhập mã xác thực)",
                    {{"totp_code", "totp_required"}})
          .WithReason(std::string(kTotpRequired));
    }
    if (!key || !authz::VerifyTotp(*key, req.totp_code, now / 1000)) {
      RecordFailure(account_key, now);
      RecordFailure(address_key, now);
      return Status(Code::kUnauthenticated,
                    "the authenticator code is wrong or expired; enter the current code",
                    {{"totp_code", "wrong code"}});
    }
    mfa_ok = true;
  }
  MOTCUA_ASSIGN_OR_RETURN(Principal p, LoadUser(id));
  return OpenSession(p, mfa_ok);
}

Result<Session> IdentityService::OpenSession(const Principal& p, bool mfa_ok) {
  int64_t now = env_.NowMs();
  Session s;
  s.token = env_.RandomHex(32);
  s.csrf = env_.RandomHex(16);
  s.principal = p;
  s.principal.csrf = s.csrf;
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO sessions (token_hash, principal, csrf, mfa_ok, "
                                   "created_ms, last_seen_ms, expires_ms) VALUES (?,?,?,?,?,?,?)",
                                   {Sha256Hex(s.token), p.Id(), s.csrf, int64_t{mfa_ok}, now, now,
                                    now + options_.session_absolute_ms})
                               .status());
    return tx.Append(AccountEvent(p.kind == Principal::Kind::kUser
                                      ? "user/" + std::to_string(p.user_id)
                                      : "resident/" + std::to_string(p.resident_id),
                                  "session.opened", now, p.Id(), {{"mfa", mfa_ok}}))
        .status();
  }));
  return s;
}

Result<Principal> IdentityService::Authenticate(const std::string& token) {
  int64_t now = env_.NowMs();
  std::string th = Sha256Hex(token);
  std::string principal, csrf;
  int64_t last_seen = 0, expires = 0;
  bool revoked = true;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT principal, csrf, last_seen_ms, expires_ms, revoked FROM sessions WHERE "
        "token_hash = ?",
        {th}, [&](const store::Row& r) {
          principal = r.Text(0);
          csrf = r.Text(1);
          last_seen = r.Int(2);
          expires = r.Int(3);
          revoked = r.Int(4) != 0;
        });
  }));
  if (principal.empty() || revoked || now >= expires ||
      now - last_seen >= options_.session_idle_ms) {
    return Status::Unauthenticated("your session has ended; sign in again");
  }
  if (now - last_seen > 60 * 1000) {  // at most one write a minute per session
    MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
      return tx.Exec("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?", {now, th})
          .status();
    }));
  }
  Principal p;
  if (principal.starts_with("user:")) {
    MOTCUA_ASSIGN_OR_RETURN(p, LoadUser(std::stoll(principal.substr(5))));
  } else if (principal.starts_with("resident:")) {
    p.kind = Principal::Kind::kResident;
    p.resident_id = std::stoll(principal.substr(9));
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query("SELECT id_number, name, level2, COALESCE(lang, '') FROM residents WHERE id = ?",
                      {p.resident_id}, [&](const store::Row& r) {
                        p.id_number = r.Text(0);
                        p.name = r.Text(1);
                        p.level2 = r.Int(2) != 0;
                        p.lang = r.Text(3);
                      });
    }));
  } else {
    return Status::Unauthenticated("your session has ended; sign in again");
  }
  p.csrf = csrf;
  return p;
}

Result<Principal> IdentityService::AuthenticateBearer(const std::string& token) {
  int64_t now = env_.NowMs();
  const std::string hash = Sha256Hex(token);
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  {
    std::lock_guard lock(bearer_mu_);
    auto it = bearer_cache_.find(hash);
    if (it != bearer_cache_.end()) {
      if (it->second.generation == generation && now < it->second.until_ms) {
        return it->second.principal;
      }
      bearer_cache_.erase(it);
    }
  }
  int64_t user_id = 0, expires = 0;
  bool revoked = true;
  std::string unit, perms;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT user_id, COALESCE(unit_code, ''), permissions, expires_ms, revoked FROM "
        "api_tokens WHERE token_hash = ?",
        {hash}, [&](const store::Row& r) {
          user_id = r.Int(0);
          unit = r.Text(1);
          perms = r.Text(2);
          expires = r.Int(3);
          revoked = r.Int(4) != 0;
        });
  }));
  if (!user_id || revoked || now >= expires) {
    return Status::Unauthenticated("the API token is unknown, revoked or expired");
  }
  MOTCUA_ASSIGN_OR_RETURN(Principal p, LoadUser(user_id));
  p.via_token = true;
  p.needs_totp = false;  // tokens are issued by an administrator for integrations
  if (!unit.empty()) {
    std::erase_if(p.grants, [&](const Grant& g) { return g.unit_code != unit; });
  }
  size_t pos = 0;
  while (pos < perms.size()) {
    size_t sp = perms.find(' ', pos);
    p.token_permissions.push_back(perms.substr(pos, sp - pos));
    if (sp == std::string::npos) break;
    pos = sp + 1;
  }
  {
    std::lock_guard lock(bearer_mu_);
    if (bearer_cache_.size() >= kBearerCacheMax) bearer_cache_.clear();
    bearer_cache_[hash] = CachedBearer{p, std::min(now + kBearerCacheMs, expires), generation};
  }
  return p;
}

Status IdentityService::Logout(const std::string& token) {
  return Mutate([&](store::Tx& tx) {
    return tx.Exec("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", {Sha256Hex(token)})
        .status();
  });
}

Status IdentityService::RevokeAll(const std::string& principal_id, const std::string& actor) {
  int64_t now = env_.NowMs();
  return Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("UPDATE sessions SET revoked = 1 WHERE principal = ?", {principal_id}).status());
    return tx.Append(AccountEvent(principal_id, "session.revoked_all", now, actor, json::object()))
        .status();
  });
}

Result<std::string> IdentityService::CreateApiToken(const std::string& username,
                                                    const std::string& name,
                                                    const std::optional<std::string>& unit,
                                                    const std::vector<std::string>& permissions,
                                                    int64_t ttl_ms, const std::string& actor) {
  MOTCUA_ASSIGN_OR_RETURN(UserSummary u, GetUser(username));
  if (ttl_ms <= 0) {
    return Status::InvalidArgument("the token's lifetime must be positive",
                                   {{"expires", "must be positive"}});
  }
  std::string perms;
  for (const auto& p : permissions) perms += (perms.empty() ? "" : " ") + p;
  if (perms.empty()) perms = "*";
  std::string token = "mct_" + env_.RandomHex(32);
  int64_t now = env_.NowMs();
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO api_tokens (token_hash, user_id, name, unit_code, permissions, "
                "created_ms, expires_ms) VALUES (?,?,?,?,?,?,?)",
                {Sha256Hex(token), u.id, name,
                 unit ? store::Value(*unit) : store::Value(nullptr), perms, now, now + ttl_ms})
            .status());
    return tx.Append(AccountEvent("user/" + std::to_string(u.id), "api_token.created", now, actor,
                                  {{"name", name},
                                   {"unit", unit.value_or("")},
                                   {"permissions", perms},
                                   {"expires_ms", now + ttl_ms}}))
        .status();
  }));
  return token;
}

Result<std::string> IdentityService::BeginTotp(int64_t user_id) {
  std::string secret(20, '\0');
  env_.RandomBytes(secret.data(), secret.size());
  std::string username;
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Exec("UPDATE users SET totp_pending = ? WHERE id = ?",
                                   {authz::Base32Encode(secret), user_id})
                               .status());
    return tx.Query("SELECT username FROM users WHERE id = ?", {user_id},
                    [&](const store::Row& r) { username = r.Text(0); });
  }));
  return authz::TotpUri("motcua", username, secret);
}

Status IdentityService::ConfirmTotp(int64_t user_id, const std::string& code) {
  int64_t now = env_.NowMs();
  return Mutate([&](store::Tx& tx) {
    std::string pending;
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT COALESCE(totp_pending, '') FROM users WHERE id = ?",
                                    {user_id},
                                    [&](const store::Row& r) { pending = r.Text(0); }));
    auto key = authz::Base32Decode(pending);
    if (pending.empty() || !key) {
      return Status::FailedPrecondition("start the authenticator set-up first");
    }
    if (!authz::VerifyTotp(*key, code, now / 1000)) {
      return Status::InvalidArgument("the code does not match; enter the current 6-digit code",
                                     {{"code", "wrong code"}});
    }
    MOTCUA_RETURN_IF_ERROR(tx.Exec("UPDATE users SET totp_secret = totp_pending, totp_pending = "
                                   "NULL WHERE id = ?",
                                   {user_id})
                               .status());
    return tx.Append(AccountEvent("user/" + std::to_string(user_id), "user.totp_enabled", now,
                                  "user:" + std::to_string(user_id), json::object()))
        .status();
  });
}

Result<Session> IdentityService::SignInResident(const std::string& subject,
                                                const std::string& id_number,
                                                const std::string& name, bool level2) {
  if (!IsIdNumber(id_number)) {
    return Status::InvalidArgument(
        "the identity provider did not return a 12-digit personal identification number",
        {{"id_number", "12 digits"}});
  }
  int64_t now = env_.NowMs();
  int64_t id = 0;
  std::string lang;
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO residents (subject, id_number, name, level2, created_ms, updated_ms) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT (subject) DO UPDATE SET id_number = "
                "excluded.id_number, name = excluded.name, level2 = excluded.level2, updated_ms = "
                "excluded.updated_ms",
                {subject, id_number, name, int64_t{level2}, now, now})
            .status());
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT id, COALESCE(lang, '') FROM residents WHERE subject = ?",
                                    {subject}, [&](const store::Row& r) {
                                      id = r.Int(0);
                                      lang = r.Text(1);
                                    }));
    return tx.Append(AccountEvent("resident/" + std::to_string(id), "resident.signed_in", now,
                                  "resident:" + std::to_string(id), {{"level2", level2}}))
        .status();
  }));
  Principal p;
  p.kind = Principal::Kind::kResident;
  p.resident_id = id;
  p.id_number = id_number;
  p.name = name;
  p.level2 = level2;
  p.lang = lang;
  return OpenSession(p, level2);
}

Status IdentityService::SetLanguage(const Principal& who, const std::string& lang) {
  if (lang.size() < 2 || lang.size() > 3 ||
      !std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return Status::InvalidArgument("a language is 2 or 3 lower-case letters", {{"lang", lang}});
  }
  std::string sql;
  int64_t id = 0;
  if (who.kind == Principal::Kind::kUser) {
    sql = "UPDATE users SET lang = ? WHERE id = ?";
    id = who.user_id;
  } else if (who.kind == Principal::Kind::kResident) {
    sql = "UPDATE residents SET lang = ? WHERE id = ?";
    id = who.resident_id;
  } else {
    return Status::Unauthenticated("sign in to remember a language");
  }
  Status st = Mutate([&](store::Tx& tx) { return tx.Exec(sql, {lang, id}).status(); });
  if (!st.ok()) {
    return Status(st.code(), "identity: cannot remember the language of " + who.Id() + ": " +
                                 st.message());
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string>> IdentityService::DisplayNames(
    const std::vector<std::string>& ids) {
  std::vector<store::Value> users, residents;
  for (const auto& id : ids) {
    auto number = [&](size_t prefix) -> std::optional<int64_t> {
      const std::string digits = id.substr(prefix);
      if (digits.empty() || digits.size() > 18 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
      return std::stoll(digits);
    };
    if (id.starts_with("user:")) {
      if (auto n = number(5)) users.push_back(*n);
    } else if (id.starts_with("resident:")) {
      if (auto n = number(9)) residents.push_back(*n);
    }
  }
  std::map<std::string, std::string> names;
  if (users.empty() && residents.empty()) return names;
  auto marks = [](size_t n) {
    std::string m = n ? "?" : "NULL";
    for (size_t i = 1; i < n; ++i) m += ",?";
    return m;
  };
  std::vector<store::Value> params = users;
  params.insert(params.end(), residents.begin(), residents.end());
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT 'user:' || id, display_name FROM users WHERE id IN (" +
                        marks(users.size()) + ") UNION ALL SELECT 'resident:' || id, name FROM "
                        "residents WHERE id IN (" + marks(residents.size()) + ")",
                    params, [&](const store::Row& r) { names[r.Text(0)] = r.Text(1); });
  }));
  return names;
}

Status IdentityService::MayRecordAuthorisations(const Principal& who) {
  if (who.kind == Principal::Kind::kAnonymous) {
    return Status::Unauthenticated("sign in to record an authorisation");
  }
  // A community-group member helps residents, but the resident's consent is theirs to give: a
  // consent flow on the group's tablets is future work, until then it goes through the two below.
  if (who.kind == Principal::Kind::kUser && !who.Check("dossier.receive", std::nullopt).ok()) {
    return Status::PermissionDenied(
        "you cannot record an authorisation for someone else: the person who gives it records "
        "it themselves, signed in on the portal, or the one-stop reception counter records it "
        "after checking the paper authorisation in person");
  }
  return Status::Ok();
}

Result<Authorisation> IdentityService::CreateAuthorisation(const Principal& recorder,
                                                           const AuthorisationRequest& r) {
  // Who may record it comes first: the exploit this prevents is an agent granting themselves
  // rights over someone else, whatever the body says.
  MOTCUA_RETURN_IF_ERROR(MayRecordAuthorisations(recorder));
  const bool resident = recorder.kind == Principal::Kind::kResident;
  std::vector<authz::UnitRef> counters;  // the units where the officer receives dossiers
  if (!resident) {
    for (const auto& g : recorder.grants) {
      authz::UnitRef ref{g.unit_code, g.province_code};
      if (recorder.Check("dossier.receive", ref).ok() &&
          std::none_of(counters.begin(), counters.end(),
                       [&](const authz::UnitRef& u) { return u.unit_code == ref.unit_code; })) {
        counters.push_back(ref);
      }
    }
  }
  if (resident && !r.principal_id_number.empty() &&
      r.principal_id_number != recorder.id_number) {
    return Status::PermissionDenied(
        "you can only authorise someone to act for you: for_id_number must be your own ID number. "
        "To act for another person, that person authorises you (signed in on the portal, naming "
        "your ID number) or records the paper authorisation at the reception counter");
  }

  Authorisation a;
  a.scope = r.scope;
  a.document_ref = r.document_ref;
  a.expires_ms = r.expires_ms;
  a.recorded_by = recorder.Id();
  std::vector<FieldError> errors;
  if (resident) {
    a.principal_id_number = recorder.id_number;
    a.principal_name = recorder.name;
  } else {
    a.principal_id_number = r.principal_id_number;
    a.principal_name = r.principal_name;
    if (!IsIdNumber(a.principal_id_number)) errors.push_back({"for_id_number", "12 digits"});
    if (a.principal_name.empty()) errors.push_back({"for_name", "required"});
    if (a.document_ref.empty()) {
      errors.push_back({"document_ref", "name the paper authorisation you checked"});
    }
    if (r.unit.empty()) {
      if (counters.size() == 1) {
        a.unit = counters.front().unit_code;
      } else {
        errors.push_back({"unit", "you receive at several units: name the one recording it"});
      }
    } else {
      auto ref = ResolveUnit(r.unit);
      if (!ref.ok()) {
        errors.push_back({"unit", "unknown unit"});
      } else if (!recorder.Check("dossier.receive", *ref).ok()) {
        return Status::PermissionDenied(
            "you do not receive dossiers at unit " + r.unit +
            "; the principal records it at that unit's reception counter, or signed in themselves");
      } else {
        a.unit = ref->unit_code;
      }
    }
  }
  if (!r.agent_id_number.empty() == !r.agent_username.empty()) {
    errors.push_back({"agent_id_number", "name the agent: agent_id_number or agent_username"});
  } else if (!r.agent_id_number.empty()) {
    if (!IsIdNumber(r.agent_id_number)) {
      errors.push_back({"agent_id_number", "12 digits"});
    } else if (r.agent_id_number == a.principal_id_number) {
      errors.push_back({"agent_id_number", "the agent must be someone other than the principal"});
    } else {
      a.agent = "id:" + r.agent_id_number;
    }
  } else if (!resident && r.agent_username == recorder.username) {
    errors.push_back({"agent_username", "the officer recording it cannot be the agent"});
  }
  if (a.scope != "submit" && a.scope != "receive_result" && a.scope != "all") {
    errors.push_back({"scope", "submit, receive_result or all"});
  }
  int64_t now = env_.NowMs();
  if (a.expires_ms <= now) errors.push_back({"expires", "must be in the future"});
  if (!r.agent_username.empty() && errors.empty()) {
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query("SELECT id FROM users WHERE username = ? AND disabled = 0",
                      {r.agent_username},
                      [&](const store::Row& row) { a.agent = "user:" + std::to_string(row.Int(0)); });
    }));
    if (a.agent.empty()) errors.push_back({"agent_username", "no active account has this name"});
  }
  if (resident && errors.empty() && options_.authorisation_needs_level2 && !recorder.level2) {
    return Status::FailedPrecondition(
        "you signed in with a level-1 identity; sign in with a level-2 VNeID account to authorise "
        "someone, or record the paper authorisation at the reception counter");
  }
  if (!errors.empty()) return Status::InvalidArgument("the authorisation is incomplete", errors);
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO authorisations (agent, principal_id_number, principal_name, scope, "
                "document_ref, expires_ms, created_ms, unit, recorded_by) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                {a.agent, a.principal_id_number, a.principal_name, a.scope, a.document_ref,
                 a.expires_ms, now,
                 a.unit.empty() ? store::Value(nullptr) : store::Value(a.unit), a.recorded_by})
            .status());
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT MAX(id) FROM authorisations", {},
                                    [&](const store::Row& row) { a.id = row.Int(0); }));
    return tx.Append(AccountEvent("authorisation/" + std::to_string(a.id), "authorisation.created",
                                  now, recorder.Id(),
                                  {{"agent", a.agent},
                                   {"for", a.principal_id_number},
                                   {"scope", a.scope},
                                   {"unit", a.unit},
                                   {"document_ref", a.document_ref},
                                   {"expires_ms", a.expires_ms}}))
        .status();
  }));
  return a;
}

Result<Authorisation> IdentityService::RecordConsentAuthorisation(
    const Principal& agent, const std::string& principal_id_number,
    const std::string& principal_name, const std::string& unit, const std::string& evidence,
    int64_t expires_ms) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, ResolveUnit(unit));
  if (agent.kind != Principal::Kind::kUser) {
    return Status::PermissionDenied("only a community-group member's account files with consent");
  }
  MOTCUA_RETURN_IF_ERROR(agent.Check("assist.submit", ref));
  std::vector<FieldError> errors;
  if (!IsIdNumber(principal_id_number)) errors.push_back({"resident.id_number", "12 digits"});
  if (principal_name.empty()) errors.push_back({"resident.full_name", "required"});
  if (evidence.empty()) errors.push_back({"consent", "the consent's evidence is required"});
  const int64_t now = env_.NowMs();
  if (expires_ms <= now) errors.push_back({"expires", "must be in the future"});
  if (!errors.empty()) return Status::InvalidArgument("the consent is incomplete", errors);
  Authorisation a;
  a.agent = agent.Id();
  a.principal_id_number = principal_id_number;
  a.principal_name = principal_name;
  a.scope = "submit";
  a.document_ref = evidence;
  a.expires_ms = expires_ms;
  a.unit = ref.unit_code;
  a.recorded_by = "community:consent";
  MOTCUA_RETURN_IF_ERROR(Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO authorisations (agent, principal_id_number, principal_name, scope, "
                "document_ref, expires_ms, created_ms, unit, recorded_by) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                {a.agent, a.principal_id_number, a.principal_name, a.scope, a.document_ref,
                 a.expires_ms, now, a.unit, a.recorded_by})
            .status());
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT MAX(id) FROM authorisations", {},
                                    [&](const store::Row& row) { a.id = row.Int(0); }));
    return tx.Append(AccountEvent("authorisation/" + std::to_string(a.id), "authorisation.created",
                                  now, agent.Id(),
                                  {{"agent", a.agent},
                                   {"for", a.principal_id_number},
                                   {"scope", a.scope},
                                   {"unit", a.unit},
                                   {"document_ref", a.document_ref},
                                   {"expires_ms", a.expires_ms},
                                   {"recorded_by", a.recorded_by}}))
        .status();
  }));
  return a;
}

Status IdentityService::RevokeAuthorisation(const Principal& who, int64_t id) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to revoke an authorisation");
  if (!MayRecordAuthorisations(who).ok()) {
    return Status::PermissionDenied(
        "only the person who gave an authorisation, signed in, or the reception counter can "
        "revoke it");
  }
  std::optional<std::string> principal_id, unit;
  bool revoked = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT principal_id_number, unit, revoked FROM authorisations WHERE id = ?",
                    {id}, [&](const store::Row& r) {
                      principal_id = r.Text(0);
                      if (!r.IsNull(1)) unit = r.Text(1);
                      revoked = r.Int(2) != 0;
                    });
  }));
  const std::string name = "authorisation " + std::to_string(id);
  if (!principal_id) return Status::NotFound("no " + name);
  bool may = false;
  if (who.kind == Principal::Kind::kResident) {
    may = !who.id_number.empty() && who.id_number == *principal_id;
  } else if (unit) {
    for (const auto& g : who.grants) {
      may |= g.unit_code == *unit &&
             who.Check("dossier.receive", authz::UnitRef{g.unit_code, g.province_code}).ok();
    }
    if (!may) {  // a grant over the unit's province
      auto ref = ResolveUnit(*unit);
      may = ref.ok() && who.Check("dossier.receive", *ref).ok();
    }
  } else {
    // One the principal recorded covers every unit: the principal may come to any counter to
    // end it, so any reception officer may (the event says who did).
    may = who.Check("dossier.receive", std::nullopt).ok();
  }
  if (!may) {
    return Status::PermissionDenied(
        "only the person who gave " + name + ", signed in, or the reception counter of " +
        (unit ? "unit " + *unit : std::string("their commune")) + " can revoke it");
  }
  if (revoked) return Status::FailedPrecondition(name + " is already revoked; nothing to do");
  const int64_t now = env_.NowMs();
  return Mutate([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("UPDATE authorisations SET revoked = 1, revoked_by = ?, revoked_ms = ? "
                "WHERE id = ?",
                {who.Id(), now, id})
            .status());
    return tx.Append(AccountEvent("authorisation/" + std::to_string(id), "authorisation.revoked",
                                  now, who.Id(), {{"for", *principal_id}}))
        .status();
  });
}

namespace {

constexpr char kAuthorisationColumns[] =
    "SELECT id, agent, principal_id_number, principal_name, scope, document_ref, expires_ms, "
    "COALESCE(unit, ''), COALESCE(recorded_by, '') FROM authorisations ";

Authorisation AuthorisationOf(const store::Row& r) {
  return Authorisation{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                       r.Text(5), r.Int(6), r.Text(7), r.Text(8)};
}

// A resident is also the agent of authorisations naming their verified ID number.
std::string AgentByNumber(const Principal& agent) {
  return agent.kind == Principal::Kind::kResident && IsIdNumber(agent.id_number)
             ? "id:" + agent.id_number
             : agent.Id();
}

}  // namespace

Result<std::vector<Authorisation>> IdentityService::AuthorisationsHeldBy(const Principal& agent) {
  std::vector<Authorisation> out;
  if (!agent.signed_in()) return out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string(kAuthorisationColumns) +
                        "WHERE agent IN (?, ?) AND revoked = 0 AND expires_ms > ? "
                        "ORDER BY id DESC LIMIT 200",
                    {agent.Id(), AgentByNumber(agent), env_.NowMs()},
                    [&](const store::Row& r) { out.push_back(AuthorisationOf(r)); });
  }));
  return out;
}

Result<Authorisation> IdentityService::FindAuthorisation(const Principal& agent,
                                                         const std::string& id_number,
                                                         const std::string& scope,
                                                         const std::string& unit) {
  std::optional<Authorisation> found;
  if (!agent.signed_in()) {
    return Status::PermissionDenied("no valid authorisation lets you act for this person");
  }
  int64_t now = env_.NowMs();
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        std::string(kAuthorisationColumns) +
            "WHERE agent IN (?, ?) AND principal_id_number = ? AND revoked = 0 "
            "AND expires_ms > ? AND (scope = ? OR scope = 'all') AND (unit IS NULL OR unit = ?) "
            "ORDER BY id DESC LIMIT 1",
        {agent.Id(), AgentByNumber(agent), id_number, now, scope, unit},
        [&](const store::Row& r) { found = AuthorisationOf(r); });
  }));
  if (!found) {
    return Status::PermissionDenied("no valid authorisation lets you act for this person in '" +
                                    scope + "'");
  }
  return *found;
}

}  // namespace motcua::service

#include "api/identity_handlers.h"

#include <algorithm>

#include "api/json_util.h"
#include "base/civil_time.h"
#include "http/problem.h"

namespace motcua::api {

using http::Request;
using http::Response;
using nlohmann::json;
using service::Principal;

namespace {

// Returns the text at `key`, or "" after adding the field's error to `errors`.
std::string Str(const json& j, const char* key, std::vector<FieldError>* errors, bool required) {
  std::string out;
  TakeField(required ? RequiredStringField(j, key, 1000) : StringField(j, key, 1000), &out, errors);
  return out;
}

json GrantsJson(const std::vector<authz::Grant>& grants) {
  json out = json::array();
  for (const auto& g : grants) {
    out.push_back({{"role", authz::RoleName(g.role)},
                   {"unit", g.unit_code},
                   {"province", g.province_code}});
  }
  return out;
}

// Returns OK when the admin's account-management grants cover every unit in `grants`.
Status CoversAll(const Principal& admin, const std::vector<authz::Grant>& grants) {
  for (const auto& g : grants) {
    MOTCUA_RETURN_IF_ERROR(
        admin.Check("admin.accounts", authz::UnitRef{g.unit_code, g.province_code}));
  }
  return Status::Ok();
}

}  // namespace

Response HandleLogin(const IdentityDeps& d, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> errors;
  service::LoginRequest lr{Str(*body, "username", &errors, true),
                           Str(*body, "password", &errors, true),
                           Str(*body, "totp_code", &errors, false), req.remote_ip};
  if (!errors.empty()) {
    return http::ProblemFromStatus(Status::InvalidArgument("sign-in needs a username and a password", errors));
  }
  auto s = d.auth.identity->Login(lr);
  if (!s.ok()) return http::ProblemFromStatus(s.status());
  Response r = JsonResponse(201, {{"user", s->principal.username},
                                  {"grants", GrantsJson(s->principal.grants)},
                                  {"needs_totp", s->principal.needs_totp},
                                  {"csrf", s->csrf}});
  r.SetHeader("Set-Cookie", SessionCookie(s->token, d.auth.tls,
                                          d.auth.identity->options().session_absolute_ms / 1000));
  // As at the sign-in page: the language the account chose last applies to the pages this
  // browser opens next (a client that signs in through the API and then shows pages).
  if (!s->principal.lang.empty()) {
    r.headers.emplace_back("Set-Cookie", service::LanguageCookie(s->principal.lang, d.auth.tls));
  }
  return r;
}

Response HandleLogout(const IdentityDeps& d, Request& req) {
  if (auto c = req.Cookie(kSessionCookie)) {
    Status st = d.auth.identity->Logout(*c);
    if (!st.ok()) return http::ProblemFromStatus(st);
  }
  Response r;
  r.status = 204;
  r.SetHeader("Set-Cookie", SessionCookie("", d.auth.tls, 0));
  return r;
}

Response HandleMe(const IdentityDeps&, Request& req) {
  const Principal& p = PrincipalOf(req);
  json j = {{"id", p.Id()}, {"csrf", p.csrf}};
  if (p.kind == Principal::Kind::kUser) {
    j["kind"] = "officer";
    j["username"] = p.username;
    j["display_name"] = p.display_name;
    j["grants"] = GrantsJson(p.grants);
    j["needs_totp"] = p.needs_totp;
  } else {
    j["kind"] = "resident";
    j["name"] = p.name;
    j["id_number"] = authz::MaskIdNumber(p.id_number);
    j["identity_level2"] = p.level2;
  }
  return JsonResponse(200, j);
}

Response HandleRevokeMySessions(const IdentityDeps& d, Request& req) {
  const Principal& p = PrincipalOf(req);
  Status st = d.auth.identity->RevokeAll(p.Id(), p.Id());
  if (!st.ok()) return http::ProblemFromStatus(st);
  Response r;
  r.status = 204;
  r.SetHeader("Set-Cookie", SessionCookie("", d.auth.tls, 0));
  return r;
}

Response HandleBeginTotp(const IdentityDeps& d, Request& req) {
  const Principal& p = PrincipalOf(req);
  if (p.kind != Principal::Kind::kUser) {
    return http::ProblemFromStatus(Status::PermissionDenied("only officers use an authenticator"));
  }
  auto uri = d.auth.identity->BeginTotp(p.user_id);
  if (!uri.ok()) return http::ProblemFromStatus(uri.status());
  return JsonResponse(201, {{"otpauth_uri", *uri}});
}

Response HandleConfirmTotp(const IdentityDeps& d, Request& req) {
  const Principal& p = PrincipalOf(req);
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> errors;
  std::string code = Str(*body, "code", &errors, true);
  if (!errors.empty()) return http::ProblemFromStatus(Status::InvalidArgument("enter the code", errors));
  Status st = d.auth.identity->ConfirmTotp(p.user_id, code);
  if (!st.ok()) return http::ProblemFromStatus(st);
  Response r;
  r.status = 204;
  return r;
}

Response HandleMyData(const IdentityDeps& d, Request& req) {
  auto doc = d.audit->ExportResident(PrincipalOf(req), {req.route, req.request_id});
  if (!doc.ok()) return http::ProblemFromStatus(doc.status());
  Response r = Response::Json(200, *doc);
  r.SetHeader("Content-Disposition", "attachment; filename=\"du-lieu-cua-toi.json\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response HandleCreateUser(const IdentityDeps& d, Request& req) {
  const Principal& admin = PrincipalOf(req);
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> errors;
  std::string username = Str(*body, "username", &errors, true);
  std::string display = Str(*body, "display_name", &errors, false);
  std::string password = Str(*body, "password", &errors, true);
  std::vector<std::pair<authz::Role, std::string>> roles;
  std::vector<authz::Grant> wanted;
  auto rit = body->find("roles");
  if (rit == body->end() || !rit->is_array() || rit->empty()) {
    errors.push_back({"roles", "a non-empty list of {role, unit}"});
  } else {
    for (size_t i = 0; i < rit->size(); ++i) {
      const json& e = (*rit)[i];
      std::string prefix = "roles/" + std::to_string(i);
      auto role_name = RequiredStringField(e, "role", 100, prefix + "/role");
      auto unit_code = RequiredStringField(e, "unit", 100, prefix + "/unit");
      if (!e.is_object() || !role_name.ok() || !unit_code.ok()) {
        errors.push_back({prefix, "needs 'role' and 'unit' strings"});
        continue;
      }
      auto role = authz::ParseRole(*role_name);
      if (!role.ok()) {
        errors.push_back({prefix + "/role", role.status().message()});
        continue;
      }
      auto unit = d.auth.identity->ResolveUnit(*unit_code);
      if (!unit.ok()) {
        errors.push_back({prefix + "/unit", unit.status().message()});
        continue;
      }
      roles.emplace_back(*role, unit->unit_code);
      wanted.push_back({*role, unit->unit_code, unit->province_code});
    }
  }
  if (!errors.empty()) {
    return http::ProblemFromStatus(Status::InvalidArgument("the account cannot be created", errors));
  }
  Status cover = CoversAll(admin, wanted);
  if (!cover.ok()) return http::ProblemFromStatus(cover);
  auto id = d.auth.identity->CreateUser(username, display, password, roles, admin.Id());
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  return JsonResponse(201, {{"id", *id}, {"username", username}});
}

Response HandleListUnitUsers(const IdentityDeps& d, Request& req) {
  auto unit = TargetUnit(d.auth, req, "code");
  if (!unit.ok()) return http::ProblemFromStatus(unit.status());
  auto users = d.auth.identity->ListUsers(*unit);
  if (!users.ok()) return http::ProblemFromStatus(users.status());
  json out = json::array();
  for (const auto& u : *users) {
    out.push_back({{"username", u.username},
                   {"display_name", u.display_name},
                   {"disabled", u.disabled},
                   {"totp", u.totp},
                   {"grants", GrantsJson(u.grants)}});
  }
  return JsonResponse(200, {{"unit", unit->unit_code}, {"users", out}});
}

Response HandleRevokeUserSessions(const IdentityDeps& d, Request& req) {
  const Principal& admin = PrincipalOf(req);
  auto user = d.auth.identity->GetUser(req.Param("username"));
  if (!user.ok()) return http::ProblemFromStatus(user.status());
  Status cover = CoversAll(admin, user->grants);
  if (!cover.ok()) return http::ProblemFromStatus(cover);
  Status st = d.auth.identity->RevokeAll("user:" + std::to_string(user->id), admin.Id());
  if (!st.ok()) return http::ProblemFromStatus(st);
  Response r;
  r.status = 204;
  return r;
}

Response HandleCreateToken(const IdentityDeps& d, Request& req) {
  const Principal& admin = PrincipalOf(req);
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> errors;
  std::string username = Str(*body, "username", &errors, true);
  std::string name = Str(*body, "name", &errors, true);
  std::string unit = Str(*body, "unit", &errors, false);
  std::vector<std::string> perms;
  TakeField(StringListField(*body, "permissions", 100), &perms, &errors);
  int64_t days = 0;
  if (TakeField(IntField(*body, "expires_days", 0), &days, &errors) && (days <= 0 || days > 366)) {
    errors.push_back({"expires_days", "1 to 366"});
  }
  if (!errors.empty()) {
    return http::ProblemFromStatus(Status::InvalidArgument("the token cannot be created", errors));
  }
  auto user = d.auth.identity->GetUser(username);
  if (!user.ok()) return http::ProblemFromStatus(user.status());
  Status cover = CoversAll(admin, user->grants);
  if (!cover.ok()) return http::ProblemFromStatus(cover);
  auto token = d.auth.identity->CreateApiToken(
      username, name, unit.empty() ? std::nullopt : std::optional<std::string>(unit), perms,
      days * 86400 * 1000, admin.Id());
  if (!token.ok()) return http::ProblemFromStatus(token.status());
  return JsonResponse(201, {{"token", *token}, {"expires_days", days}});
}

Response HandleAccessLog(const IdentityDeps& d, Request& req) {
  auto entries = d.audit->List(PrincipalOf(req), req.Query("record"), 200);
  if (!entries.ok()) return http::ProblemFromStatus(entries.status());
  json out = json::array();
  for (const auto& e : *entries) {
    out.push_back({{"id", e.id},
                   {"at", FormatRfc3339Vietnam(e.at_ms)},
                   {"actor", e.actor},
                   {"record", e.record},
                   {"purpose", e.purpose},
                   {"route", e.route},
                   {"request_id", e.request_id}});
  }
  return JsonResponse(200, {{"entries", out}});
}

Response HandleCreateAuthorisation(const IdentityDeps& d, Request& req) {
  // Refused callers are refused before their body is read.
  Status may = d.auth.identity->MayRecordAuthorisations(PrincipalOf(req));
  if (!may.ok()) return http::ProblemFromStatus(may);
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> errors;
  service::AuthorisationRequest a;
  a.principal_id_number = Str(*body, "for_id_number", &errors, false);
  a.principal_name = Str(*body, "for_name", &errors, false);
  a.agent_id_number = Str(*body, "agent_id_number", &errors, false);
  a.agent_username = Str(*body, "agent_username", &errors, false);
  a.scope = Str(*body, "scope", &errors, false);
  a.document_ref = Str(*body, "document_ref", &errors, false);
  a.unit = Str(*body, "unit", &errors, false);
  std::string expires = Str(*body, "expires", &errors, false);
  if (!expires.empty()) {
    auto t = ParseRfc3339(expires);
    if (!t) {
      errors.push_back({"expires", "an RFC 3339 instant, e.g. 2026-12-31T17:00:00+07:00"});
    } else {
      a.expires_ms = *t;
    }
  }
  // Type errors are reported at once; missing values are the service's to judge, after it has
  // decided whether the caller may record an authorisation at all.
  if (!errors.empty()) {
    return http::ProblemFromStatus(Status::InvalidArgument("the authorisation is incomplete", errors));
  }
  auto made = d.auth.identity->CreateAuthorisation(PrincipalOf(req), a);
  if (!made.ok()) return http::ProblemFromStatus(made.status());
  json out = {{"id", made->id},
              {"agent", made->agent},
              {"for_id_number", authz::MaskIdNumber(made->principal_id_number)},
              {"scope", made->scope},
              {"unit", made->unit.empty() ? json(nullptr) : json(made->unit)},
              {"recorded_by", made->recorded_by},
              {"expires", FormatRfc3339Vietnam(made->expires_ms)}};
  Response r = JsonResponse(201, out);
  r.SetHeader("Location", "/api/v1/authorisations/" + std::to_string(made->id));
  return r;
}

Response HandleRevokeAuthorisation(const IdentityDeps& d, Request& req) {
  const std::string raw = req.Param("id");
  int64_t id = 0;
  if (raw.empty() || raw.size() > 18 ||
      !std::all_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return http::ProblemFromStatus(Status::NotFound("no authorisation " + raw));
  }
  id = std::stoll(raw);
  Status st = d.auth.identity->RevokeAuthorisation(PrincipalOf(req), id);
  if (!st.ok()) return http::ProblemFromStatus(st);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace motcua::api

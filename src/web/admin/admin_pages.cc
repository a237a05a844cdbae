#include "web/admin/admin_pages.h"

#include <algorithm>

#include "http/url.h"
#include "service/identity/audit_service.h"
#include "service/platform/principal.h"
#include "service/platform/system_service.h"
#include "web/admin/admin_catalogue_pages.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;
using service::Principal;

namespace {

PageContext Ctx(const WebDeps& deps, const Request& req, const std::string& title_key) {
  return BasePageContext(req, deps, title_key);
}

const Principal& Who(const Request& req) { return PagePrincipal(req); }

std::string Stamp(int64_t ms) { return FormatDate(ms) + " " + FormatTime(ms); }

// The units an administrator manages accounts of: the site's commune when covered, else the
// communes and provinces of their grants.
std::vector<std::string> AdminUnits(const WebDeps& deps, const Principal& p) {
  std::vector<std::string> out;
  auto site = deps.site->Get();
  if (site.ok() &&
      p.Check("admin.accounts", authz::UnitRef{site->unit_code, site->province_code}).ok()) {
    out.push_back(site->unit_code);
  }
  for (const auto& g : authz::GrantsWith(p.grants, "admin.accounts")) {
    if (std::find(out.begin(), out.end(), g.unit_code) == out.end()) out.push_back(g.unit_code);
  }
  return out;
}

Response IndexPage(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "admin.title");
  Data d{Data::type::object};
  Data units{Data::type::list};
  for (const auto& u : AdminUnits(deps, p)) {
    Data o{Data::type::object};
    o.set("href", "/quan-tri/don-vi/" + http::PercentEncode(u) + "/tai-khoan");
    std::string name = u;
    if (deps.units) {
      auto unit = deps.units->Get(u, "2025");
      if (unit.ok()) name = unit->name + " (" + u + ")";
    }
    o.set("label", Catalog::Get().T(ctx.lang, "admin.accounts_of", {{"unit", name}}));
    units.push_back(o);
  }
  d.set("units", units);
  d.set("can_audit", p.Check("audit.read", std::nullopt).ok());
  d.set("can_catalogue", p.Check("admin.catalogue", std::nullopt).ok());
  return RenderPage(req, ctx, "admin", std::move(d));
}

struct AccountError {
  std::vector<std::pair<std::string, std::string>> fields;
  std::multimap<std::string, std::string> values;
};

Response RenderAccounts(const WebDeps& deps, Request& req, const AccountError* err, int status,
                        const std::string& created = "") {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "admin.accounts.title");
  const Catalog& c = Catalog::Get();
  const std::string unit = req.Param("code");
  auto ref = deps.identity->ResolveUnit(unit);
  if (!ref.ok()) {
    Data d{Data::type::object};
    d.set("heading", c.T(ctx.lang, "error.not_found.title"));
    d.set("message", c.T(ctx.lang, "error.not_found.body"));
    return RenderPage(req, ctx, "error", std::move(d), 404);
  }
  Data d{Data::type::object};
  d.set("unit", unit);
  d.set("csrf", p.csrf);
  d.set("action", "/quan-tri/don-vi/" + http::PercentEncode(unit) + "/tai-khoan");
  if (!created.empty()) d.set("created", c.T(ctx.lang, "admin.accounts.created", {{"username", created}}));
  auto users = deps.identity->ListUsers(*ref);
  Data list{Data::type::list};
  if (users.ok()) {
    for (const auto& u : *users) {
      Data o{Data::type::object};
      o.set("username", u.username);
      o.set("display_name", u.display_name);
      std::string roles;
      for (const auto& g : u.grants) {
        if (!roles.empty()) roles += "; ";
        roles += c.T(ctx.lang, "role." + std::string(authz::RoleName(g.role))) + " — " + g.unit_code;
      }
      o.set("roles", roles);
      o.set("state", c.T(ctx.lang, u.disabled ? "admin.accounts.disabled" : "admin.accounts.active"));
      o.set("totp", c.T(ctx.lang, u.totp ? "admin.accounts.totp_on" : "admin.accounts.totp_off"));
      list.push_back(o);
    }
  }
  d.set("users", list);
  auto val = [&](const std::string& k) {
    if (!err) return std::string();
    auto it = err->values.find(k);
    return it == err->values.end() ? std::string() : it->second;
  };
  d.set("username", val("username"));
  d.set("display_name", val("display_name"));
  Data roles{Data::type::list};
  for (authz::Role r : authz::kAllRoles) {
    // National roles are granted with `motcua admin create`, never from a province's page.
    if (authz::IsNationalRole(r)) continue;
    if (authz::IsProvinceRole(r) != (ref->unit_code == ref->province_code)) continue;
    Data o{Data::type::object};
    o.set("value", std::string(authz::RoleName(r)));
    o.set("label", c.T(ctx.lang, "role." + std::string(authz::RoleName(r))));
    o.set("selected", val("role") == authz::RoleName(r));
    roles.push_back(o);
  }
  d.set("roles", roles);
  if (err) {
    FormErrors errors;
    for (const auto& [id, msg] : err->fields) errors.Add(id, msg);
    errors.Into(d);
  }
  return RenderPage(req, ctx, "admin_accounts", std::move(d), status);
}

Response AccountsPage(const WebDeps& deps, Request& req) {
  return RenderAccounts(deps, req, nullptr, 200, req.Query("moi"));
}

Response AccountCreate(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  const std::string lang = ChooseLanguage(req, deps.default_lang);
  const Catalog& c = Catalog::Get();
  std::vector<std::string> not_utf8;
  AccountError err{{}, ReadUrlEncodedForm(req.body, &not_utf8)};
  for (const auto& name : not_utf8) err.fields.push_back({name, c.T(lang, "form.err.not_utf8")});
  auto field = [&](const char* k) {
    auto it = err.values.find(k);
    return it == err.values.end() ? std::string() : it->second;
  };
  const std::string unit = req.Param("code");
  for (const char* k : {"username", "display_name", "password", "role"}) {
    if (field(k).empty()) {
      err.fields.push_back({k, c.T(lang, "desk.error.required",
                                   {{"field", c.T(lang, std::string("admin.accounts.") + k)}})});
    }
  }
  auto role = authz::ParseRole(field("role"));
  if (err.fields.empty() && !role.ok()) {
    err.fields.push_back({"role", c.T(lang, "admin.accounts.bad_role")});
  }
  if (err.fields.empty()) {
    auto id = deps.identity->CreateUser(field("username"), field("display_name"), field("password"),
                                        {{*role, unit}}, p.Id());
    if (id.ok()) {
      return Response::Redirect("/quan-tri/don-vi/" + http::PercentEncode(unit) +
                                "/tai-khoan?moi=" + http::PercentEncode(field("username")));
    }
    if (id.status().code() == Code::kAlreadyExists) {
      err.fields.push_back({"username", c.T(lang, "admin.accounts.taken")});
    } else if (id.status().code() == Code::kInvalidArgument) {
      const Status id_status = id.status();
      for (const auto& fe : id_status.fields()) {
        const std::string f = fe.field == "password" || fe.field == "username" ? fe.field : "role";
        err.fields.push_back({f, c.T(lang, "admin.accounts.bad_" + f)});
      }
      if (err.fields.empty()) err.fields.push_back({"username", id.status().message()});
    } else {
      err.fields.push_back({"username", id.status().message()});
    }
  }
  return RenderAccounts(deps, req, &err, 400);
}

Response AccessLogPage(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "admin.log_title");
  Data d{Data::type::object};
  const std::string record = req.Query("record");
  d.set("record", record);
  Data list{Data::type::list};
  if (deps.audit) {
    auto entries = deps.audit->List(p, record, 200);
    if (entries.ok()) {
      for (const auto& e : *entries) {
        Data o{Data::type::object};
        o.set("when", Stamp(e.at_ms));
        o.set("actor", e.actor);
        o.set("record", e.record);
        o.set("purpose", e.purpose);
        o.set("route", e.route);
        list.push_back(o);
      }
    }
    d.set("empty", entries.ok() && entries->empty());
  }
  d.set("entries", list);
  return RenderPage(req, ctx, "admin_log", std::move(d));
}

}  // namespace

Status RegisterAdminRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, "/quan-tri", "perm:admin.accounts",
       [deps](Request& r) { return IndexPage(deps, r); }},
      {Method::kGet, "/quan-tri/don-vi/{code}/tai-khoan", "perm:admin.accounts@code",
       [deps](Request& r) { return AccountsPage(deps, r); }},
      {Method::kPost, "/quan-tri/don-vi/{code}/tai-khoan", "perm:admin.accounts@code",
       [deps](Request& r) { return AccountCreate(deps, r); }},
      {Method::kGet, "/quan-tri/nhat-ky-truy-cap", "perm:audit.read",
       [deps](Request& r) { return AccessLogPage(deps, r); }},
  };
  for (auto* more : {AdminUnitRoutes, AdminProcedureRoutes, AdminSynonymRoutes, AdminWorkflowRoutes,
                     AdminCalendarRoutes}) {
    for (auto& r : more(deps)) routes.push_back(std::move(r));
  }
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web

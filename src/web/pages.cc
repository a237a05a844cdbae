#include "web/pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/platform/system_service.h"
#include "web/admin/admin_pages.h"
#include "web/auth/auth_pages.h"
#include "web/community/community_pages.h"
#include "web/desk/desk_pages.h"
#include "web/digitise/digitise_pages.h"
#include "web/floor/floor_pages.h"
#include "web/lodging/lodging_pages.h"
#include "web/kit/i18n.h"
#include "web/portal/lookup_pages.h"
#include "web/portal/portal_pages.h"
#include "web/portal/procedure_pages.h"
#include "web/kit/static_files.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;

namespace {

PageContext Context(const Request& req, const WebDeps& deps, const std::string& title_key) {
  return BasePageContext(req, deps, title_key);
}

Response HomePage(const WebDeps& deps, Request& req) {
  PageContext ctx = Context(req, deps, "site.title");
  Data d{Data::type::object};
  auto site = deps.site->Get();
  if (site.ok()) {
    d.set("has_site", true);
    d.set("welcome", Catalog::Get().T(ctx.lang, "home.welcome",
                                      {{"unit", site->unit_name}, {"province", site->province_name}}));
  } else {
    d.set("has_site", false);
  }
  return RenderPage(req, ctx, "home", std::move(d));
}

}  // namespace

PageContext BasePageContext(const Request& req, const WebDeps& deps, std::string_view title_key,
                            const std::map<std::string, std::string>& args) {
  PageContext ctx;
  ctx.lang = ChooseLanguage(req, deps.default_lang);
  // A signed-in person who switches the language keeps the choice on their account.
  const auto* who = req.ContextAs<service::Principal>();
  if (who && who->signed_in() && req.Query("lang") == ctx.lang && ctx.lang != who->lang &&
      ctx.lang != kPseudoLocale && deps.identity) {
    Status st = deps.identity->SetLanguage(*who, ctx.lang);
    if (!st.ok()) spdlog::warn("web: {}", st.message());
  }
  if (!title_key.empty()) ctx.title = Catalog::Get().T(ctx.lang, title_key, args);
  ctx.path = req.path;
  ctx.version = service::BinaryVersion();
  auto site = deps.site->Get();
  if (site.ok()) ctx.unit_name = site->unit_name + ", " + site->province_name;
  return ctx;
}

std::string T(const PageContext& ctx, std::string_view key,
              const std::map<std::string, std::string>& args) {
  return Catalog::Get().T(ctx.lang, key, args);
}

Response NotFoundPage(const Request& req, const WebDeps& deps) {
  PageContext ctx = Context(req, deps, "error.not_found.title");
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", Catalog::Get().T(ctx.lang, "error.not_found.body"));
  return RenderPage(req, ctx, "error", std::move(d), 404);
}

Response RefusalPage(const Request& req, const WebDeps& deps, int status) {
  const bool signed_out = status == 401;
  PageContext ctx =
      Context(req, deps, signed_out ? "error.signed_out.title" : "error.forbidden.title");
  if (req.method != Method::kGet) ctx.path = "/";  // the language switch must lead to a page
  const Catalog& c = Catalog::Get();
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  if (signed_out) {
    d.set("message", c.T(ctx.lang, "error.signed_out.body"));
    d.set("action_href", "/dang-nhap");
    d.set("action_label", c.T(ctx.lang, "error.sign_in"));
  } else {
    d.set("message", c.T(ctx.lang, req.method == Method::kGet ? "error.forbidden.body"
                                                              : "error.form_expired.body"));
  }
  return RenderPage(req, ctx, "error", std::move(d), status);
}

Response TooLargePage(const Request& req, const WebDeps& deps, uint64_t limit_bytes) {
  PageContext ctx = Context(req, deps, "error.too_large.title");
  if (req.method != Method::kGet) ctx.path = "/";  // the language switch must lead to a page
  auto size = [](double bytes) {
    return bytes >= 1024 * 1024 ? fmt::format("{:g} MB", bytes / (1024.0 * 1024.0))
                                : fmt::format("{:g} KB", std::max(1.0, bytes / 1024.0));
  };
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message",
        Catalog::Get().T(ctx.lang, "error.too_large.body",
                         {{"limit", size(static_cast<double>(limit_bytes))},
                          {"file_limit", size(deps.files ? deps.files->options().max_bytes
                                                         : static_cast<double>(limit_bytes))}}));
  return RenderPage(req, ctx, "error", std::move(d), 413);
}

Status RegisterWebRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, "/", "public", [deps](Request& r) { return HomePage(deps, r); }},
      {Method::kGet, "/static/{path...}", "public", [](Request& r) { return ServeStatic(r); }},
      {Method::kGet, "/dang-nhap", "public", [deps](Request& r) { return LoginPage(deps, r); }},
      {Method::kPost, "/dang-nhap", "public", [deps](Request& r) { return LoginSubmit(deps, r); }},
      {Method::kGet, "/dang-nhap-cong-dan", "public",
       [deps](Request& r) { return ResidentSignInPage(deps, r); }},
      {Method::kPost, "/dang-xuat", "signed_in",
       [deps](Request& r) { return LogoutSubmit(deps, r); }},
      {Method::kGet, "/procedures", "public",
       [deps](Request& r) { return ProcedureSearchPage(deps, r); }},
      {Method::kGet, "/procedures/{code}", "public",
       [deps](Request& r) { return ProcedurePage(deps, r); }},
      {Method::kGet, "/thu-tuc", "public",
       [deps](Request& r) { return ProcedureSearchPage(deps, r); }},
      {Method::kGet, "/thu-tuc/{code}", "public", [deps](Request& r) { return ProcedurePage(deps, r); }},
      {Method::kGet, "/tra-cuu", "public", [deps](Request& r) { return LookupFormPage(deps, r); }},
      {Method::kGet, "/tra-cuu/{code}", "public", [deps](Request& r) { return LookupPage(deps, r); }},
      {Method::kPost, "/tra-cuu", "public",
       [deps](Request& r) { return LookupByPersonSubmit(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  MOTCUA_RETURN_IF_ERROR(RegisterPortalRoutes(router, deps));
  MOTCUA_RETURN_IF_ERROR(RegisterDeskRoutes(router, deps));
  MOTCUA_RETURN_IF_ERROR(RegisterAdminRoutes(router, deps));
  MOTCUA_RETURN_IF_ERROR(RegisterDigitiseRoutes(router, deps));
  MOTCUA_RETURN_IF_ERROR(RegisterFloorRoutes(router, deps));
  MOTCUA_RETURN_IF_ERROR(RegisterLodgingRoutes(router, deps));
  if (deps.community) MOTCUA_RETURN_IF_ERROR(RegisterCommunityRoutes(router, deps));
  return Status::Ok();
}

}  // namespace motcua::web

#include "web/auth/auth_pages.h"

#include <spdlog/spdlog.h>

#include "base/hash.h"
#include "base/text.h"
#include "http/url.h"
#include "service/identity/identity_service.h"
#include "service/platform/principal.h"
#include "service/platform/system_service.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Request;
using http::Response;

namespace {

constexpr char kPreCsrfCookie[] = "motcua_precsrf";

PageContext Ctx(const WebDeps& deps, const Request& req, const char* title_key) {
  return BasePageContext(req, deps, title_key);
}

std::string Cookie(const std::string& name, const std::string& value, bool tls, int max_age) {
  return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "") +
         "; Max-Age=" + std::to_string(max_age);
}

// `asked` is the page to return to after signing in, as asked (not yet checked: IsSafeLocalPath
// decides): the query's `next` on the page, the form's on a submission.
Response RenderLogin(const WebDeps& deps, const Request& req, const std::string& asked,
                     const std::string& error_key, const std::string& error_field,
                     const std::string& username, int status) {
  PageContext ctx = Ctx(deps, req, "login.title");
  std::string token = Env::Default().RandomHex(16);
  Data d{Data::type::object};
  d.set("csrf", token);
  d.set("username", username);
  // Residents sign in through VNeID (OpenID Connect), returning to the page they asked for.
  // The page asked for is carried through the form (a hidden field), so a refused attempt and the
  // successful one still return there.
  if (IsSafeLocalPath(asked)) d.set("next", asked);
  std::string next = SafeLocalPathOr(asked, "/ho-so-cua-toi");
  if (next.starts_with("/can-bo")) next = "/ho-so-cua-toi";
  d.set("resident_href", "/auth/oidc/start?return_to=" + http::PercentEncode(next));
  if (!error_key.empty()) {
    d.set("error", Catalog::Get().T(ctx.lang, error_key));
    d.set("error_field", error_field);
  }
  Response r = RenderPage(req, ctx, "login", d, status);
  r.headers.emplace_back("Set-Cookie", Cookie(kPreCsrfCookie, token, deps.tls, 3600));
  return r;
}

}  // namespace

Response ResidentSignInPage(const WebDeps& deps, Request& req) {
  const std::string next = SafeLocalPathOr(req.Query("next"), "/ho-so-cua-toi");
  const auto* p = req.ContextAs<service::Principal>();
  if (p && p->kind == service::Principal::Kind::kResident) return Response::Redirect(next);
  PageContext ctx = Ctx(deps, req, "login.resident_title");
  Data d{Data::type::object};
  d.set("resident_href", "/auth/oidc/start?return_to=" +
                             http::PercentEncode(next.starts_with("/can-bo") ? "/ho-so-cua-toi"
                                                                             : next));
  return RenderPage(req, ctx, "login_resident", std::move(d));
}

Response LoginPage(const WebDeps& deps, Request& req) {
  if (const auto* p = req.ContextAs<service::Principal>(); p && p->signed_in()) {
    return Response::Redirect("/can-bo");
  }
  return RenderLogin(deps, req, req.Query("next"), "", "", "", 200);
}

Response LoginSubmit(const WebDeps& deps, Request& req) {
  auto form = http::ParseQuery(req.body);
  auto field = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  std::string username = field("username");
  const std::string asked = form.count("next") ? field("next") : req.Query("next");
  auto pre = req.Cookie(kPreCsrfCookie);
  if (!pre || pre->empty() || !ConstantTimeEquals(*pre, field("_csrf"))) {
    return RenderLogin(deps, req, asked, "login.expired", "username", username, 400);
  }
  if (username.empty() || field("password").empty()) {
    return RenderLogin(deps, req, asked, "login.missing",
                       username.empty() ? "username" : "password", username, 400);
  }
  auto s = deps.identity->Login({username, field("password"), field("totp_code"), req.remote_ip});
  if (!s.ok()) {
    switch (s.status().code()) {
      case Code::kResourceExhausted:
        return RenderLogin(deps, req, asked, "login.locked", "username", username, 429);
      case Code::kUnauthenticated:
        if (s.status().reason() == service::kTotpRequired) {
          return RenderLogin(deps, req, asked, "login.need_totp", "totp_code", username, 401);
        }
        return RenderLogin(deps, req, asked, "login.wrong", "password", username, 401);
      case Code::kUnavailable:
        return RenderLogin(deps, req, asked, "login.busy", "username", username, 503);
      default:
        return RenderLogin(deps, req, asked, "login.wrong", "password", username, 401);
    }
  }
  const std::string next = SafeLocalPathOr(asked, "/can-bo");
  Response r = Response::Redirect(next);
  r.headers.emplace_back("Set-Cookie",
                         "motcua_session=" + s->token + "; Path=/; HttpOnly; SameSite=Lax" +
                             (deps.tls ? "; Secure" : "") + "; Max-Age=" +
                             std::to_string(deps.identity->options().session_absolute_ms / 1000));
  r.headers.emplace_back("Set-Cookie", Cookie(kPreCsrfCookie, "", deps.tls, 0));
  // A language chosen in this browser wins over the one stored on the account, and is stored
  // (issue 23, point 10); without one, the language the officer chose last, on whichever
  // browser, applies here too.
  if (auto chosen = req.Cookie(kLangCookie); chosen && Catalog::Get().Has(*chosen)) {
    if (*chosen != s->principal.lang) {
      Status st = deps.identity->SetLanguage(s->principal, *chosen);
      if (!st.ok()) spdlog::warn("web: {}", st.message());
    }
  } else if (Catalog::Get().Has(s->principal.lang)) {
    r.headers.emplace_back("Set-Cookie", service::LanguageCookie(s->principal.lang, deps.tls));
  }
  return r;
}

Response LogoutSubmit(const WebDeps& deps, Request& req) {
  if (auto c = req.Cookie("motcua_session")) (void)deps.identity->Logout(*c);
  Response r = Response::Redirect("/");
  r.headers.emplace_back("Set-Cookie",
                         "motcua_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  return r;
}

Response DeskPage(const WebDeps& deps, Request& req) {
  const auto* p = req.ContextAs<service::Principal>();
  PageContext ctx = Ctx(deps, req, "desk.title");
  Data d{Data::type::object};
  d.set("signed_in_as", Catalog::Get().T(ctx.lang, "desk.signed_in_as",
                                         {{"name", p->display_name + " (" + p->username + ")"}}));
  d.set("csrf", p->csrf);
  d.set("needs_totp", p->needs_totp);
  Data grants{Data::type::list};
  for (const auto& g : p->grants) {
    Data item{Data::type::object};
    item.set("role_label",
             Catalog::Get().T(ctx.lang, "role." + std::string(authz::RoleName(g.role))));
    item.set("unit", g.unit_code);
    grants.push_back(item);
  }
  d.set("grants", grants);
  return RenderPage(req, ctx, "desk", d);
}

}  // namespace motcua::web

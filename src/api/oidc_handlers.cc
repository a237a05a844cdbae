#include "api/oidc_handlers.h"

#include "api/json_util.h"
#include "http/problem.h"

namespace motcua::api {

http::Response HandleOidcStart(const OidcDeps& d, http::Request& req) {
  if (!d.oidc || !d.oidc->enabled())
    return http::ProblemFromStatus(Status::Unavailable(
        "resident sign-in is not configured on this server; ask the centre to set oidc_issuer"));
  auto url = d.oidc->Begin(req.Query("return_to"));
  if (!url.ok()) return http::ProblemFromStatus(url.status());
  http::Response r;
  r.status = 302;
  r.SetHeader("Location", *url);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response HandleOidcCallback(const OidcDeps& d, http::Request& req) {
  if (!d.oidc || !d.oidc->enabled())
    return http::ProblemFromStatus(Status::Unavailable("resident sign-in is not configured"));
  if (!req.Query("error").empty())
    return http::ProblemFromStatus(Status::InvalidArgument(
        "the identity provider did not sign you in (" + req.Query("error") + "); try again",
        {{"error", req.Query("error")}}));
  std::string return_to = "/";
  auto id = d.oidc->Complete(req.Query("state"), req.Query("code"), &return_to);
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  auto s = d.auth.identity->SignInResident(id->subject, id->id_number, id->name, id->level2);
  if (!s.ok()) return http::ProblemFromStatus(s.status());
  http::Response r;
  r.status = 302;
  r.SetHeader("Location", return_to);
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Set-Cookie", SessionCookie(s->token, d.auth.tls,
                                          d.auth.identity->options().session_absolute_ms / 1000));
  // A language chosen in this browser wins over the one stored on the account, and is stored
  // (issue 23, point 10); without one, the language the resident chose last, on whichever
  // browser, applies here too.
  if (auto chosen = req.Cookie(service::kLanguageCookie); chosen && !chosen->empty()) {
    if (*chosen != s->principal.lang) {
      (void)d.auth.identity->SetLanguage(s->principal, *chosen);  // refuses what is no language
    }
  } else if (!s->principal.lang.empty()) {
    r.headers.emplace_back("Set-Cookie", service::LanguageCookie(s->principal.lang, d.auth.tls));
  }
  return r;
}

}  // namespace motcua::api

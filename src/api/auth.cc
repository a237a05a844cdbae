#include "api/auth.h"

#include "base/hash.h"
#include "http/problem.h"
#include "http/multipart.h"
#include "http/url.h"

namespace motcua::api {

using service::Principal;

namespace {

const Principal& Anonymous() {
  static const Principal* p = new Principal();
  return *p;
}

bool StateChanging(http::Method m) {
  return m == http::Method::kPost || m == http::Method::kPut || m == http::Method::kPatch ||
         m == http::Method::kDelete;
}

bool IsPage(const http::Request& req) {
  auto accept = req.Header("accept");
  return !req.path.starts_with("/api/") && accept &&
         accept->find("text/html") != std::string_view::npos;
}

http::Response Refuse(const Status& st) {
  http::Response r = http::ProblemFromStatus(st);
  if (st.code() == Code::kUnauthenticated) r.SetHeader("WWW-Authenticate", "Bearer, Cookie");
  return r;
}

}  // namespace

const Principal& PrincipalOf(const http::Request& req) {
  const Principal* p = req.ContextAs<Principal>();
  return p ? *p : Anonymous();
}

std::string SessionCookie(const std::string& token, bool tls, int64_t max_age_s) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" +
         (tls ? "; Secure" : "") + "; Max-Age=" + std::to_string(token.empty() ? 0 : max_age_s);
}

Result<authz::UnitRef> TargetUnit(const AuthDeps& deps, const http::Request& req,
                                  const std::string& param) {
  std::string code = req.Param(param);
  if (code.empty()) code = req.Query(param);
  if (code.empty()) {
    return Status::InvalidArgument("say which unit: the '" + param + "' parameter is required",
                                   {{param, "required"}});
  }
  return deps.identity->ResolveUnit(code);
}

std::optional<http::Response> Authorize(const AuthDeps& deps, http::Request& req,
                                        const http::Route& route) {
  const std::string& rule = route.permission;
  if (rule == "metrics") return std::nullopt;
  if (rule == "test") {
    if (deps.test_endpoints) return std::nullopt;
    return Refuse(Status::PermissionDenied("test endpoints are off"));
  }

  // Resolve who is calling.
  std::optional<Principal> principal;
  bool by_cookie = false;
  Status session_problem = Status::Unauthenticated("sign in first (đăng nhập trước khi tiếp tục)");
  if (auto auth = req.Header("authorization"); auth && auth->starts_with("Bearer ")) {
    auto p = deps.identity->AuthenticateBearer(std::string(auth->substr(7)));
    if (!p.ok()) return Refuse(p.status());
    principal = std::move(*p);
  } else if (auto cookie = req.Cookie(kSessionCookie); cookie && !cookie->empty()) {
    auto p = deps.identity->Authenticate(*cookie);
    if (p.ok()) {
      principal = std::move(*p);
      by_cookie = true;
    } else {
      session_problem = p.status();  // e.g. "your session has ended; sign in again"
    }
  }
  if (principal) req.context = std::make_shared<Principal>(*principal);
  const Principal& who = PrincipalOf(req);

  // CSRF for cookie-authenticated changes.
  if (by_cookie && StateChanging(req.method)) {
    std::string sent(req.Header("x-csrf-token").value_or(""));
    if (sent.empty()) {
      auto ct = req.Header("content-type");
      if (ct && ct->starts_with("application/x-www-form-urlencoded")) {
        auto form = http::ParseQuery(req.body);
        auto it = form.find("_csrf");
        if (it != form.end()) sent = it->second;
      } else if (ct && http::MultipartBoundary(*ct)) {  // a form with file inputs
        auto parts = http::ParseMultipartRequest(req);
        if (parts.ok()) {
          if (const auto* f = http::FindField(*parts, "_csrf")) sent = f->body;
        }
      }
    }
    if (sent.empty() || !ConstantTimeEquals(sent, who.csrf)) {
      return Refuse(Status::PermissionDenied(
          "the form is missing its security token or it has expired; reload the page and try "
          "again"));
    }
  }

  if (rule == "public") return std::nullopt;
  if (!who.signed_in() && IsPage(req) && req.method == http::Method::kGet) {
    // Residents' pages lead to the residents' sign-in (VNeID only), the others to the officers'.
    return http::Response::Redirect((rule == "resident" ? "/dang-nhap-cong-dan?next="
                                                        : "/dang-nhap?next=") +
                                    http::PercentEncode(req.path));
  }
  if (!who.signed_in()) return Refuse(session_problem);
  if (rule == "signed_in") return std::nullopt;
  if (rule == "officer") {  // any officer, even one who still has to set up a second factor
    if (who.kind == Principal::Kind::kUser) return std::nullopt;
    return Refuse(Status::PermissionDenied("this is for officers"));
  }
  if (rule == "resident") {
    if (who.kind == Principal::Kind::kResident) return std::nullopt;
    return Refuse(Status::PermissionDenied("this is for residents signed in with VNeID"));
  }
  if (rule.starts_with("perm:")) {
    std::string perm = rule.substr(5);
    std::optional<authz::UnitRef> target;
    if (size_t at = perm.find('@'); at != std::string::npos) {
      auto unit = TargetUnit(deps, req, perm.substr(at + 1));
      perm.resize(at);
      if (!unit.ok()) {
        // An unknown unit is refused like a foreign one: no probing for which units exist.
        return Refuse(Status::PermissionDenied("you have no permission for this unit"));
      }
      target = *unit;
    }
    Status st = who.Check(perm, target);
    if (!st.ok()) return Refuse(st);
    return std::nullopt;
  }
  return Refuse(Status::PermissionDenied("this route has no usable permission rule"));
}

}  // namespace motcua::api

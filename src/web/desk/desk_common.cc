#include "web/desk/desk_common.h"

#include "web/kit/i18n.h"
#include "web/kit/view.h"

namespace motcua::web::desk {

using http::Method;
using http::Request;
using http::Response;
using service::Principal;

PageContext Ctx(const WebDeps& deps, const Request& req, const std::string& title_key,
                const std::map<std::string, std::string>& args) {
  return BasePageContext(req, deps, title_key, args);
}

const Principal& Who(const Request& req) {
  static const Principal anonymous;
  const auto* p = req.ContextAs<Principal>();
  return p ? *p : anonymous;
}

// A plain page for a refusal, a missing dossier or a conflict, in the visitor's language.
Response Plain(const WebDeps& deps, const Request& req, int status, const std::string& heading_key,
               const std::string& message, const std::string& back_href) {
  PageContext ctx = Ctx(deps, req, heading_key);
  if (req.method != Method::kGet) ctx.path = back_href.empty() ? "/can-bo" : back_href;
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", message);
  if (!back_href.empty()) {
    d.set("action_href", back_href);
    d.set("action_label", T(ctx, "desk.reload"));
  }
  return RenderPage(req, ctx, "error", std::move(d), status);
}

Response StatusPage(const WebDeps& deps, const Request& req, const Status& st,
                    const std::string& back_href) {
  const std::string lang = ChooseLanguage(req, deps.default_lang);
  const Catalog& c = Catalog::Get();
  switch (st.code()) {
    case Code::kNotFound:
      return Plain(deps, req, 404, "desk.not_found.title", c.T(lang, "desk.not_found.body"));
    case Code::kPermissionDenied:
    case Code::kUnauthenticated:
      return Plain(deps, req, 403, "error.forbidden.title", c.T(lang, "desk.forbidden.body"));
    case Code::kConflict:
    case Code::kPreconditionFailed:  // the form's version is stale: a page, not an API, so 409
      return Plain(deps, req, 409, "desk.conflict.title", c.T(lang, "desk.conflict.body"),
                   back_href);
    case Code::kFailedPrecondition:
      return Plain(deps, req, 409, "desk.not_now.title", c.T(lang, "desk.not_now.body"),
                   back_href);
    default:
      return Plain(deps, req, 500, "error.generic.title",
                   c.T(lang, "error.generic.body", {{"request_id", req.request_id}}));
  }
}


}  // namespace motcua::web::desk

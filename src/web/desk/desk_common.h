// What the desk's pages share: the page context, the signed-in officer, and the plain pages for a
// refusal, a missing dossier or a conflict. Internal to web/desk.
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "http/message.h"
#include "service/platform/principal.h"
#include "web/kit/page_context.h"
#include "web/pages.h"

namespace motcua::web::desk {

// The page context of a desk page titled by `title_key`.
PageContext Ctx(const WebDeps& deps, const http::Request& req, const std::string& title_key,
                const std::map<std::string, std::string>& args = {});

// The signed-in officer (an anonymous principal if none).
const service::Principal& Who(const http::Request& req);

// A plain page for a refusal, a missing dossier or a conflict, in the visitor's language.
http::Response Plain(const WebDeps& deps, const http::Request& req, int status,
                     const std::string& heading_key, const std::string& message,
                     const std::string& back_href = "");

// The page for a failed Status: 404, 403, 409 (stale or not now) or 500.
http::Response StatusPage(const WebDeps& deps, const http::Request& req, const Status& st,
                          const std::string& back_href = "");

// Counter intake (desk_intake_pages.cc).
http::Response IntakePage(const WebDeps& deps, http::Request& req);
http::Response IntakeSubmit(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web::desk

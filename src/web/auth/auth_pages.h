// Officer sign-in and sign-out pages, and the desk landing page.
#pragma once

#include "http/message.h"
#include "web/pages.h"

namespace motcua::web {

// GET /dang-nhap-cong-dan?next=: the residents' sign-in page, VNeID only (a signed-in resident is
// sent on to `next`).
http::Response ResidentSignInPage(const WebDeps& deps, http::Request& req);
http::Response LoginPage(const WebDeps& deps, http::Request& req);
http::Response LoginSubmit(const WebDeps& deps, http::Request& req);
http::Response LogoutSubmit(const WebDeps& deps, http::Request& req);
http::Response DeskPage(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web
